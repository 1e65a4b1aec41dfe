"""CJM115: a suppression comment that suppresses nothing (reported by the engine, cjm/lint/engine.py)."""

from cjm.codes import SUPPRESSION_CODE
from cjm.rules.registry import describe

describe(
    SUPPRESSION_CODE,
    "unused-suppression",
    "info",
    """A `# cjm: ignore[...]` or `# cjm: ignore-file[...]` comment suppresses nothing.

    Why: A suppression records a decision: this finding is known and accepted. When
    the map changes (the touchpoint got an owner, the pain point got an action) the
    comment stays behind and would silently hide the next real problem on that line.
    A living document keeps its exceptions current, so stale ones are reported and
    cleaned up. Suppressions of CJM001–CJM006 or of codes that do not exist never
    suppress anything and are reported too. Codes of rules that did not run (not
    selected, or ignored) are not judged.

    Fails:
        touchpoints:
          - id: invoice  # cjm: ignore[CJM103]
            stage: pay
            owner: Finance

    Passes:
        touchpoints:
          - id: invoice
            stage: pay
            owner: Finance

    Fix: Delete the comment, or the code that no longer applies from its list. A
    suppression belongs on the first line of the item the finding points to (the line
    `cjm lint` shows).
    """,
)
