"""Hypothesis strategies and hostile inputs for tests/test_adversarial.py.

Valid journeys are built as Python dicts (so a mutation can change one thing and
know where it is), then dumped to YAML text with `yaml.safe_dump`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

from cjm.model import TEXT_PATTERN

# Text that has broken tools before: right-to-left, emoji with joiners, combining
# marks, zero-width characters, markup and formula injections, YAML look-alikes.
EDGE_TEXTS = (
    "שלום עולם",  # Hebrew, RTL
    "مرحبا بالعالم",  # Arabic, RTL
    "abc\u202edcba\u202c",  # RTL override
    "👨‍👩‍👧‍👦 familie",  # ZWJ sequence
    "🏳️‍🌈🇩🇰🇳🇴",  # flags, variation selector
    "e\u0301\u0301\u0301 Z̷̢͎̈́a̶l̴g̵o̷",  # combining marks
    "zero\u200bwidth\u200cnon\u200djoiner\ufeff",
    "Kø, Æble, Åse, Öl, Ärtsoppa, Ääkkönen",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '"]; evil [image="/etc/passwd" URL="file:///etc/passwd"]; x["',
    "a -> b; subgraph cluster_x { }",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with tab",
    "line one\nline two\r\nline three",
    "%0A::error::injected",
    "title: x: y # not a comment",
    "no",
    "NO",
    "~",
    "*alias &anchor !tag",
    "| > `code` **bold** [link](javascript:alert(1)) @here",
    "{{ 7*7 }} {% raw %}",
    "${HOME} $(id) `id`",
    "x" * 300,
)

_SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
# Text fields need one visible character (the format's TEXT_PATTERN): a soft hyphen alone is blank.
TEXT = st.one_of(
    st.sampled_from(EDGE_TEXTS),
    st.text(_SAFE_CHARS, min_size=1, max_size=20).filter(lambda text: re.search(TEXT_PATTERN, text) is not None),
)
SLUG = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,10}\Z", fullmatch=True)
DATE = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
SHARE = st.one_of(st.sampled_from([0, 0.0, 1, 1.0, 0.5]), st.floats(0, 1, allow_nan=False))


def _opt(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    return draw(st.one_of(st.none(), strategy))


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        item[key] = value


@st.composite
def journeys(draw: st.DrawFn) -> dict[str, Any]:
    """A valid journey (format 1, or 1.1 with its fields) as a dict, with every kind of field sometimes filled."""
    stage_ids = draw(st.lists(SLUG, min_size=1, max_size=4, unique=True))
    tp_ids = draw(st.lists(SLUG, min_size=1, max_size=6, unique=True))
    persona_ids = draw(st.lists(SLUG, max_size=3, unique=True))
    doc: dict[str, Any] = {"cjm": 1, "id": draw(SLUG), "title": draw(TEXT)}
    _put(doc, "language", _opt(draw, st.sampled_from(["da", "nb", "nn", "sv", "fi", "en"])))
    _put(doc, "state", _opt(draw, st.sampled_from(["current", "future"])))
    _put(doc, "owner", _opt(draw, TEXT))
    _put(doc, "reviewed", _opt(draw, DATE))
    _put(doc, "description", _opt(draw, TEXT))
    _put(doc, "tags", _opt(draw, st.lists(TEXT, max_size=3)))
    if persona_ids:
        doc["personas"] = [
            {
                "id": p,
                "name": draw(TEXT),
                "needs": {
                    "functional": draw(st.lists(TEXT, max_size=2)),
                    "emotional": draw(st.lists(TEXT, max_size=2)),
                },
            }
            for p in persona_ids
        ]
    phases = st.sampled_from(["before", "during", "after"])
    doc["stages"] = [{"id": s, "name": draw(TEXT), "phase": draw(phases)} for s in stage_ids]
    doc["touchpoints"] = [draw(_touchpoint(t, stage_ids, tp_ids, persona_ids)) for t in tp_ids]
    if draw(st.booleans()):
        doc["actions"] = [
            {
                "id": draw(SLUG),
                "title": draw(TEXT),
                "owner": draw(TEXT),
                "status": draw(st.sampled_from(["idea", "planned", "in-progress", "done", "dropped"])),
                "due": draw(DATE),
                "addresses": draw(st.lists(st.sampled_from(tp_ids), max_size=2, unique=True)),
            }
        ]
        doc["opportunities"] = [
            {"id": draw(SLUG), "title": draw(TEXT), "touchpoints": draw(st.lists(st.sampled_from(tp_ids), max_size=2))}
        ]
        doc["insights"] = [
            {
                "question": draw(st.sampled_from(["continue", "recommend", "stop", "detract"])),
                "answer": draw(TEXT),
                "touchpoints": draw(st.lists(st.sampled_from(tp_ids), max_size=2, unique=True)),
            }
        ]
    if draw(st.booleans()):
        _format_11(draw, doc)
    return doc


KPI_ID = st.from_regex(r"\Akpi-[a-z0-9]{1,6}\Z", fullmatch=True)  # never a field name, never x-


def _format_11(draw: st.DrawFn, doc: dict[str, Any]) -> None:
    """Make a valid journey format 1.1 (SPEC §2.1), with each of its fields sometimes filled."""
    doc["cjm"] = 1.1
    if draw(st.booleans()):
        doc["phases"] = {phase: draw(TEXT) for phase in draw(st.sets(st.sampled_from(["before", "during", "after"])))}
    _put(doc, "customers", _opt(draw, st.integers(0, 10**9)))
    _put(doc, "currency", _opt(draw, st.sampled_from(["DKK", "NOK", "SEK", "EUR"])))
    kpis = draw(st.lists(KPI_ID, max_size=2, unique=True))
    if kpis:
        number = st.one_of(st.integers(-1000, 1000), st.floats(-1e6, 1e6, allow_nan=False))
        doc["kpis"] = [
            {"id": k, "name": draw(TEXT), "direction": draw(st.sampled_from(["up", "down"])), "value": draw(number)}
            | ({"target": draw(number)} if draw(st.booleans()) else {})
            for k in kpis
        ]
    personas = doc.get("personas", [])
    weights = [draw(st.integers(0, 10)) for _ in personas]
    need_ids: list[str] = []
    for n, (persona, weight) in enumerate(zip(personas, weights, strict=True)):
        if draw(st.booleans()):
            persona["share"] = weight / max(10, sum(weights))  # the shares add up to at most 1
        if draw(st.booleans()):
            need_ids.append(f"need-{n}")
            persona["needs"]["emotional"] = [*persona["needs"]["emotional"], {"id": f"need-{n}", "text": draw(TEXT)}]
    tps = doc["touchpoints"]
    for i, tp in enumerate(tps):
        _put(tp, "importance", _opt(draw, st.integers(1, 5)))
        _put(tp, "partner", _opt(draw, TEXT))
        if draw(st.booleans()):
            tp["co_owners"] = draw(st.lists(TEXT, max_size=2))
        served = tp.get("personas") or [p["id"] for p in personas]
        if served and draw(st.booleans()):
            tp["by_persona"] = {
                p: {"emotion": draw(st.floats(-2, 2, allow_nan=False)), "drop_off": draw(SHARE)}
                | ({kpis[0]: draw(st.integers(0, 100))} if kpis else {})
                for p in draw(st.lists(st.sampled_from(served), min_size=1, max_size=2, unique=True))
            }
        if need_ids and draw(st.booleans()):
            met = draw(st.lists(st.sampled_from(need_ids), max_size=2, unique=True))
            tp["needs_met"] = met
            tp["needs_unmet"] = [n for n in need_ids if n not in met][:1]
        if i and draw(st.integers(0, 3)) == 0:
            tp["recovers"] = tps[draw(st.integers(0, i - 1))]["id"]  # an earlier touchpoint: never a cycle
        if draw(st.integers(0, 3)) == 0:
            tp["target"] = True
        if kpis and draw(st.booleans()):
            tp.setdefault("metrics", {})[kpis[-1]] = draw(st.floats(-1e6, 1e6, allow_nan=False))
    for opportunity in doc.get("opportunities", []):
        _put(opportunity, "value", _opt(draw, st.integers(0, 10**9)))
        _put(opportunity, "effort", _opt(draw, st.integers(1, 5)))
    for action in doc.get("actions", []):
        _put(action, "priority", _opt(draw, st.integers(1, 9)))
        _put(action, "effort", _opt(draw, st.floats(1, 5, allow_nan=False)))
        if kpis:
            _put(action, "kpi", _opt(draw, st.sampled_from(kpis)))


@st.composite
def _touchpoint(draw: st.DrawFn, tp_id: str, stage_ids: list[str], tp_ids: list[str], persona_ids: list[str]) -> Any:
    tp: dict[str, Any] = {"id": tp_id, "stage": draw(st.sampled_from(stage_ids))}
    for key in ("name", "channel", "owner", "action", "thoughts"):
        _put(tp, key, _opt(draw, TEXT))
    _put(tp, "emotion", _opt(draw, st.one_of(st.integers(-2, 2), st.floats(-2, 2, allow_nan=False))))
    _put(tp, "expectation", _opt(draw, st.integers(1, 5)))
    _put(tp, "experience", _opt(draw, st.one_of(st.integers(1, 5), st.floats(1, 5, allow_nan=False))))
    if draw(st.booleans()):
        tp["metrics"] = {"volume": draw(st.integers(0, 10**9)), "drop_off": draw(SHARE), "complaints": draw(SHARE)}
    if persona_ids and draw(st.booleans()):
        tp["personas"] = draw(st.lists(st.sampled_from(persona_ids), max_size=2, unique=True))
    if draw(st.booleans()):
        tp["quotes"] = draw(st.lists(TEXT, max_size=2))
        tp["backstage"] = draw(st.lists(TEXT, max_size=2))
        tp["evidence"] = [{"source": draw(TEXT), "kind": "qualitative", "date": draw(DATE), "note": draw(TEXT)}]
    _put(tp, "moment", _opt(draw, st.sampled_from(["pain", "truth", "delight"])))
    if draw(st.integers(0, 3)) == 0:
        tp["next"] = draw(st.lists(st.sampled_from(tp_ids), max_size=2, unique=True))
    if draw(st.integers(0, 3)) == 0:
        tp["entry"] = True
    return tp


def dump(doc: dict[str, Any]) -> str:
    """YAML text of a journey dict, unicode kept as is."""
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


@dataclass(frozen=True)
class Mutation:
    """A broken journey and what the loader must say about it."""

    text: str
    code: str
    key: str | None = None  # a word the reported line must contain, when the position is known


def _set_touchpoint(doc: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    doc["touchpoints"][-1][key] = value
    return doc


MUTATIONS = (
    "drop-required",
    "wrong-type",
    "out-of-range",
    "dangling-stage",
    "dangling-next",
    "duplicate-id",
    "unknown-key",
    "duplicate-key",
    "bad-date",
    "bad-version",
)

_OUT_OF_RANGE = (
    ("emotion", 2.5),
    ("emotion", -3),
    ("expectation", 0),
    ("expectation", 6),
    ("experience", 5.01),
)
_WRONG_TYPE = (("emotion", "very bad"), ("expectation", [1]), ("name", {"a": 1}), ("entry", "yes"), ("personas", "x"))


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """A valid journey with exactly one thing broken."""
    doc = copy.deepcopy(draw(journeys()))
    kind = draw(st.sampled_from(MUTATIONS))
    if kind == "drop-required":
        key = draw(st.sampled_from(["id", "title", "stages", "touchpoints"]))
        del doc[key]
        return Mutation(dump(doc), "CJM002")
    if kind == "wrong-type":
        key, value = draw(st.sampled_from(_WRONG_TYPE))
        return Mutation(dump(_set_touchpoint(doc, key, value)), "CJM002", key)
    if kind == "out-of-range":
        key, value = draw(st.sampled_from(_OUT_OF_RANGE))
        return Mutation(dump(_set_touchpoint(doc, key, value)), "CJM002", key)
    if kind == "dangling-stage":
        return Mutation(dump(_set_touchpoint(doc, "stage", "no-such-stage-zz")), "CJM005", "stage")
    if kind == "dangling-next":
        return Mutation(dump(_set_touchpoint(doc, "next", ["no-such-tp-zz"])), "CJM005", "next")
    if kind == "duplicate-id":
        doc["stages"].append(dict(doc["stages"][0]))
        return Mutation(dump(doc), "CJM004")
    if kind == "unknown-key":
        return Mutation(dump(_set_touchpoint(doc, "emotoin", 1)), "CJM002", "emotoin")
    if kind == "duplicate-key":
        return Mutation(dump(doc) + "title: again\n", "CJM003", "title")
    if kind == "bad-date":
        doc["reviewed"] = draw(st.sampled_from(["2026-02-30", "2026-13-01", "yesterday", "2026-1-1"]))
        return Mutation(dump(doc), "CJM002", "reviewed")
    doc["cjm"] = draw(st.sampled_from([2, 0, "1", 1.5, True, None]))
    return Mutation(dump(doc), "CJM006", "cjm")
