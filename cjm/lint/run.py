"""`cjm lint` as a plain function: every journey through the input stage, then the rules."""

from __future__ import annotations

from collections.abc import Sequence

from cjm.inputs import collect
from cjm.lint.engine import LintOptions, enabled_rules, lint_loaded, validate_ignores
from cjm.lint.report import LintReport
from cjm.rules import Rule


def run(
    paths: Sequence[str],
    options: LintOptions,
    *,
    config: str | None = None,
    only_journeys: bool = False,
    metrics: str | None = None,
) -> LintReport:
    """Lint every journey named by paths (files, directories, '-').

    Raises ValueError for an --ignore of CJM001–CJM006 and InputProblem (exit 2) for
    inputs that cannot be used; a CSV row that matches no given journey is one of those
    when every journey is valid.
    """
    validate_ignores(options.ignore)
    inputs = collect(paths, config=config, only_journeys=only_journeys, metrics=metrics)
    findings = []
    rules_for: dict[int, list[Rule]] = {}
    for file in inputs.files:
        if id(file.config) not in rules_for:  # one selection per config, not per file
            rules_for[id(file.config)] = enabled_rules(file.config, options)
        findings.extend(lint_loaded(file.loaded, file.config, options, rules_for[id(file.config)]))
    findings.sort()
    return LintReport(files=len(inputs.files), findings=findings, inputs=inputs.input_paths())
