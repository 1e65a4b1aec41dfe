"""Graphviz maps: DOT built with the `graphviz` package; svg, png and pdf through `dot`.

A service blueprint: stages are columns (headed by a box with phase, name and health, left to
right), lanes are rows — customer actions, touchpoints, backstage — and a stage's touchpoints
stack down its column, so a map of 20 touchpoints reads on A3 instead of running as one long
row. Every grid cell is a node on the rank of its row (empty cells are invisible nodes), held
in place by invisible edges. No clusters: with them `dot` may reorder the columns.
Flow edges (`next`, else journey order) join the touchpoints. Touchpoints are nodes filled by emotion (a light
ColorBrewer RdBu diverging scale, safe for colour-blind readers, with the emotion also
in words), pain points and moments of truth differ by shape and border and say so in
their label. Every text from the YAML only ever becomes label text, escaped for DOT
(backslashes doubled, never an HTML-like label); attributes such as `image`, `URL` or
`fontname`, which make `dot` read files, are only ever set to constants.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
import textwrap

import graphviz

from cjm.errors import JobError
from cjm.render.formats import BY_NAME
from cjm.render.view import JourneyView, StageView, TouchpointView

DOT_TIMEOUT_S = 120
INSTALL_HINT = (
    "the Graphviz 'dot' program is needed for svg, png and pdf: install Graphviz "
    "(apt install graphviz, brew install graphviz, winget install graphviz) or use --format dot or html"
)
FONT = "Helvetica,Arial,sans-serif"
WRAP = 24

EMOTION_FILL = {
    "n2": "#f4a582",
    "n1": "#fddbc7",
    "z": "#f7f7f7",
    "p1": "#d1e5f0",
    "p2": "#92c5de",
    "none": "#ffffff",
}
PHASE_FILL = {"before": "#eef3f8", "during": "#e8f0f6", "after": "#eef2f4", "none": "#f3f4f6"}
INK, MUTED, PAIN, TRUTH = "#18212f", "#4a5566", "#a3222b", "#1c5c96"


class DotMissing(JobError):
    """The Graphviz `dot` program is not installed."""


class DotFailed(JobError):
    """`dot` failed or took too long."""


def text(value: str) -> str:
    """YAML text made safe as DOT escString content: backslashes doubled, one line, and `&` written
    as `&amp;` so that Graphviz never decodes a character reference (`&#1;` would make the SVG
    ill-formed XML; SPEC §6)."""
    return " ".join(value.split()).replace("\\", "\\\\").replace("&", "&amp;")


def label(*lines: str | None, wrap: int = WRAP, left: bool = False) -> graphviz.quoting.NoHtml:
    """A plain (never HTML-like) label: each text escaped and wrapped at `wrap` characters
    (0: not wrapped), lines centred (or left-aligned with `left`)."""
    out: list[str] = []
    for line in lines:
        if line:
            parts = textwrap.wrap(" ".join(line.split()), wrap) if wrap else [line]
            out.extend(text(part) for part in parts or [""])
    end = "\\l" if left else "\\n"
    return graphviz.nohtml(end.join(out) + ("\\l" if left else ""))


def render(view: JourneyView, template_dir: str | None = None) -> str:
    """The DOT source of the service-blueprint map (templates do not apply)."""
    return render_dot(view)


def render_dot(view: JourneyView) -> str:
    """The DOT source of a journey's service blueprint."""
    graph = graphviz.Digraph("journey", graph_attr=_graph_attrs(view), node_attr=_NODE, edge_attr=_EDGE)
    depth = max((len(stage.touchpoints) for stage in view.stages), default=1) or 1
    rows = [(lane, i) for lane in LANES for i in range(depth)]
    cells: dict[tuple[str, int], list[str]] = {row: [] for row in [("head", 0), *rows]}
    for lane in LANES:
        graph.node(f"lane_{lane}", label=label(view.labels[LANE_LABEL[lane]], wrap=16), **_LANE_NODE)
    cells[("head", 0)].append("lane_head")
    graph.node("lane_head", label="", style="invis", width="0.1", height="0.1")
    for number, stage in enumerate(view.stages):
        column = _stage_column(graph, view, stage, number, depth)
        for row, node in zip([("head", 0), *rows], column, strict=True):
            cells[row].append(node)
    for lane in LANES:
        cells[(lane, 0)].insert(0, f"lane_{lane}")
    _hold_grid(graph, cells, len(view.stages))
    for tp in view.touchpoints:
        for successor in tp.successors:
            graph.edge(_node_id(tp.id), _node_id(successor), constraint="false")
    return graph.source


LANES = ("actions", "touchpoints", "backstage")
LANE_LABEL = {"actions": "lane_actions", "touchpoints": "lane_touchpoints", "backstage": "lane_backstage"}
_LANE_NODE = {"shape": "plaintext", "style": "", "fontsize": "13", "fontcolor": INK, "width": "1.4"}
_CELL_NODE = {"shape": "plaintext", "style": "", "fontsize": "11", "fontcolor": MUTED}


def _stage_column(graph: graphviz.Digraph, view: JourneyView, stage: StageView, number: int, depth: int) -> list[str]:
    """The stage's nodes, top to bottom: its head, then each lane's cells (invisible where empty)."""
    head = f"head_{number:03d}"
    graph.node(head, **_stage_head(view, stage))
    column = [head]
    for lane in LANES:
        for i in range(depth):
            name = f"{lane}_{number:03d}_{i:03d}"
            tp = stage.touchpoints[i] if i < len(stage.touchpoints) else None
            if lane == "touchpoints" and tp is not None:
                name = _node_id(tp.id)
                graph.node(name, label=_node_label(view, tp), **_node_attrs(tp))
            elif lane == "touchpoints" and i == 0:
                graph.node(name, label=label(view.labels["no_touchpoints"]), style="dashed,rounded", color=MUTED)
            elif tp is not None and lane == "actions" and tp.action:
                graph.node(name, label=label(tp.action, wrap=WRAP), **_CELL_NODE)
            elif tp is not None and lane == "backstage" and tp.backstage:
                graph.node(name, label=label(*tp.backstage, wrap=WRAP), **_CELL_NODE)
            else:
                graph.node(name, label="", style="invis", width="0.1", height="0.1")
            column.append(name)
    return column


def _hold_grid(graph: graphviz.Digraph, cells: dict[tuple[str, int], list[str]], stages: int) -> None:
    """Rows as ranks (left to right in stage order), columns as chains of invisible edges."""
    firsts = {("head", 0), *((lane, 0) for lane in LANES)}  # rows led by a lane title (or the corner)
    by_stage: list[list[str]] = [[] for _ in range(stages)]
    for row, nodes in cells.items():
        with graph.subgraph() as same:
            same.attr(rank="same")
            for node in nodes:
                same.node(node)
        for left, right in itertools.pairwise(nodes):
            graph.edge(left, right, style="invis")
        offset = 1 if row in firsts else 0
        for number in range(stages):
            by_stage[number].append(nodes[number + offset])
    for column in by_stage:
        for upper, lower in itertools.pairwise(column):
            graph.edge(upper, lower, style="invis", weight="20")


_NODE = {
    "shape": "box",
    "style": "rounded,filled",
    "fontname": FONT,
    "fontsize": "11",
    "fontcolor": INK,
    "color": MUTED,
    "penwidth": "1",
    "margin": "0.12,0.06",
}
_EDGE = {"color": MUTED, "arrowsize": "0.7", "penwidth": "1.2"}


def _graph_attrs(view: JourneyView) -> dict[str, str]:
    labels, health = view.labels, view.health
    weakest = f"{health.weakest_stage} → {health.weakest_touchpoint}" if health.weakest_stage else labels["none"]
    persona = f"{labels['persona_view']}: {view.persona.name}" if view.persona else None
    return {
        "rankdir": "TB",
        "newrank": "true",
        "compound": "true",
        "fontname": FONT,
        "fontsize": "18",
        "fontcolor": INK,
        "labelloc": "t",
        "labeljust": "l",
        "nodesep": "0.18",
        "ranksep": "0.22",
        "pad": "0.3",
        "bgcolor": "white",
        "label": label(
            view.title,
            persona,
            f"{labels['end_to_end_health']}: {health.end_to_end} · {labels['weakest_link']}: {weakest}",
            wrap=0,
            left=True,
        ),
    }


def _stage_head(view: JourneyView, stage: StageView) -> dict[str, str]:
    labels = view.labels
    phase = labels[f"phase_{stage.phase or 'none'}"].upper()
    health = f"{labels['stage_health']}: {stage.health}"
    weakest = f"▲ {labels['weakest_link'].upper()}" if stage.weakest else None
    return {
        "label": label(phase, stage.name, health, weakest, wrap=WRAP, left=True),
        "shape": "box",
        "width": "2.4",
        "style": "rounded,filled",
        "fillcolor": PHASE_FILL[stage.phase or "none"],
        "color": PAIN if stage.weakest else "#aab3c0",
        "penwidth": "3" if stage.weakest else "1",
        "fontname": FONT,
        "fontsize": "12",
        "fontcolor": INK,
    }


def _stage_nodes(cluster: graphviz.Digraph, view: JourneyView, stage: StageView, number: int) -> None:
    if not stage.touchpoints:
        cluster.node(
            f"empty_{number:03d}",
            label=label(view.labels["no_touchpoints"]),
            style="dashed,rounded",
            color=MUTED,
            fontcolor=MUTED,
        )
        return
    for tp in stage.touchpoints:
        cluster.node(_node_id(tp.id), label=_node_label(view, tp), **_node_attrs(tp))


def _node_id(tp_id: str) -> str:
    return f"tp_{tp_id}"


def _node_label(view: JourneyView, tp: TouchpointView) -> graphviz.quoting.NoHtml:
    labels = view.labels
    where = " · ".join(part for part in (tp.channel, tp.owner) if part)
    feeling = f"{labels['emotion']}: {tp.emotion.text} ({tp.emotion.word})"
    marker, figure = None, None
    if tp.cls == "pain":
        marker, figure = f"▼ {labels['pain_point'].upper()}", f"{labels['at_stake']} {tp.at_stake}"
    elif tp.cls == "truth":
        marker, figure = f"★ {labels['moment_of_truth'].upper()}", f"{labels['delighted']} {tp.delighted}"
    key = f"{labels['key_moment']} #{tp.key_rank}" if tp.key_rank else None
    parts = (label(tp.name, wrap=WRAP), label(where or None, wrap=WRAP), label(feeling, marker, figure, key, wrap=WRAP))
    return graphviz.nohtml("\\n".join(part for part in parts if part))


def _node_attrs(tp: TouchpointView) -> dict[str, str]:
    attrs = {"fillcolor": EMOTION_FILL[tp.emotion.level]}
    if tp.emotion.level == "none":
        attrs["style"] = "rounded,filled,dashed"
    if tp.cls == "pain":
        attrs.update(shape="box", style="filled,bold", color=PAIN, penwidth="3")
    elif tp.cls == "truth":
        attrs.update(shape="box", style="rounded,filled,bold", color=TRUTH, penwidth="1.5", peripheries="2")
    return attrs


def dot_available() -> bool:
    """True when the Graphviz `dot` program is on the PATH."""
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, *, epoch: int = 0) -> bytes:
    """Lay out DOT source with `dot -T<fmt>`; deterministic PDF dates via SOURCE_DATE_EPOCH."""
    if not BY_NAME[fmt].image:
        raise ValueError(f"not an image format: {fmt}")
    program = shutil.which("dot")
    if program is None:
        raise DotMissing(INSTALL_HINT)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "TZ": "UTC"}
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT_S,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DotFailed(f"Graphviz dot took longer than {DOT_TIMEOUT_S} s") from None
    except OSError as exc:
        raise DotFailed(f"cannot run Graphviz dot ({exc.strerror or exc})") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0]
        raise DotFailed(f"Graphviz dot failed: {first}")
    return fixed_pdf_dates(done.stdout, epoch) if done.stdout.startswith(b"%PDF") else done.stdout


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")


def fixed_pdf_dates(pdf: bytes, epoch: int) -> bytes:
    """Replace the PDF's creation dates (cairo writes the clock) by the given time, same length,
    so the cross-reference offsets stay valid and the same input gives the same bytes."""
    stamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode("ascii")
    return _PDF_DATE.sub(lambda m: m.group(1) + stamp, pdf)
