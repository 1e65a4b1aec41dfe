"""Hypothesis settings shared by the property tests.

The default run is derandomized: CI draws the same examples every time, so a red build always
means a change broke something, never that a new random draw found an old bug. `make fuzz`
(CJM_FUZZ=N) draws fresh random examples, N times as many, to hunt for new counter-examples;
each one found becomes an `@example` beside its property.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

FUZZ = max(0, int(os.environ.get("CJM_FUZZ", "0") or 0))


def examples(count: int) -> settings:
    """Settings for a property test drawing `count` examples (times CJM_FUZZ when fuzzing)."""
    return settings(
        max_examples=count * FUZZ if FUZZ else count,
        deadline=None,
        derandomize=not FUZZ,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
