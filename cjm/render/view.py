"""The view model of a render: plain, frozen data with every text ready to show.

Templates and exporters read only these objects (never the pydantic models), so a
template from a pull request sees strings, numbers and tuples and nothing else. Texts
from the YAML stay raw here; each output format escapes them for its own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm.render.paper import PrintLayout


@dataclass(frozen=True, slots=True)
class Pair:
    """A label and its value, both display text."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """The emotion curve inside one map column, in percent of the cell (x 0..100, y 0..100)."""

    path: str  # SVG path data built from numbers only, "" when the curve does not pass here
    y: float | None  # the marker's height, None when the emotion is unknown
    broken: str = ""  # path data of the halves where the flow does not go on to the next column (drawn dashed)
    branch: bool = False  # the flow branches here: the curve marks it


@dataclass(frozen=True, slots=True)
class Emotion:
    """An emotion value -2..+2 with its words and colour level."""

    value: float | None
    text: str  # "−1,6" / "+0,8" / "—"
    word: str  # "very negative"
    level: str  # n2 | n1 | z | p1 | p2 | none
    score5: int  # mapped to 1..5 (Mermaid), 3 when unknown


@dataclass(frozen=True, slots=True)
class Factor:
    """One signal that explains a key moment, in words."""

    name: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class FlowMark:
    """Where the flow (`next`) leaves journey order at a touchpoint: a branch, a loop back, a jump, an end, an entry."""

    kind: str  # branch | back | jump | end | entry
    label: str  # "back to", "ends here", ...
    target: str | None  # the touchpoint's name it goes to, None for an end or an entry


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One piece of evidence behind a touchpoint; `old` when dated before the last review's interval."""

    source: str
    kind: str | None  # the kind in words
    date: str | None
    note: str | None
    old: bool


@dataclass(frozen=True, slots=True)
class TouchpointView:
    """A touchpoint as every render shows it."""

    id: str
    name: str
    stage_id: str
    stage_name: str
    channel: str | None
    icon: str
    owner: str | None
    action: str | None
    thoughts: str | None
    quotes: tuple[str, ...]
    backstage: tuple[str, ...]
    needs_functional: tuple[str, ...]
    needs_emotional: tuple[str, ...]
    emotion: Emotion
    measures: tuple[Pair, ...]  # volume, drop-off, complaints, csat, nps, ces, expectation, experience
    measures_text: str  # the same in one line: "Volume 8,200; Drop-off 31%; …"
    cls: str  # pain | truth | neutral
    cls_label: str
    declared: str | None  # the declared moment's label, when declared
    key_rank: int | None
    at_stake: str  # customers at stake (`≈ 5.620`), the share hurt without volume, "—" when unscored
    delighted: str  # customers delighted, the share delighted without volume
    health: str
    health_level: str  # good | fair | poor | none
    confidence: str
    missing: str  # missing inputs in words, "" when none
    opportunities: tuple[str, ...]
    personas: tuple[str, ...]  # persona names this touchpoint serves
    curve: CurvePoint
    successors: tuple[str, ...]  # touchpoint ids the flow goes to (among the shown ones)
    needs_met: tuple[str, ...] = ()  # format 1.1: persona needs served here, as text
    needs_unmet: tuple[str, ...] = ()  # format 1.1: persona needs failed here
    flow: tuple[FlowMark, ...] = ()  # where the flow leaves journey order here
    evidence: tuple[EvidenceView, ...] = ()
    old_evidence: int = 0  # how many of them are old
    co_owners: tuple[str, ...] = ()  # format 1.1: teams sharing the ownership
    partner: str | None = None  # format 1.1: the external party that delivers it
    recovers: str | None = None  # format 1.1: the name of the touchpoint whose failure it turns around
    target: bool = False  # format 1.1: the values are targets, not measurements


@dataclass(frozen=True, slots=True)
class StageView:
    """A stage with its (shown) touchpoints and health."""

    id: str
    name: str
    phase: str | None
    description: tuple[str, ...]
    health: str
    health_level: str
    health_pct: float  # 0..100 for the bar
    weakest: bool
    touchpoints: tuple[TouchpointView, ...]
    empty_curve: CurvePoint  # the curve through the placeholder column of an empty stage

    @property
    def span(self) -> int:
        """Map columns the stage takes: one per touchpoint, one for an empty stage."""
        return max(1, len(self.touchpoints))


@dataclass(frozen=True, slots=True)
class PersonaLine:
    """One persona's emotion curve through one map column (format 1.1 `by_persona`)."""

    style: int  # 1..4: the line's dash pattern, so the curves differ without colour
    path: str  # SVG path data in the column's 0..100 box, "" where the line does not pass
    y: float | None  # the persona's point here, percent from the top
    label: str | None  # the persona's name, at the column where its line ends
    label_y: float | None = None  # where the name goes, percent from the top (apart from the other names)


@dataclass(frozen=True, slots=True)
class PersonaCurve:
    """A persona curve in the legend: its line style and the persona's name."""

    style: int
    name: str


@dataclass(frozen=True, slots=True)
class MapColumn:
    """One column of the map grid: a touchpoint, or the placeholder of an empty stage."""

    tp: TouchpointView | None
    edge: str  # extra CSS classes: " stage-start" on a stage's first column, " empty" on a placeholder
    curve: CurvePoint
    personas: tuple[PersonaLine, ...] = ()


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    """An opportunity or action in a value (impact) x effort matrix; x and y in percent of the plot."""

    number: int
    title: str
    x: float  # effort 1..5, left to right
    y: float  # value, from the top (high value at the top)
    value: str
    effort: str


@dataclass(frozen=True, slots=True)
class Matrix:
    """A value x effort (opportunities) or impact x effort (actions) matrix."""

    kind: str  # value | impact
    points: tuple[MatrixPoint, ...]
    top: str  # the value at the top of the plot, as text


@dataclass(frozen=True, slots=True)
class ComparisonSide:
    """One journey of an as-is / to-be pair: its emotion curve (points in a 0..100 box) and health."""

    id: str
    title: str
    state_label: str | None
    health: str
    level: str
    line: str  # SVG polyline points
    dots: tuple[tuple[float, float, str], ...]  # x, y, emotion text


@dataclass(frozen=True, slots=True)
class Comparison:
    """As-is next to to-be (`--baseline` or the file's `baseline`)."""

    before: ComparisonSide
    after: ComparisonSide


@dataclass(frozen=True, slots=True)
class PhaseView:
    """A run of consecutive stages in the same phase."""

    key: str  # before | during | after | none
    label: str
    span: int


@dataclass(frozen=True, slots=True)
class StageSlice:
    """The part of a stage on one printed sheet: its columns there, and whether it began on an earlier sheet."""

    stage: StageView
    span: int
    continued: bool


@dataclass(frozen=True, slots=True)
class SheetView:
    """One strip of a tiled map: its columns with their phase and stage bands, and the sheet it is on."""

    number: int  # the sheet of paper it is on
    count: int  # sheets of paper in all
    columns: tuple[MapColumn, ...]
    phases: tuple[PhaseView, ...]
    stages: tuple[StageSlice, ...]
    page_start: bool = True  # the first strip on its sheet (a large sheet stacks several strips)


@dataclass(frozen=True, slots=True)
class PersonaView:
    """A persona card."""

    id: str
    name: str
    initials: str
    segment: str | None
    description: tuple[str, ...]
    goals: tuple[str, ...]
    functional: tuple[str, ...]
    emotional: tuple[str, ...]
    touchpoints: int
    share: str | None = None  # format 1.1: "30 %" of the journey's customers


@dataclass(frozen=True, slots=True)
class KeyMomentView:
    """A key moment with its rank, the customers that rank it, and the signals that explain it."""

    rank: int
    id: str
    name: str
    stage_name: str
    cls: str
    kind: str  # improve | protect
    kind_label: str
    cls_label: str
    customers: str  # what ranks it: customers at stake (improve) or delighted (protect), with unit and period
    health: str
    factors: tuple[Factor, ...]
    confidence: str
    missing: str
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionView:
    """An entry of the action plan."""

    id: str
    title: str
    owner: str | None
    status: str  # idea | planned | in-progress | done | dropped | none
    status_label: str
    due: str | None
    addresses: tuple[str, ...]
    description: tuple[str, ...]
    priority: int | None = None  # format 1.1: the order of work, 1 first
    effort: str | None = None


@dataclass(frozen=True, slots=True)
class OpportunityView:
    """An improvement opportunity."""

    id: str
    title: str
    description: tuple[str, ...]
    touchpoints: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InsightView:
    """An answer to one of the four why-questions."""

    question: str
    question_label: str
    answer: str
    touchpoints: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Health:
    """The journey's health: end to end (the weakest stage), the weakest link, the journey's customers."""

    end_to_end: str  # "not measured" when a stage has no data
    end_to_end_value: float | None
    level: str
    customers: str  # the journey's customers per period
    weakest_stage: str | None
    weakest_touchpoint: str | None
    weakest_at_stake: str | None = None  # customers at stake at the weakest touchpoint, with unit and period
    notes: tuple[str, ...] = ()  # no volumes (ranked by severity); persona figures that are whole-journey


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the render comes from: the source hash and, with --stamp, the git commit."""

    source_hash: str
    metrics_name: str | None = None
    metrics_hash: str | None = None
    commit: str | None = None
    commit_date: str | None = None
    dirty: bool = False
    committed: bool = True


@dataclass(frozen=True, slots=True)
class JourneyView:
    """Everything a render of one journey shows."""

    id: str
    lang: str  # the language of the labels (and of the page)
    content_lang: str  # the language the journey's own text is written in
    labels: dict[str, str]
    title: str
    description: tuple[str, ...]
    state: str | None
    state_label: str | None
    owner: str | None
    period: str | None
    reviewed: str | None
    tags: tuple[str, ...]
    metrics: tuple[Pair, ...]
    persona: PersonaView | None  # the persona of a persona view
    personas: tuple[PersonaView, ...]
    phases: tuple[PhaseView, ...]
    stages: tuple[StageView, ...]
    touchpoints: tuple[TouchpointView, ...]  # shown ones, journey order
    map_columns: tuple[MapColumn, ...]
    key_moments: tuple[KeyMomentView, ...]
    actions: tuple[ActionView, ...]
    opportunities: tuple[OpportunityView, ...]
    insights: tuple[InsightView, ...]
    health: Health
    counts: dict[str, int]
    provenance: Provenance
    columns: int
    printing: PrintLayout
    whole: SheetView  # the whole map as one sheet (the screen map, and the print of an untiled map)
    sheets: tuple[SheetView, ...]  # the tiled sheets (empty when the map prints on one sheet)
    lanes: tuple[str, ...]  # the map's lanes that have something to show, in order
    legend: tuple[Emotion, ...] = field(default_factory=tuple)
    persona_curves: tuple[PersonaCurve, ...] = ()
    value_effort: Matrix | None = None
    impact_effort: Matrix | None = None
    comparison: Comparison | None = None
    kpis: tuple[Pair, ...] = ()  # format 1.1: each KPI's name and "21 dage · mål 10 dage · lavere er bedre"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One journey in the index page."""

    id: str
    title: str
    href: str
    lang: str
    state_label: str | None
    health: Health
    health_text: str  # end-to-end health in the index's language
    health_pct: float  # 0..100 for the bar
    touchpoints: int
    pain_points: int
    key_moments: int
    persona: str | None
    baseline: str | None = None  # the as-is journey this to-be improves, when it is in the index too: its title
    baseline_href: str | None = None


@dataclass(frozen=True, slots=True)
class IndexView:
    """The index page of a multi-journey render."""

    lang: str
    labels: dict[str, str]
    entries: tuple[IndexEntry, ...]
