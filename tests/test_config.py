"""`.cjm.yaml`: discovery, defaults, validation (SPEC §3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.config import DEFAULT, ConfigError, ConfigResolver, find_config, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    """The scoring defaults of SPEC §4.2 (model v2)."""
    assert DEFAULT.review_every_days == 180
    score = DEFAULT.score
    assert score.signals.model_dump() == {"negativity": 0.5, "gap": 0.5, "csat": 0.5, "nps": 0.5, "ces": 0.5}
    assert (score.pain_severity, score.pain_floor, score.pain_share, score.truth_delight) == (0.2, 0.1, 0.1, 0.5)
    assert (score.bands.good, score.bands.fair, score.key_moments) == (70, 40, 5)
    assert DEFAULT.limits.file_mb == 5
    assert DEFAULT.lint.select == ["ALL"]


def test_nearest_config_wins_up_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    top = write(tmp_path / ".cjm.yaml", "review_every_days: 90\n")
    inner = write(tmp_path / "a" / "b" / ".cjm.yaml", "review_every_days: 30\n")
    (tmp_path / "a" / "c").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b") == inner
    assert find_config(tmp_path / "a" / "c") == top
    resolver = ConfigResolver()
    assert resolver.for_path(str(tmp_path / "a" / "b" / "j.yaml")).review_every_days == 30
    assert resolver.for_path(str(tmp_path / "a" / "c" / "j.yaml")).review_every_days == 90


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".cjm.yaml", "review_every_days: 90\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "maps").mkdir()
    assert find_config(tmp_path / "repo" / "maps") is None


def test_explicit_config_applies_to_all(tmp_path: Path) -> None:
    explicit = write(tmp_path / "team.yaml", "review_every_days: 7\n")
    write(tmp_path / "x" / ".cjm.yaml", "review_every_days: 30\n")
    assert ConfigResolver(str(explicit)).for_path(str(tmp_path / "x" / "j.yaml")).review_every_days == 7


def test_partial_score_mapping_merges_with_the_defaults(tmp_path: Path) -> None:
    text = "score:\n  signals: {csat: 0.8}\n  pain_severity: 0.3\n  bands: {good: 80}\n"
    score = load_config(write(tmp_path / ".cjm.yaml", text)).score
    assert score.signals.model_dump() == {"negativity": 0.5, "gap": 0.5, "csat": 0.8, "nps": 0.5, "ces": 0.5}
    assert (score.pain_severity, score.pain_floor, score.pain_share, score.truth_delight) == (0.3, 0.1, 0.1, 0.5)
    assert (score.bands.good, score.bands.fair, score.key_moments) == (80, 40, 5)


@pytest.mark.parametrize(
    ("text", "where", "v2"),
    [
        ("score:\n  weights: {gap: 0.5}\n", ":2:3:", "signals"),
        ("score:\n  key_moments: 3\n  pain_threshold: 30\n", ":3:3:", "pain_severity"),
        ("score: {truth_threshold: 40}\n", ":1:9:", "truth_delight"),
    ],
)
def test_v1_score_keys_are_one_error_at_the_key_naming_the_v2_key(
    tmp_path: Path, text: str, where: str, v2: str
) -> None:
    path = write(tmp_path / ".cjm.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path.as_posix()}{where}"), message
    assert "scoring model v1" in message and f"'{v2}'" in message


def test_empty_config_is_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / ".cjm.yaml", "# nothing yet\n")) == DEFAULT


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("review_every_days: 90\nlintt: {}\n", ":2:1:", "unknown key 'lintt'; did you mean 'lint'?"),
        ("limit: {file_mb: 1}\n", ":1:1:", "unknown key 'limit'; did you mean 'limits'?"),
        ("lint:\n  selct: [CJM1]\n", ":2:3:", "lint: unknown key 'selct'; did you mean 'select'?"),
        ("cjm: 1\n", ":1:1:", "unknown key 'cjm'"),  # a journey key: no "did you mean 'cjm'?"
        ("lint: {~: 1}\n", ":1:8:", "lint: the key null (empty) is not text; keys are names such as 'lint'"),
        ("score:\n  pain_severity: 1.2\n", ":2:18:", "less than or equal to 1"),
        ("score:\n  signals: {gap: -0.1}\n", ":2:18:", "greater than or equal to 0"),
        ("score:\n  signals: {speed: 0.1}\n", ":2:13:", "speed"),
        ("score:\n  bands: {good: 101}\n", ":2:17:", "less than or equal to 100"),
        ("score:\n  bands: {good: 30}\n", ":2:11:", "must be above fair"),
        ("score:\n  key_moments: -1\n", ":2:16:", "greater than or equal to 0"),
        ("lint:\n  ignore: [CJM002]\n", ":2:11:", "cannot be ignored"),
        ("lint:\n  ignore: [CJM00]\n", ":2:11:", "cannot be ignored"),
        ("lint:\n  severity: {CJM001: warning}\n", ":2:14:", "cannot be downgraded"),
        ("lint:\n  select: [pain]\n", ":2:11:", "unknown rule 'pain'"),
        ("lint:\n  ignore: [CJM999]\n", ":2:11:", "unknown rule 'CJM999'"),
        ("lint:\n  ignore: CJM108\n", ":2:11:", "expected a list"),
        ("lint:\n  severity: {CJM1: error}\n", ":2:14:", "not one rule"),
        ("limits: {file_mb: 0}\n", ":1:19:", "greater than 0"),
        ("review_every_days: 1\nreview_every_days: 2\n", ":2:1:", "duplicate key"),
        ("lint: [\n", ":2:1:", "YAML"),
    ],
)
def test_bad_config_is_one_positioned_error(tmp_path: Path, text: str, where: str, words: str) -> None:
    path = write(tmp_path / ".cjm.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path.as_posix()}{where}"), message
    assert words in message
    assert "\n" not in message
    assert "x-" not in message and "did you mean 'cjm'" not in message, "hints come from the config's keys"


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        ConfigResolver(str(tmp_path / "nope.yaml"))


def test_rule_selectors_take_codes_prefixes_and_names_in_any_case(tmp_path: Path) -> None:
    text = "lint:\n  select: [cjm1, no-owner]\n  ignore: [Persona-Unused]\n  severity: {cjm105: error}\n"
    config = load_config(write(tmp_path / ".cjm.yaml", text))
    assert config.lint.select == ["CJM1", "CJM103"]
    assert config.lint.ignore == ["CJM113"]
    assert config.lint.severity == {"CJM105": "error"}
