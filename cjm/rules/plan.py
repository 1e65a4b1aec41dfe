"""CJM105, CJM110: a living document with an action plan that moves (both need today's date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cjm.rules.registry import Issue, rule

if TYPE_CHECKING:
    from cjm.rules.context import RuleContext

CLOSED_STATUSES = ("done", "dropped")


@rule("CJM105", "stale-review", "warning")
def stale_review(ctx: RuleContext) -> Iterator[Issue]:
    """`reviewed` is missing, in the future, or today is later than `reviewed` + the review interval.

    Why: A journey is a living document. Customers, channels and the company change,
    and a map nobody has looked at for a year describes a journey that no longer
    exists. The method reviews it regularly and after big changes; `reviewed` records
    when, and `review_every_days` (else `review_every_days` in .cjm.yaml, 180 by
    default) says how often. A date in the future is a typo that would silence the
    reminder for years.

    Fails:
        reviewed: 2025-01-10
        review_every_days: 180

    Passes:
        reviewed: 2026-10-01
        review_every_days: 180

    Fix: Review the journey with its owner and the touchpoint owners, then set
    `reviewed` to the date of that review. Change `review_every_days` if the journey
    needs a different rhythm.
    """
    journey = ctx.journey
    reviewed = journey.reviewed
    if reviewed is None:
        yield Issue((), "the journey has no 'reviewed' date: when was it last reviewed?")
        return
    today = ctx.today
    if reviewed > today:
        yield Issue(("reviewed",), f"'reviewed' is {reviewed.isoformat()}, later than today ({today.isoformat()})")
        return
    every = journey.review_every_days or ctx.config.review_every_days
    try:
        due = reviewed + dt.timedelta(days=every)
    except OverflowError:  # the next review falls after the year 9999: not stale today
        return
    if today > due:
        yield Issue(
            ("reviewed",),
            f"last reviewed {reviewed.isoformat()}; a review was due {due.isoformat()} (every {every} days)",
        )


@rule("CJM110", "action-incomplete", "warning")
def action_incomplete(ctx: RuleContext) -> Iterator[Issue]:
    """An open action (`idea`, `planned`, `in-progress`) without owner or due date, or past due.

    Why: Insights must turn into actions with an owner, otherwise the map ends up in
    a drawer. An action nobody owns, with no date, is a wish; one past its date
    without being closed is a promise the journey owner should hear about. An action
    without a `status` counts as open; `done` and `dropped` ones are closed.

    Fails:
        actions:
          - {id: video-guide, title: Installation video, status: planned}

    Passes:
        actions:
          - id: video-guide
            title: Installation video
            status: planned
            owner: Customer service
            due: 2026-12-15

    Fix: Give the action an `owner` and a `due` date; when it is past due, move the
    date, or set `status` to `done` or `dropped`.
    """
    today = ctx.today
    for i, action in enumerate(ctx.journey.actions):
        if action.status in CLOSED_STATUSES:
            continue
        lacks = [what for what, value in (("owner", action.owner), ("due date", action.due)) if not value]
        problems = ["has no " + " and no ".join(lacks)] if lacks else []
        if action.due is not None and action.due < today:
            problems.append(f"is past due ({action.due.isoformat()})")
        if problems:
            status = action.status or "no status"
            yield Issue(
                ("actions", i),
                f"open action '{action.id}' ({status}) {' and '.join(problems)}",
                action.id,
            )
