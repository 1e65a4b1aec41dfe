"""`cjm export` (SPEC §4.5): workbooks that round-trip through `cjm import`, and Nordic CSV files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, FIXTURES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
FORMAT_11 = [FIXTURES / "rules" / code / "passes.yaml" for code in ("CJM116", "CJM117", "CJM118", "CJM119")]
FORMAT_11.append(FIXTURES / "format11" / "claim.yaml")


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Import writes a new journey's schema into the current directory outside a repository: not the checkout."""
    monkeypatch.chdir(tmp_path)


def _with_touchpoint_name(path: Path, name: str) -> Path:
    """render_small.yaml with the first touchpoint named `name` (a YAML single-quoted scalar)."""
    text = (FIXTURES / "render_small.yaml").read_text("utf-8")
    head, tail = text.split("\ntouchpoints:", 1)
    path.write_text(head + "\ntouchpoints:" + tail.replace("name: ", f"name: '{name}' # ", 1), "utf-8")
    return path


def _changes(cli, old: Path, new: Path) -> list[dict]:
    result = cli(["diff", str(old), str(new), "--format", "json"])
    return json.loads(result.out)["diffs"][0]["changes"]


@pytest.mark.parametrize("example", EXAMPLE_FILES + FORMAT_11, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_xlsx_round_trip_changes_nothing(cli, tmp_path: Path, example: Path) -> None:
    book, back = tmp_path / "j.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(example), "-o", str(book)]).code == 0
    assert cli(["import", str(book), "-o", str(back)]).code == 0
    assert _changes(cli, example, back) == []
    assert back.read_text("utf-8") == example.read_text("utf-8"), "comments and key order too"


@pytest.mark.parametrize("example", EXAMPLE_FILES[:2], ids=lambda p: p.stem)
def test_an_edit_in_the_visible_sheet_is_exactly_that_edit(cli, tmp_path: Path, example: Path) -> None:
    from openpyxl import load_workbook

    book, edited, back = tmp_path / "j.xlsx", tmp_path / "edited.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(example), "-o", str(book)]).code == 0
    workbook = load_workbook(book)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    touchpoint_id = sheet.cell(row=3, column=1).value
    emotion = header.index(next(h for h in header if h in ("Følelse", "Emotion", "Känsla"))) + 1
    sheet.cell(row=3, column=emotion).value = -2
    workbook.save(edited)
    assert cli(["import", str(edited), "-o", str(back)]).code == 0
    changes = _changes(cli, example, back)
    assert [(c["id"], list(c["fields"])) for c in changes] == [(touchpoint_id, ["emotion"])]
    assert changes[0]["fields"]["emotion"]["new"] == -2


def test_two_exports_are_byte_identical(cli, tmp_path: Path) -> None:
    example = EXAMPLE_FILES[0]
    assert cli(["export", str(example), "-o", str(tmp_path / "a.xlsx")]).code == 0
    assert cli(["export", str(example), "-o", str(tmp_path / "b.xlsx")]).code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z</dcterms:modified>" in archive.read("docProps/core.xml")


def test_text_is_never_a_formula(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    journey = _with_touchpoint_name(tmp_path / "j.yaml", '=HYPERLINK("http://x")')
    book = tmp_path / "j.xlsx"
    assert cli(["export", str(journey), "-o", str(book)]).code == 0
    with zipfile.ZipFile(book) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in sheet for sheet in sheets), "no formula cell anywhere"
    cells = [c for row in load_workbook(book).worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=") and c.data_type == "s" for c in cells)


def test_the_hidden_sheet_holds_the_journey(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    example = EXAMPLES / "da-broadband-self-install.yaml"
    book = tmp_path / "j.xlsx"
    assert cli(["export", str(example), "-o", str(book)]).code == 0
    workbook = load_workbook(book)
    assert [s.title for s in workbook.worksheets] == [
        "Kontaktpunkter",
        "Vurdering",
        "Handlinger",
        "Personaer",
        "cjm-journey",
    ]
    hidden = workbook["cjm-journey"]
    assert hidden.sheet_state == "hidden"
    text = "".join(hidden.cell(row=r, column=1).value for r in range(2, hidden.max_row + 1))
    assert text == example.read_text("utf-8")
    assert workbook.worksheets[0].cell(row=1, column=4).value == "Kontaktpunkt"


def test_long_journeys_are_split_over_cells(tmp_path: Path) -> None:
    from cjm.export.formats.xlsx import CHUNK, write
    from cjm.export.report import Book, Column, SheetData

    text = "x" * (CHUNK * 2 + 5)
    data = write(Book("j", "en", [SheetData("touchpoints", "T", [Column("Id")], [])], text))[0][1]
    (tmp_path / "j.xlsx").write_bytes(data)
    from openpyxl import load_workbook

    hidden = load_workbook(tmp_path / "j.xlsx")["cjm-journey"]
    assert [len(hidden.cell(row=r, column=1).value) for r in (2, 3, 4)] == [CHUNK, CHUNK, 5]


def test_what_a_cell_cannot_hold_exactly_comes_back_unchanged(cli, tmp_path: Path) -> None:
    """A whole number beyond a cell's 15 digits, a text beyond its 32,767 characters: no edit on the way back."""
    from openpyxl import load_workbook

    journey = _with_touchpoint_name(tmp_path / "j.yaml", "Ad")
    text = journey.read_text("utf-8").replace(
        "name: 'Ad' # ",
        "x-order: 123456789012345678901234567890\n    x-notes: " + "x" * 40_000 + "\n    name: 'Ad' # ",
        1,
    )
    journey.write_text(text, "utf-8")
    assert cli(["lint", str(journey)]).code == 0
    book, back = tmp_path / "j.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(journey), "-o", str(book)]).code == 0
    workbook = load_workbook(book)  # a client opens and saves it
    workbook.save(book)
    assert cli(["import", str(book), "-o", str(back)]).code == 0
    assert _changes(cli, journey, back) == []
    assert "x-order: 123456789012345678901234567890\n" in back.read_text("utf-8")


def test_control_characters_a_cell_cannot_hold_are_no_edit(cli, tmp_path: Path) -> None:
    journey = _with_touchpoint_name(tmp_path / "j.yaml", "Ad")
    journey.write_text(journey.read_text("utf-8").replace("name: 'Ad' # ", 'name: "A\\vd\\a" # ', 1), "utf-8")
    book, back = tmp_path / "j.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(journey), "-o", str(book)]).code == 0
    assert cli(["import", str(book), "-o", str(back)]).code == 0
    assert _changes(cli, journey, back) == []
    assert "A\vd\a" in [tp["name"] for tp in yaml.safe_load(back.read_text("utf-8"))["touchpoints"]]


def test_danish_csv_export(cli, tmp_path: Path) -> None:
    example = EXAMPLES / "da-broadband-self-install.yaml"
    assert cli(["export", str(example), "--format", "csv", "-o", str(tmp_path / "out")]).code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    stem = "broadband-self-install"
    assert names == [f"{stem}.{sheet}.csv" for sheet in ("actions", "personas", "scores", "touchpoints")]
    raw = (tmp_path / "out" / f"{stem}.touchpoints.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    assert b"0,05" in raw or b"0,1" in raw, "decimal comma"
    back = tmp_path / "back.yaml"
    assert cli(["import", str(tmp_path / "out" / f"{stem}.touchpoints.csv"), "-o", str(back)]).code == 0
    assert cli(["lint", str(back)]).code == 0


def test_csv_text_is_formula_safe(cli, tmp_path: Path) -> None:
    journey = _with_touchpoint_name(tmp_path / "j.yaml", "@SUM(A1)")
    assert cli(["export", str(journey), "--format", "csv", "-o", str(tmp_path / "out")]).code == 0
    text = next((tmp_path / "out").glob("*.touchpoints.csv")).read_text("utf-8-sig")
    assert "'@SUM(A1)" in text
    back = tmp_path / "back.yaml"
    assert cli(["import", str(next((tmp_path / "out").glob("*.touchpoints.csv"))), "-o", str(back)]).code == 0
    assert "'@SUM(A1)'" in back.read_text("utf-8") or '"@SUM(A1)"' in back.read_text("utf-8")


@pytest.mark.parametrize("name", ["'=1+1", "''@x", "'plain"])
def test_csv_text_that_starts_with_a_quote_comes_back_as_it_was(cli, tmp_path: Path, name: str) -> None:
    journey = _with_touchpoint_name(tmp_path / "j.yaml", name.replace("'", "''"))
    assert cli(["export", str(journey), "--format", "csv", "-o", str(tmp_path / "out")]).code == 0
    sheet = next((tmp_path / "out").glob("*.touchpoints.csv"))
    back = tmp_path / "back.yaml"
    assert cli(["import", str(sheet), "-o", str(back)]).code == 0
    assert yaml.safe_load(back.read_text("utf-8"))["touchpoints"][0]["name"] == name


def test_a_nordic_csv_gives_an_x_number_back_unchanged(cli, tmp_path: Path) -> None:
    journey = _with_touchpoint_name(tmp_path / "j.yaml", "Ad")
    text = journey.read_text("utf-8").replace("language: en", "language: da", 1)
    journey.write_text(text.replace("name: 'Ad' # ", "x-score: 1.5\n    name: 'Ad' # ", 1), "utf-8")
    assert cli(["export", str(journey), "--format", "csv", "-o", str(tmp_path / "out")]).code == 0
    sheet = next((tmp_path / "out").glob("*.touchpoints.csv"))
    assert ";1,5" in sheet.read_text("utf-8-sig")
    into = tmp_path / "into.yaml"
    into.write_bytes(journey.read_bytes())
    result = cli(["import", str(sheet), "--into", str(into)])
    assert result.code == 0 and "no change" in result.err
    assert into.read_bytes() == journey.read_bytes()


def test_a_stage_named_like_another_stage_stays_in_its_stage(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    journey.write_text(
        "cjm: 1\nid: j\ntitle: J\nstages:\n  - {id: a, name: b, phase: before}\n  - {id: b, name: Bee, phase: during}\n"
        "  - {id: c, name: C!, phase: after}\n  - {id: d, name: c, phase: after}\ntouchpoints:\n"
        "  - {id: t1, stage: a, name: T1}\n  - {id: t2, stage: b, name: T2}\n"
        "  - {id: t3, stage: c, name: T3}\n  - {id: t4, stage: d, name: T4}\n",
        "utf-8",
    )
    book, back = tmp_path / "j.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(journey), "-o", str(book)]).code == 0
    assert cli(["import", str(book), "-o", str(back)]).code == 0
    assert _changes(cli, journey, back) == []


def test_a_directory_gives_one_workbook_per_journey(cli, tmp_path: Path) -> None:
    assert cli(["export", str(EXAMPLES), "-o", str(tmp_path / "books")]).code == 0
    assert len(list((tmp_path / "books").glob("*.xlsx"))) == len(EXAMPLE_FILES)


def test_invalid_journeys_are_not_exported(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    journey.write_text("cjm: 1\nid: [\n", "utf-8")
    result = cli(["export", str(journey), "-o", str(tmp_path / "j.xlsx")])
    assert result.code == 2 and "CJM001" in result.err and not (tmp_path / "j.xlsx").exists()


def test_export_never_replaces_an_input(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.xlsx"
    journey.write_text((FIXTURES / "render_small.yaml").read_text("utf-8"), "utf-8")
    result = cli(["export", str(journey), "-o", str(journey)])
    assert result.code == 2 and "over an input" in result.err


def test_a_workbook_edited_and_saved_by_libreoffice(cli, tmp_path: Path) -> None:
    """An export of the Swedish example, one emotion changed, saved again by LibreOffice Calc."""
    from openpyxl import load_workbook

    book = FIXTURES / "import" / "libreoffice_export_edited.xlsx"
    hidden = load_workbook(book)["cjm-journey"]
    original = tmp_path / "original.yaml"
    original.write_text("".join(hidden.cell(row=r, column=1).value for r in range(2, hidden.max_row + 1)), "utf-8")
    back = tmp_path / "back.yaml"
    assert cli(["import", str(book), "-o", str(back)]).code == 0
    changes = _changes(cli, original, back)
    assert [(c["id"], c["fields"]) for c in changes] == [("instagram-annons", {"emotion": {"old": 0.7, "new": -1.5}})]


def test_a_1_1_importance_added_in_the_sheet_makes_the_journey_1_1(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book, edited, back = tmp_path / "j.xlsx", tmp_path / "edited.xlsx", tmp_path / "back.yaml"
    example = EXAMPLES / "en-b2b-saas-onboarding.yaml"
    assert cli(["export", str(example), "-o", str(book)]).code == 0
    workbook = load_workbook(book)
    sheet = workbook.worksheets[0]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column).value = "Importance"
    sheet.cell(row=2, column=column).value = 5
    workbook.save(edited)
    assert cli(["import", str(edited), "-o", str(back)]).code == 0
    text = back.read_text("utf-8")
    assert "\ncjm: 1.1\n" in text and "importance: 5" in text
    assert cli(["lint", str(back)]).code == 0


def test_persona_shares_edited_in_the_personas_sheet(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book, edited, back = tmp_path / "j.xlsx", tmp_path / "edited.xlsx", tmp_path / "back.yaml"
    example = EXAMPLES / "da-broadband-self-install.yaml"
    assert cli(["export", str(example), "-o", str(book)]).code == 0
    workbook = load_workbook(book)
    personas = workbook["Personaer"]
    assert [c.value for c in personas[1]] == ["Id", "Persona", "Segment", "Andel af kunderne"]
    personas.cell(row=2, column=4).value = 0.5
    personas.cell(row=3, column=4).value = "30 %"
    workbook.save(edited)
    assert cli(["import", str(edited), "-o", str(back)]).code == 0
    changes = _changes(cli, example, back)
    assert sorted((c["kind"], c["id"], tuple(c["fields"])) for c in changes if c["kind"] == "persona") == [
        ("persona", "familie", ("share",)),
        ("persona", "senior", ("share",)),
    ]
    assert "\ncjm: 1.1\n" in back.read_text("utf-8"), "a persona share is format 1.1"


def test_the_journeys_own_phase_names_go_out_and_come_back(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    journey = FIXTURES / "format11" / "claim.yaml"
    book, edited, back = tmp_path / "j.xlsx", tmp_path / "edited.xlsx", tmp_path / "back.yaml"
    assert cli(["export", str(journey), "-o", str(book)]).code == 0
    workbook = load_workbook(book)
    sheet = workbook.worksheets[0]
    assert sheet.cell(row=2, column=2).value == "Før skaden", "format 1.1 phases name the phases"
    stage = sheet.cell(row=2, column=3).value
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=3).value == stage:
            sheet.cell(row=row, column=2).value = "Skadebehandling"
    workbook.save(edited)
    result = cli(["import", str(edited), "-o", str(back)])
    assert result.code == 0 and "warning" not in result.err
    changes = _changes(cli, journey, back)
    assert [(c["kind"], list(c["fields"])) for c in changes] == [("stage", ["phase"])], changes
