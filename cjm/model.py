"""The journey file format (1 and 1.1) as pydantic models: the one source of truth for the format.

Format 1.1 (SPEC §2.1) is additive: its fields are optional here for both versions, and the
loader reports a 1.1 field in a `cjm: 1` file as CJM006 (`V11_FIELDS` names them).

Every mapping rejects unknown keys except ``x-`` keys, which are kept aside in
``extensions`` (never validated, never scored or rendered; ``diff`` reports them).
The JSON Schema in ``schemas/journey.schema.json`` is generated from these models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from cjm.languages import Language

FORMAT_VERSIONS = ("1", "1.1")  # by source text: `1.0`, `1.10` and `"1"` are none of them
PHASES = ("before", "during", "after")
MAX_VOLUME = 10**15  # customers per period: far above any market, and exact as a float
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def source_text(value: Any) -> Any:
    """Read an id or reference as its source text: ``007`` is the slug ``007``, not 7."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return getattr(value, "source", None) or str(value)
    return value


def iso_date(value: Any) -> Any:
    """Accept ``YYYY-MM-DD`` strings (and date objects from Python callers) only."""
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date YYYY-MM-DD, not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError("expected a date YYYY-MM-DD")


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    BeforeValidator(source_text),
    Field(description="A slug id: lowercase letters, digits, '-' and '_'; starts with a letter or digit."),
]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
# Text needs one visible character: an owner of " " or of a zero-width space is no owner. The
# invisible characters are listed one by one (not `\s`, which Python, Rust and JavaScript read
# differently), so cjm, pydantic and the editors' schema check agree.
TEXT_PATTERN = (
    r"[^\t\n\v\f\r \u001C-\u001F\u0085\u00A0\u00AD\u1680\u180E\u2000-\u200F\u2028\u2029\u202F"
    r"\u205F\u2060-\u2064\u2800\u3000\u3164\uFEFF]"
)
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]


class Item(BaseModel):
    """Base of every mapping in a journey file: unknown keys rejected, ``x-`` keys set aside."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        allow_inf_nan=False,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    extensions: SkipJsonSchema[dict[str, Any]] = Field(default_factory=dict, exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _set_aside_extensions(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "extensions" in data:
            raise ValueError("'extensions' is not a key of the format; use an 'x-' key for your own data")
        ext = {k: v for k, v in data.items() if isinstance(k, str) and k.startswith("x-")}
        if not ext:
            return data
        rest = {k: v for k, v in data.items() if k not in ext}
        rest["extensions"] = ext
        return rest


class Needs(Item):
    """What the customer needs at a touchpoint."""

    functional: list[Text] = Field(default_factory=list, description="Functional needs: what must work.")
    emotional: list[Text] = Field(default_factory=list, description="Emotional needs: how the customer wants to feel.")


class Need(Item):
    """A persona need with an id, so touchpoints can say where it is met or failed (format 1.1)."""

    id: Slug = Field(
        description="Id of the need, unique across all personas; touchpoints name it in needs_met/needs_unmet."
    )
    text: Text = Field(description="The need in the customer's words.")


NeedItem = Annotated[Text | Need, Field(union_mode="left_to_right")]


def need_text(need: str | Need) -> str:
    """The words of a persona need, written as text (1.0) or as {id, text} (1.1)."""
    return need.text if isinstance(need, Need) else need


class PersonaNeeds(Item):
    """What a persona needs: plain text, or (format 1.1) {id, text} so touchpoints can point at it."""

    functional: list[NeedItem] = Field(
        default_factory=list, description="Functional needs: what must work. Text, or {id, text} (format 1.1)."
    )
    emotional: list[NeedItem] = Field(
        default_factory=list,
        description="Emotional needs: how the customer wants to feel. Text, or {id, text} (format 1.1).",
    )

    def with_ids(self) -> list[Need]:
        """The needs that have an id, functional first."""
        return [need for need in (*self.functional, *self.emotional) if isinstance(need, Need)]


class Persona(Item):
    """A customer archetype with functional and emotional needs."""

    id: Slug
    name: Text | None = Field(None, description="Display name of the persona.")
    segment: Text | None = Field(None, description="The customer segment the persona stands for.")
    description: str | None = Field(None, description="Who this persona is.")
    goals: list[Text] = Field(default_factory=list, description="What the persona wants to achieve.")
    needs: PersonaNeeds = Field(default_factory=PersonaNeeds, description="Functional and emotional needs.")
    share: float | None = Field(
        None,
        ge=0,
        le=1,
        strict=True,
        description=(
            "Format 1.1: the persona's share of the journey's customers, 0..1 (the shares of all "
            "personas add up to at most 1). Gives the persona's volume at each touchpoint."
        ),
    )


class Phases(Item):
    """Format 1.1: your own labels for the three phases (an insurance claim starts with the accident)."""

    before: Text | None = Field(None, description="Label of the phase before (default: before the purchase).")
    during: Text | None = Field(None, description="Label of the phase during (default: the purchase).")
    after: Text | None = Field(None, description="Label of the phase after (default: after the purchase).")


class Stage(Item):
    """A stage of the journey; stages are listed in journey order."""

    id: Slug
    name: Text | None = Field(None, description="Display name of the stage.")
    phase: Literal["before", "during", "after"] | None = Field(
        None, description="Phase of the purchase: before, during or after."
    )
    description: str | None = Field(None, description="What happens in this stage.")


class Metrics(Item):
    """Quantitative data for a touchpoint (or the journey as a whole)."""

    volume: int | None = Field(
        None,
        ge=0,
        le=MAX_VOLUME,
        strict=True,
        description="Customers passing per period (a whole number from 0 to 10^15).",
    )
    drop_off: float | None = Field(None, ge=0, le=1, strict=True, description="Share abandoning here (0..1).")
    complaints: float | None = Field(
        None, ge=0, le=1, strict=True, description="Share complaining or objecting here (0..1)."
    )
    csat: float | None = Field(None, ge=1, le=5, strict=True, description="Customer satisfaction, 1..5.")
    nps: float | None = Field(None, ge=-100, le=100, strict=True, description="Net Promoter Score, -100..100.")
    ces: float | None = Field(None, ge=1, le=7, strict=True, description="Customer Effort Score, 1..7.")


METRIC_KEYS = ("volume", "drop_off", "complaints", "csat", "nps", "ces")
KpiNumber = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class TouchpointMetrics(Metrics):
    """A touchpoint's data; in format 1.1 also the value of any journey KPI (`kpis` id) measured here."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "patternProperties": {"^x-": {}},
            "additionalProperties": {
                "type": "number",
                "description": "Format 1.1: the value of a journey KPI (an id of kpis) here.",
            },
        },
    )
    __pydantic_extra__: dict[str, KpiNumber] = Field(init=False)

    @property
    def kpis(self) -> dict[str, float]:
        """The KPI values measured at the touchpoint (format 1.1), by KPI id."""
        return dict(self.__pydantic_extra__ or {})


class PersonaValues(TouchpointMetrics):
    """Format 1.1: one persona's own values at a touchpoint, flat: they override the touchpoint's own.

    The metric keys (and KPI ids) as in a touchpoint's metrics, where `volume` is the persona's
    customers passing here (replacing volume × share), plus the persona's perception.
    """

    emotion: float | None = Field(None, ge=-2, le=2, strict=True, description="This persona's emotion, -2..+2.")
    expectation: float | None = Field(None, ge=1, le=5, strict=True, description="What this persona expects, 1..5.")
    experience: float | None = Field(
        None, ge=1, le=5, strict=True, description="How well it is delivered to this persona, 1..5."
    )
    importance: float | None = Field(None, ge=1, le=5, strict=True, description="How much this persona cares, 1..5.")


class Kpi(Item):
    """Format 1.1: a journey outcome you track (14-day cancellation, churn, cost-to-serve); reported, never scored."""

    id: Slug = Field(
        description="Id of the KPI; touchpoint metrics and actions name it. Not a metric or field name, no 'x-'."
    )
    name: Text | None = Field(None, description="Display name of the KPI.")
    unit: Text | None = Field(None, description="Unit, e.g. %, DKK, days.")
    direction: Literal["up", "down"] | None = Field(None, description="up: higher is better; down: lower is better.")
    value: float | None = Field(None, strict=True, description="The current value (as measured).")
    target: float | None = Field(None, strict=True, description="The value aimed for.")
    description: str | None = Field(None, description="How it is measured.")


class Evidence(Item):
    """Where an insight comes from: qualitative (interviews) or quantitative (surveys, CRM)."""

    source: Text = Field(description="Where the data comes from, e.g. survey-2026q2.")
    kind: Literal["qualitative", "quantitative"] | None = Field(
        None,
        description="qualitative (interviews, quotes) or quantitative (surveys, CRM, analytics).",
    )
    date: IsoDate | None = Field(None, description="When the data was collected (YYYY-MM-DD).")
    note: str | None = Field(None, description="Anything worth knowing, e.g. n=812.")


class Touchpoint(Item):
    """Where customer and company meet; listed in journey order within each stage."""

    id: Slug
    stage: Slug = Field(description="Id of the stage this touchpoint belongs to.")
    name: Text | None = Field(None, description="Display name of the touchpoint.")
    channel: Text | None = Field(None, description="Channel, free text (web, app, phone, store, email, tv, ...).")
    owner: Text | None = Field(None, description="Department or team responsible for this touchpoint.")
    personas: list[Slug] | None = Field(
        None, description="Ids of the personas this touchpoint serves; default: all personas."
    )
    action: str | None = Field(None, description="What the customer does here.")
    thoughts: str | None = Field(None, description="What the customer thinks here.")
    emotion: float | None = Field(
        None,
        ge=-2,
        le=2,
        strict=True,
        description="Emotion from -2 (very negative) to +2 (very positive).",
    )
    expectation: float | None = Field(
        None,
        ge=1,
        le=5,
        strict=True,
        description="What the customer expects here, 1..5 (1 little, 5 a lot), to compare with experience.",
    )
    experience: float | None = Field(
        None, ge=1, le=5, strict=True, description="How well the company delivers here, 1..5."
    )
    metrics: TouchpointMetrics = Field(
        default_factory=TouchpointMetrics,
        description="Volume, drop-off, complaints, csat, nps, ces; in format 1.1 also journey KPI values by KPI id.",
    )
    needs: Needs = Field(default_factory=Needs, description="Needs the customer has at this touchpoint.")
    quotes: list[Text] = Field(default_factory=list, description="Verbatim customer quotes.")
    evidence: list[Evidence] = Field(default_factory=list, description="Sources behind the values.")
    backstage: list[Text] = Field(default_factory=list, description="Support processes behind the touchpoint.")
    moment: Literal["pain", "truth", "delight"] | None = Field(
        None, description="Declared key moment: pain, truth or delight."
    )
    next: list[Slug] | None = Field(
        None,
        description="Explicit successors (touchpoint ids); [] ends the journey here on purpose.",
    )
    entry: bool = Field(False, strict=True, description="Customers can start the journey here.")
    importance: float | None = Field(
        None,
        ge=1,
        le=5,
        strict=True,
        description=(
            "Format 1.1: how much customers care here, 1..5 (expectation is what they expect). Weighs the priority."
        ),
    )
    by_persona: dict[Slug, PersonaValues] | None = Field(
        None,
        description=(
            "Format 1.1: per-persona values (emotion, expectation, experience, importance and metric keys, flat) "
            "that override the touchpoint's own for that persona; keys are persona ids the touchpoint serves."
        ),
    )
    needs_met: list[Slug] = Field(default_factory=list, description="Format 1.1: ids of persona needs served here.")
    needs_unmet: list[Slug] = Field(default_factory=list, description="Format 1.1: ids of persona needs failed here.")
    co_owners: list[Text] = Field(default_factory=list, description="Format 1.1: teams sharing the ownership.")
    partner: Text | None = Field(None, description="Format 1.1: an external party that delivers this touchpoint.")
    recovers: Slug | None = Field(
        None,
        description="Format 1.1: this is a service recovery; the id of the touchpoint whose failure it turns around.",
    )
    target: bool = Field(
        False,
        strict=True,
        description="Format 1.1: the values are targets or hypotheses (a to-be map), not measurements.",
    )


class Opportunity(Item):
    """An improvement idea tied to touchpoints."""

    id: Slug
    title: Text | None = Field(None, description="What the opportunity is.")
    description: str | None = Field(None, description="More detail.")
    touchpoints: list[Slug] = Field(default_factory=list, description="Ids of the touchpoints concerned.")
    value: float | None = Field(
        None, ge=0, strict=True, description="Format 1.1: estimated value per year, in the journey's currency."
    )
    effort: float | None = Field(
        None, ge=1, le=5, strict=True, description="Format 1.1: effort, 1 (small) .. 5 (large)."
    )


class Action(Item):
    """An entry of the action plan: insight turned into work with an owner."""

    id: Slug
    title: Text | None = Field(None, description="What will be done.")
    owner: Text | None = Field(None, description="Who is responsible.")
    status: Literal["idea", "planned", "in-progress", "done", "dropped"] | None = Field(
        None, description="idea | planned | in-progress | done | dropped."
    )
    due: IsoDate | None = Field(None, description="Due date (YYYY-MM-DD).")
    addresses: list[Slug] = Field(default_factory=list, description="Ids of the touchpoints this action improves.")
    description: str | None = Field(None, description="More detail.")
    priority: int | None = Field(
        None, ge=1, strict=True, description="Format 1.1: the order of work, 1 first; the action plan lists by it."
    )
    effort: float | None = Field(
        None, ge=1, le=5, strict=True, description="Format 1.1: effort, 1 (small) .. 5 (large)."
    )
    kpi: Slug | None = Field(None, description="Format 1.1: the id of the journey KPI this action should move.")


class Insight(Item):
    """An answer to one of the four why-questions."""

    id: Slug | None = Field(None, description="Optional id.")
    question: Literal["continue", "recommend", "stop", "detract"] = Field(
        description=(
            "continue: why do you keep buying; recommend: why do you recommend us; "
            "stop: why did you stop; detract: why do you speak badly of us."
        )
    )
    answer: Text = Field(description="What customers answer.")
    touchpoints: list[Slug] = Field(default_factory=list, description="Ids of the touchpoints concerned.")
    evidence: list[Evidence] = Field(default_factory=list, description="Sources behind the insight.")


class Journey(Item):
    """A customer journey map, format version 1 or 1.1."""

    model_config = ConfigDict(
        title="cjm journey (format 1 and 1.1)",
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )

    cjm: Literal[1, 1.1] = Field(  # type: ignore[valid-type]  # pydantic takes a float literal; mypy does not
        description="Marks a journey file and its format version: 1, or 1.1 to use the fields marked 'Format 1.1'."
    )
    id: Slug
    title: Text = Field(description="Title of the journey.")
    language: Language | None = Field(None, description="Language of the labels in renders: da, nb, nn, sv, fi or en.")
    state: Literal["current", "future"] | None = Field(None, description="current (as-is) or future (to-be).")
    owner: Text | None = Field(None, description="Who owns the journey as a whole.")
    reviewed: IsoDate | None = Field(None, description="Date of the last review (YYYY-MM-DD).")
    review_every_days: int | None = Field(
        None,
        ge=1,
        strict=True,
        description="Review interval in days; default from .cjm.yaml (180).",
    )
    period: Text | None = Field(None, description="What volume counts refer to, e.g. month.")
    description: str | None = Field(None, description="What the journey covers.")
    tags: list[Text] = Field(default_factory=list, description="Free tags.")
    metrics: Metrics = Field(default_factory=Metrics, description="Journey-level metrics (nps, csat, ...).")
    personas: list[Persona] = Field(default_factory=list, description="The personas of this journey.")
    stages: list[Stage] = Field(min_length=1, description="Stages in journey order.")
    touchpoints: list[Touchpoint] = Field(description="Touchpoints in journey order within each stage.")
    opportunities: list[Opportunity] = Field(default_factory=list, description="Improvement opportunities.")
    actions: list[Action] = Field(default_factory=list, description="The action plan.")
    insights: list[Insight] = Field(default_factory=list, description="Answers to the four why-questions.")
    phases: Phases | None = Field(
        None, description="Format 1.1: your own labels of the phases before, during and after."
    )
    customers: int | None = Field(
        None,
        ge=0,
        le=MAX_VOLUME,
        strict=True,
        description="Format 1.1: the journey's customers per period (else the largest touchpoint volume).",
    )
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="Format 1.1: ISO 4217 code (DKK, NOK, SEK, EUR) of opportunity values."
    )
    kpis: list[Kpi] = Field(
        default_factory=list, description="Format 1.1: journey outcomes tracked (reported, never scored)."
    )
    baseline: Slug | None = Field(
        None, description="Format 1.1: a to-be journey names the id of the as-is journey it improves."
    )

    def touchpoints_in_order(self) -> list[Touchpoint]:
        """Touchpoints in journey order: stages in order, file order within a stage."""
        rank = {stage.id: i for i, stage in enumerate(self.stages)}
        return sorted(self.touchpoints, key=lambda tp: rank.get(tp.stage, len(rank)))


# The fields format 1.1 adds, by the kind of item that holds them (SPEC §2.1).
V11_FIELDS: dict[str, tuple[str, ...]] = {
    "journey": ("phases", "customers", "currency", "kpis", "baseline"),
    "personas": ("share",),
    "touchpoints": (
        "importance",
        "by_persona",
        "needs_met",
        "needs_unmet",
        "co_owners",
        "partner",
        "recovers",
        "target",
    ),
    "opportunities": ("value", "effort"),
    "actions": ("priority", "effort", "kpi"),
}


def _items(data: Any, kind: str) -> list[tuple[int, dict[Any, Any]]]:
    items = data.get(kind) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def format_11_fields(data: Any) -> list[tuple[str | int, ...]]:
    """The field paths of the parsed tree that use format 1.1 (for CJM006 in a `cjm: 1` file)."""
    if not isinstance(data, dict):
        return []
    found: list[tuple[str | int, ...]] = [(key,) for key in V11_FIELDS["journey"] if key in data]
    for kind, names in V11_FIELDS.items():
        if kind == "journey":
            continue
        for i, item in _items(data, kind):
            found.extend((kind, i, name) for name in names if name in item)
            needs = item.get("needs") if kind == "personas" else None
            if not isinstance(needs, dict):
                continue
            for group in ("functional", "emotional"):
                values = needs.get(group)
                for j, need in enumerate(values if isinstance(values, list) else ()):
                    if isinstance(need, dict):
                        found.append((kind, i, "needs", group, j))
    return found


def kpi_metric_keys(data: Any, *, slugs: bool = True) -> list[tuple[str | int, ...]]:
    """Field paths of metric keys that are no metric and no `x-` key: KPI values in format 1.1.

    In touchpoint `metrics` and in `by_persona` values. With slugs=False only the keys that
    cannot be a KPI id at all (not a slug, such as `5 %` from `complaints: 2,5 %` in a flow mapping).
    """
    persona_fields = set(PersonaValues.model_fields)
    found: list[tuple[str | int, ...]] = []

    def scan(mapping: Any, loc: tuple[str | int, ...], known: set[str] | tuple[str, ...]) -> None:
        for key in mapping if isinstance(mapping, dict) else ():
            if not isinstance(key, str) or key in known or key.startswith("x-") or key == "extensions":
                continue
            if slugs or not _SLUG_RE.match(key):
                found.append((*loc, key))

    for i, tp in _items(data, "touchpoints"):
        scan(tp.get("metrics"), ("touchpoints", i, "metrics"), METRIC_KEYS)
        by_persona = tp.get("by_persona")
        for persona, values in by_persona.items() if isinstance(by_persona, dict) else ():
            if isinstance(persona, str):
                scan(values, ("touchpoints", i, "by_persona", persona), persona_fields)
    return found


def model_at(loc: Sequence[str | int], root: type[BaseModel] = Journey) -> type[BaseModel] | None:
    """The model class that validates the mapping at a field path (list indexes skipped), or None."""
    model: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = None if info is None else _inner_model(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``list[Touchpoint] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
