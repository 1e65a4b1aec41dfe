"""`cjm diff --format json`: exactly the shape of SPEC §4.3, full precision, no paths inside `changes`."""

from __future__ import annotations

from typing import Any

from cjm.diff.report import Change, DiffReport, DiffView, Drift, JourneyDiff
from cjm.display import json_document


def change_dict(change: Change) -> dict[str, Any]:
    """One change: kind, id, op, old_id (renames only) and the changed fields as {old, new}."""
    out: dict[str, Any] = {"kind": change.kind, "id": change.id, "op": change.op}
    if change.old_id is not None:
        out["old_id"] = change.old_id
    out["fields"] = {name: {"old": f.old, "new": f.new} for name, f in change.fields.items()}
    return out


def drift_dict(drift: Drift) -> dict[str, Any]:
    """The score drift: health, weakest link, customers at stake (per period), pain lists and key moments (ids)."""
    return {
        "health": {"old": drift.health_old, "new": drift.health_new, "delta": drift.health_delta},
        "weakest": {
            "old": {"stage": drift.weakest_old.stage, "touchpoint": drift.weakest_old.touchpoint},
            "new": {"stage": drift.weakest_new.stage, "touchpoint": drift.weakest_new.touchpoint},
        },
        "at_stake": {
            "weakest": {"old": drift.at_stake_weakest_old, "new": drift.at_stake_weakest_new},
            "fix_first": [{"id": row.id, "old": row.old, "new": row.new} for row in drift.at_stake_fix_first],
        },
        "new_pain": list(drift.new_pain),
        "resolved_pain": list(drift.resolved_pain),
        "removed_pain": list(drift.removed_pain),
        "key_moments": {"added": list(drift.key_moments_added), "removed": list(drift.key_moments_removed)},
        "personas": [
            {
                "id": p.id,
                "health": {"old": p.health_old, "new": p.health_new},
                "new_pain": list(p.new_pain),
                "resolved_pain": list(p.resolved_pain),
            }
            for p in drift.personas
        ],
    }


def diff_dict(diff: JourneyDiff) -> dict[str, Any]:
    """One pair of files."""
    return {
        "old": {"ref": diff.old.ref, "id": diff.old.id},
        "new": {"ref": diff.new.ref, "id": diff.new.id},
        "changes": [change_dict(c) for c in diff.changes],
        "drift": drift_dict(diff.drift),
        "failed": list(diff.failed),
    }


def render(report: DiffReport, view: DiffView) -> str:
    """`{"version": 1, "diffs": [...], "failed": [...]}`."""
    data = {"version": 1, "diffs": [diff_dict(d) for d in report.diffs], "failed": list(report.failed)}
    return json_document(data)
