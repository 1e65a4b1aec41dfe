"""SPEC §6, hostile input: a pull request controls every input. Classes of attack, each with its test."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from properties import examples

from cjm.yamlsafe import YamlProblem, parse

HEAD = "cjm: 1\nid: x\ntitle: t\nstages: [{id: s}]\ntouchpoints: []\n"

# How one level of a billion-laughs chain can be spelled: level i anchors a list of ten aliases of level i-1.
SPELLINGS = {
    "block key": "x-l{i}: &a{i} {body}",
    "quoted key, no space (flow)": '"l{i}":&a{i} {body}',
    "single-quoted key, no space (flow)": "'l{i}':&a{i} {body}",
    "explicit key": "? x-l{i}\n: &a{i} {body}",
    "anchor before a flow sequence item": "- &a{i} {body}",
}


def chain(spelling: str, levels: int = 12) -> str:
    """A journey whose x- data expands to about 10**levels nodes through `levels` anchored levels."""
    lines = []
    for i in range(levels):
        body = "[" + ",".join(["1"] * 10 if i == 0 else [f"*a{i - 1}"] * 10) + "]"
        lines.append(spelling.format(i=i, body=body))
    if "flow" in spelling or spelling.startswith(('"', "'")):
        return HEAD + "x-b: {" + ", ".join(lines) + "}\n"
    if spelling.startswith("- "):
        return HEAD + "x-b:\n" + "\n".join("  " + line for line in lines) + "\n"
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_an_alias_bomb_is_refused_however_the_anchor_is_written(name: str) -> None:
    text = chain(SPELLINGS[name])
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as refused:
        parse(text)
    assert time.perf_counter() - started < 1.0
    assert refused.value.code == "CJM001" and "alias bomb" in refused.value.message, refused.value.message


def test_merge_keys_and_many_aliases_to_one_large_node_are_bounded() -> None:
    big = "[" + ",".join(str(i) for i in range(2000)) + "]"
    many = HEAD + f"x-big: &big {big}\nx-copies: [{', '.join(['*big'] * 60)}]\n"
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse(many)
    merges = [HEAD + "x-m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(20)) + "}"]
    for i in range(1, 10):
        merges.append(f"x-m{i}: &m{i} {{" + ", ".join(f"s{j}: {{<<: *m{i - 1}}}" for j in range(10)) + "}")
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse("\n".join(merges) + "\n")


def test_ordinary_aliases_stay_allowed() -> None:
    text = HEAD + "x-owner: &o Kundeservice\nx-again: *o\nx-base: &b {a: 1}\nx-more: {<<: *b, c: 2}\n"
    data = parse(text)
    assert data["x-again"] == "Kundeservice" and data["x-more"] == {"a": 1, "c": 2}


@examples(25)
@given(
    key=st.sampled_from(['"k{i}":', "'k{i}':", "k{i}:", '"k{i}" :']),
    gap=st.sampled_from(["", " ", "  "]),
    flow=st.booleans(),
)
def test_anchor_spelling_property(key: str, gap: str, flow: bool) -> None:
    """Whatever the key's quoting and the space before the anchor, a chain of aliases is counted."""
    if not key.startswith(("'", '"')) and not gap:
        gap = " "  # `k0:&a0` is one plain scalar, not a key and an anchor
    levels = []
    for i in range(9):
        body = "[" + ",".join(["1"] * 10 if i == 0 else [f"*a{i - 1}"] * 10) + "]"
        levels.append(f"{key.format(i=i)}{gap}&a{i} {body}")
    if flow or not gap:  # a plain block key needs a space after ':'; flow mappings do not
        text = HEAD + "x-b: {" + ", ".join(levels) + "}\n"
    else:
        text = HEAD + "x-b:\n" + "\n".join("  " + line for line in levels) + "\n"
    with pytest.raises(YamlProblem, match="alias bomb"):
        parse(text)
