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


@rule("CJM118", "action-without-priority", "warning", needs_scores=True)
def action_without_priority(ctx: RuleContext) -> Iterator[Issue]:
    """An open action on a pain point has no `priority` (format 1.1 journeys).

    Why: The method fixes key moments one at a time, the most important first. Once a
    journey uses format 1.1 the action plan is listed by `priority`; an open action on
    a pain point without one sinks to the end of the plan, and the team cannot tell
    what to start on Monday. Journeys in format 1 have no `priority` and are not checked.

    Fails:
        cjm: 1.1
        actions:
          - {id: video, status: planned, owner: Support, due: 2027-02-28, addresses: [install-guide]}

    Passes:
        cjm: 1.1
        actions:
          - {id: video, status: planned, owner: Support, due: 2027-02-28, addresses: [install-guide],
             priority: 1}

    Fix: Give the action a `priority` (1 first), in the order the team will work.
    """
    if str(ctx.journey.cjm) != "1.1":
        return
    scores = ctx.scores.by_id
    for i, action in enumerate(ctx.journey.actions):
        if action.priority is not None or action.status in CLOSED_STATUSES:
            continue
        pains = [tp for tp in action.addresses if (s := scores.get(tp)) is not None and s.cls == "pain"]
        if pains:
            yield Issue(
                ("actions", i),
                f"open action '{action.id}' on pain point '{pains[0]}' has no priority",
                action.id,
            )


@rule("CJM119", "kpi-target-without-value", "warning")
def kpi_target_without_value(ctx: RuleContext) -> Iterator[Issue]:
    """A journey KPI has a `target` but no `value` (format 1.1).

    Why: An outcome KPI is how the team will know the journey improved (14-day
    cancellations, churn, cost-to-serve). A target without today's value is a goal
    nobody can measure progress against; `cjm diff` cannot show it moving either.

    Fails:
        kpis:
          - {id: churn-14d, name: Cancelled within 14 days, unit: "%", direction: down, target: 2.5}

    Passes:
        kpis:
          - {id: churn-14d, name: Cancelled within 14 days, unit: "%", direction: down, value: 4.7,
             target: 2.5}

    Fix: Measure the KPI and write today's figure as `value` (the baseline to beat).
    """
    for i, kpi in enumerate(ctx.journey.kpis):
        if kpi.target is not None and kpi.value is None:
            yield Issue(
                ("kpis", i), f"KPI '{kpi.id}' has a target ({kpi.target:g}) but no value to measure it against", kpi.id
            )
