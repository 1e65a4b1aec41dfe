"""`.cjm.yaml`: discovery (nearest in the directory or above, up to the repository root) and validation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from cjm.codes import CORE_CODES, covers_core
from cjm.errors import JobError
from cjm.load import InputError, TextProblem, decode, read_bytes, schema_findings
from cjm.rules import get_rule, normalize_selector
from cjm.scoring import V1_KEYS, ScoreSettings
from cjm.source import SourceMap, format_loc
from cjm.yamlsafe import YamlProblem, parse

CONFIG_NAME = ".cjm.yaml"


class ConfigError(JobError):
    """A bad configuration: one line with file:line:column, exit 2."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class LintConfig(_Section):
    """Which rules run and how severe they are."""

    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)

    @field_validator("select", "ignore")
    @classmethod
    def _selectors(cls, value: list[str]) -> list[str]:
        return [normalize_selector(selector) for selector in value]

    @field_validator("ignore")
    @classmethod
    def _core_not_ignored(cls, value: list[str]) -> list[str]:
        for selector in value:
            if covers_core(selector):
                raise ValueError(f"{selector} would ignore CJM001–CJM006, which cannot be ignored")
        return value

    @field_validator("severity")
    @classmethod
    def _core_not_downgraded(cls, value: dict[str, str]) -> dict[str, str]:
        levels = {}
        for text, level in value.items():
            code = normalize_selector(text)
            if get_rule(code) is None:
                raise ValueError(f"{text!r} is not one rule: name a single code such as CJM105")
            if code in CORE_CODES and level != "error":
                raise ValueError(f"{code} is always an error; CJM001–CJM006 cannot be downgraded")
            levels[code] = level
        return levels


class Limits(_Section):
    """Input limits."""

    file_mb: float = Field(5.0, gt=0, le=100, strict=True)  # capped: a config cannot lift limits past the machine


class Config(_Section):
    """The whole `.cjm.yaml`."""

    review_every_days: int = Field(180, ge=1, strict=True)
    lint: LintConfig = Field(default_factory=LintConfig)
    score: ScoreSettings = Field(default_factory=ScoreSettings)
    limits: Limits = Field(default_factory=Limits)

    @model_validator(mode="before")
    @classmethod
    def _not_empty_document(cls, data: object) -> object:
        return {} if data is None else data


DEFAULT = Config()


def load_config(path: str | Path, shown: str | None = None) -> Config:
    """Read and validate one config file; ConfigError with file:line:column (at `shown`, else path) when bad."""
    shown = (shown or str(path)).replace("\\", "/")
    try:
        data = read_bytes(str(path))
    except TextProblem as exc:
        raise ConfigError(f"{shown}:{exc.line}:{exc.column}: {exc.message}") from None
    except InputError as exc:
        raise ConfigError(f"cannot read the config: {exc}") from None
    return config_from_bytes(data, shown)


def config_from_bytes(raw: bytes, shown: str) -> Config:
    """Validate a config's bytes (a file, or a file as it was at a git revision); ConfigError when bad."""
    try:
        text = decode(raw)
        data = parse(text)
    except TextProblem as exc:
        raise ConfigError(f"{shown}:{exc.line}:{exc.column}: {exc.message}") from None
    except YamlProblem as exc:
        message = f"{format_loc(exc.loc)}: {exc.message}" if exc.loc else exc.message
        raise ConfigError(f"{shown}:{exc.line + 1}:{exc.column + 1}: {message}") from None
    source = SourceMap(data, text)
    _refuse_v1_keys(data, source, shown)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = schema_findings(exc, source, shown, model=Config)[0]
        message = first.message.removeprefix("config: ")
        raise ConfigError(f"{first.path}:{first.line}:{first.column}: {message}") from None


def _refuse_v1_keys(data: object, source: SourceMap, shown: str) -> None:
    """A v1 scoring key (`weights`, `pain_threshold`, `truth_threshold`) is exit 2 at that key, naming the v2 key."""
    score = data.get("score") if isinstance(data, dict) else None
    if not isinstance(score, dict):
        return
    for old, new in V1_KEYS.items():
        if old in score:
            line, column = source.position(("score", old), key=True)
            raise ConfigError(
                f"{shown}:{line}:{column}: score: '{old}' belongs to scoring model v1; model v2 uses '{new}' instead"
                " (see the README's scoring model)"
            )


def find_config(start: Path) -> Path | None:
    """The nearest `.cjm.yaml` in start's directory or above, up to the repository root."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


class ConfigResolver:
    """Config for each journey: `--config FILE` for all, else the nearest file, cached."""

    def __init__(self, explicit: str | None = None) -> None:
        self._explicit = load_config(explicit) if explicit else None
        self._cache: dict[Path, Config] = {}
        self._found: dict[str, Path | None] = {}
        self.files: list[str] = [explicit] if explicit else []  # every config file read: inputs of the run

    def for_path(self, path: str) -> Config:
        """The config that applies to a journey at path ('-': the current directory)."""
        if self._explicit is not None:
            return self._explicit
        directory = "." if path == "-" else str(Path(path).parent)
        if directory not in self._found:  # one search per directory and run
            self._found[directory] = find_config(Path(directory))
        found = self._found[directory]
        if found is None:
            return DEFAULT
        if found not in self._cache:
            # named as found from the directory given: `maps/.cjm.yaml`, `maps/../.cjm.yaml` → `.cjm.yaml`
            shown = os.path.normpath(os.path.join(directory, os.path.relpath(found, Path(directory).resolve())))
            if os.path.realpath(shown) != str(found):  # `..` through a symlinked directory leads elsewhere
                shown = os.path.relpath(found)
            self._cache[found] = load_config(found, shown)
            self.files.append(str(found))
        return self._cache[found]
