"""`cjm import` (SPEC §4.5): workshop sheets (xlsx, Nordic CSV) and Mermaid journeys become journeys that lint."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, FIXTURES

from cjm.importer import headers
from cjm.importer.slug import slug, unique
from cjm.languages import LANGUAGES

IMPORT = FIXTURES / "import"


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a repository the schema goes into the current directory: never the checkout's."""
    monkeypatch.chdir(tmp_path)


def _imported(cli, tmp_path: Path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "out.yaml"
    result = cli(["import", *args, "-o", str(out)])
    assert result.code == 0, result.err
    assert cli(["lint", str(out)]).code == 0, "the result passes cjm lint with no errors"
    text = out.read_text("utf-8")
    return yaml.safe_load(text), result.err


def _workbook(path: Path, rows: list[list[object]], title: str = "Ark1", **extra: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, more in extra.items():
        other = book.create_sheet(name)
        for row in more:
            other.append(row)
    book.save(path)
    return path


# --- the header table -------------------------------------------------------------------------------


@pytest.mark.parametrize("section", sorted(headers.table()))
def test_every_field_has_a_word_in_every_language(section: str) -> None:
    for field, words in headers.table()[section].items():
        assert sorted(words) == sorted(LANGUAGES), (section, field)
        assert all(names and all(name.strip() for name in names) for names in words.values()), (section, field)


@pytest.mark.parametrize("section", ["touchpoint_columns", "action_columns", "sheets", "statuses"])
def test_a_word_names_one_field_only(section: str) -> None:
    seen: dict[str, str] = {}
    for field, words in headers.table()[section].items():
        for names in words.values():
            for name in names:
                key = headers.normalized(name)
                assert seen.setdefault(key, field) == field, f"{name!r} names both {seen[key]} and {field}"


def test_the_spec_fields_are_all_in_the_table() -> None:
    columns = headers.table()["touchpoint_columns"]
    spec = "phase stage touchpoint channel owner action thoughts emotion expectation experience volume"
    spec += " drop_off complaints csat nps ces quote persona backstage importance"
    assert set(spec.split()) <= set(columns)
    for name, field in [
        ("Kontaktpunkt", "touchpoint"),
        ("Berøringspunkt", "touchpoint"),
        ("kontaktyta", "touchpoint"),
        ("KOSKETUSPISTE", "touchpoint"),
        ("Touch-point", "touchpoint"),
        ("Fråfall", "drop_off"),
        ("fraafall", None),
        ("drop off", "drop_off"),
        ("Forventning", "expectation"),
    ]:
        assert headers.field_of("touchpoint_columns", name) == field, name


def test_phase_words_in_every_language() -> None:
    assert [headers.phase_of(w) for w in ("Før købet", "under", "Etter", "Ennen ostoa", "Oston jälkeen")] == [
        "before",
        "during",
        "after",
        "before",
        "after",
    ]
    assert headers.phase_of("Understanding") is None


def test_slugs() -> None:
    assert slug("Første faktura") == "foerste-faktura"
    assert slug("Åbning af æske") == "aabning-af-aeske"
    assert slug("Köp & Bärgning") == "kop-bargning"
    assert slug("!!!") == "item"
    used: set[str] = set()
    assert [unique("a", used) for _ in range(3)] == ["a", "a-2", "a-3"]


# --- CSV ----------------------------------------------------------------------------------------------


def test_danish_csv(cli, tmp_path: Path) -> None:
    data, err = _imported(cli, tmp_path, str(IMPORT / "workshop_da.csv"))
    assert data["language"] == "da" and data["cjm"] == 1
    assert [s["phase"] for s in data["stages"]] == ["before", "during", "after"]
    tv, check, order, bill = data["touchpoints"]
    assert tv["metrics"] == {"drop_off": 0.05, "volume": 120000}  # 5 %, a thousands dot
    assert check["emotion"] == 0.5  # decimal comma
    assert tv["x-budget-kr"] == "100", "an unknown column is kept as an x- key"
    assert order["personas"] == ["familie", "senior"] and "emotion" not in order
    assert bill["quotes"] == ['=HYPERLINK("http://x")'], "the ' of a formula-safe cell is stripped, never run"
    assert "workshop_da.csv:4:7: emotion: 'meget glad' is not a number" in err
    text = (tmp_path / "out.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "\nid: workshop-da\n" in text


def test_windows_1252_and_comma_csv(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes('Stage,Touchpoint,Emotion,Drop-off\nSøg,Web,"1.5",0.2\n'.encode("cp1252"))
    data, _ = _imported(cli, tmp_path, str(sheet), "--id", "web-journey", "--title", "Web")
    assert data["id"] == "web-journey" and data["title"] == "Web" and data["language"] == "en"
    assert data["stages"][0]["name"] == "Søg"
    assert data["touchpoints"][0]["emotion"] == 1.5 and data["touchpoints"][0]["metrics"]["drop_off"] == 0.2


def test_phases_are_guessed_with_a_warning(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Stage;Touchpoint\nA;a\nB;b\nC;c\n", "utf-8")
    data, err = _imported(cli, tmp_path, str(sheet))
    assert [s["phase"] for s in data["stages"]] == ["before", "during", "after"]
    assert "guessed from the stage order" in err


def test_same_names_get_unique_ids(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Fase;Kontaktpunkt\nKøb;Web\nKøb;Web\n", "utf-8")
    data, _ = _imported(cli, tmp_path, str(sheet))
    assert [tp["id"] for tp in data["touchpoints"]] == ["web", "web-2"]


def test_a_sheet_without_a_touchpoint_column_is_exit_2(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Name;Value\na;1\n", "utf-8")
    result = cli(["import", str(sheet), "-o", str(tmp_path / "out.yaml")])
    assert result.code == 2 and "no touchpoint column" in result.err
    assert not (tmp_path / "out.yaml").exists()


def test_never_overwrites_without_force(cli, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    out.write_text("keep", "utf-8")
    result = cli(["import", str(IMPORT / "workshop_da.csv"), "-o", str(out)])
    assert result.code == 2 and "--force" in result.err and out.read_text("utf-8") == "keep"
    assert cli(["import", str(IMPORT / "workshop_da.csv"), "-o", str(out), "--force"]).code == 0


def test_stdout_without_output(cli) -> None:
    result = cli(["import", str(IMPORT / "mermaid_docs.mmd")])
    assert result.code == 0 and result.out.startswith("# yaml-language-server:")


# --- Mermaid --------------------------------------------------------------------------------------------


def test_mermaid_docs_example(cli, tmp_path: Path) -> None:
    data, err = _imported(cli, tmp_path, str(IMPORT / "mermaid_docs.mmd"))
    assert data["title"] == "My working day" and data["id"] == "my-working-day"
    assert [s["name"] for s in data["stages"]] == ["Go to work", "Go home"]
    assert [tp["emotion"] for tp in data["touchpoints"]] == [2, 0, -2, 2, 2]  # 5 → +2, 3 → 0, 1 → −2
    assert data["touchpoints"][2]["personas"] == ["me", "cat"]
    assert [p["name"] for p in data["personas"]] == ["Me", "Cat"]
    assert "guessed" in err


def test_first_mermaid_block_of_markdown(cli, tmp_path: Path) -> None:
    data, err = _imported(cli, tmp_path, str(IMPORT / "mermaid_in.md"))
    assert data["title"] == "Onboarding"
    assert [tp["name"] for tp in data["touchpoints"]] == ["Fill in the form", "Confirm e-mail", "Import data"]
    assert "emotion" not in data["touchpoints"][1]
    assert "mermaid_in.md:12:21:" in err and "'six' is not a number 1..5" in err


def test_a_mermaid_description_over_lines_is_no_touchpoint(cli, tmp_path: Path) -> None:
    diagram = tmp_path / "d.mmd"
    diagram.write_text(
        "journey\n  accTitle: Day\n  accDescr {\n    Morning: coffee\n    }\n  accDescr { one line }\n"
        "  section Work\n    Make tea: 5: Me\n",
        "utf-8",
    )
    data, err = _imported(cli, tmp_path, str(diagram))
    assert [tp["name"] for tp in data["touchpoints"]] == ["Make tea"]
    assert "coffee" not in err


def test_mermaid_front_matter_gives_the_title(cli, tmp_path: Path) -> None:
    diagram = tmp_path / "d.mmd"
    diagram.write_text('---\ntitle: "Day: one"\nconfig:\n  theme: dark\n---\njourney\n  Make tea: 5: Me\n', "utf-8")
    data, _ = _imported(cli, tmp_path, str(diagram))
    assert data["title"] == "Day: one" and [tp["name"] for tp in data["touchpoints"]] == ["Make tea"]


def test_not_a_journey_is_exit_2(cli, tmp_path: Path) -> None:
    diagram = tmp_path / "flow.mmd"
    diagram.write_text("flowchart LR\n  A --> B\n", "utf-8")
    result = cli(["import", str(diagram), "-o", str(tmp_path / "o.yaml")])
    assert result.code == 2 and "not a Mermaid journey" in result.err


# --- xlsx -----------------------------------------------------------------------------------------------


def test_workshop_workbook_with_merged_stage_cells_and_an_action_plan(cli, tmp_path: Path) -> None:
    book = tmp_path / "workshop.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Bredbånd"
    sheet.append(["Fase", "Kontaktpunkt", "Følelse", "Frafald", "Vigtighed", "Link"])
    sheet.append(["Bestilling", "Web", -1, 0.3, 5, '=HYPERLINK("http://evil.example","klik")'])
    sheet.append([None, "Telefon", 1.5, None, None, None])
    sheet.append(["Levering", "Pakke", None, None, None, None])
    sheet.merge_cells("A2:A3")
    plan = wb.create_sheet("Handlingsplan")
    plan.append(["Handling", "Ansvarlig", "Status", "Frist", "Vedrører"])
    plan.append(["Ny bestillingsside", "Salg", "planlagt", "2027-01-31", "Web"])
    wb.save(book)
    data, err = _imported(cli, tmp_path, str(book))
    assert data["title"] == "Bredbånd" and data["id"] == "bredbaand"
    web, phone, _parcel = data["touchpoints"]
    assert web["stage"] == phone["stage"] == "bestilling", "a merged cell's value is read for every row it covers"
    assert "Bredbånd!A2:A3: merged cells; each one's value is read for every row it covers" in err
    assert web["x-link"] == '=HYPERLINK("http://evil.example","klik")', "a formula is read as text, never run"
    assert "Bredbånd!F2: a formula without a saved value" in err
    assert web["importance"] == 5 and data["cjm"] == 1.1, "an importance column makes it format 1.1"
    assert data["actions"] == [
        {
            "id": "ny-bestillingsside",
            "title": "Ny bestillingsside",
            "owner": "Salg",
            "status": "planned",
            "due": __import__("datetime").date(2027, 1, 31),
            "addresses": ["web"],
        }
    ]


def test_empty_and_repeated_headers_are_kept_with_a_warning(cli, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "w.xlsx", [["Stage", "Touchpoint", None, "Touchpoint"], ["Buy", "Web", "note", "Shop"]])
    data, err = _imported(cli, tmp_path, str(book))
    tp = data["touchpoints"][0]
    assert tp["name"] == "Web" and tp["x-column-3"] == "note" and tp["x-touchpoint"] == "Shop"
    assert "Ark1!C1: a column without a header" in err
    assert "Ark1!D1: the column 'Touchpoint' appears twice" in err


def test_a_zip_bomb_is_refused_unread(cli, tmp_path: Path) -> None:
    bomb = IMPORT / "zip_bomb.xlsx"
    assert bomb.stat().st_size < 100_000
    result = cli(["import", str(bomb), "-o", str(tmp_path / "out.yaml")])
    assert result.code == 2 and "unpacks to" in result.err and "size limit" in result.err
    assert not (tmp_path / "out.yaml").exists()


def test_macros_are_ignored_with_a_warning(cli, tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "w.xlsx", [["Stage", "Touchpoint"], ["Buy", "Web"]])
    macro = tmp_path / "w.xlsm"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(macro, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    data, err = _imported(cli, tmp_path, str(macro))
    assert data["touchpoints"][0]["name"] == "Web"
    assert "holds macros; they are ignored, never run" in err


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_an_unreadable_workbook_is_exit_2_and_nothing_is_written(cli, tmp_path: Path, content: bytes) -> None:
    book = tmp_path / "bad.xlsx"
    book.write_bytes(content)
    result = cli(["import", str(book), "-o", str(tmp_path / "out.yaml")])
    assert result.code == 2 and result.err.startswith("cjm: error:") and "Traceback" not in result.err
    assert not (tmp_path / "out.yaml").exists()


def test_a_workbook_that_is_a_zip_of_something_else_is_exit_2(cli, tmp_path: Path) -> None:
    book = tmp_path / "other.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    book.write_bytes(buffer.getvalue())
    result = cli(["import", str(book), "-o", str(tmp_path / "out.yaml")])
    assert result.code == 2 and "cannot read the workbook" in result.err


def test_libreoffice_saved_workbook(cli, tmp_path: Path) -> None:
    """A sheet saved by LibreOffice Calc (cached formula values, its own XML layout)."""
    book = IMPORT / "libreoffice_workshop.xlsx"
    if not book.exists():
        pytest.skip("no LibreOffice fixture")
    data, _ = _imported(cli, tmp_path, str(book))
    assert len(data["touchpoints"]) >= 3
    assert data["touchpoints"][0]["metrics"]["volume"] == 1200, "a formula's saved value is read"


def test_a_sheet_named_index_gives_a_journey_render_can_place_beside_others(cli, tmp_path: Path) -> None:
    sheet, out = tmp_path / "Index.csv", tmp_path / "maps" / "index.yaml"
    sheet.write_text("Stage;Touchpoint\nS;Web\n", "utf-8")
    result = cli(["import", str(sheet), "-o", str(out)])
    assert result.code == 0 and "index-journey" in result.err
    assert yaml.safe_load(out.read_text("utf-8"))["id"] == "index-journey"
    (tmp_path / "maps" / "other.yaml").write_text((FIXTURES / "render_small.yaml").read_text("utf-8"), "utf-8")
    assert cli(["render", str(tmp_path / "maps"), "-o", str(tmp_path / "handouts") + "/"]).code == 0


# --- --into ---------------------------------------------------------------------------------------------


def test_into_keeps_comments_and_everything_the_sheet_does_not_hold(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    original = (EXAMPLES / "da-broadband-self-install.yaml").read_text("utf-8")
    journey.write_text(original, "utf-8")
    before = tmp_path / "before.yaml"
    before.write_text(original, "utf-8")
    first = yaml.safe_load(original)["touchpoints"][0]
    stage_first = yaml.safe_load(original)["stages"][0]["name"]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        f"Id;Fase;Kontaktpunkt;Følelse\n{first['id']};;{first['name']};-1,5\n;{stage_first};Ny chat;1\n", "utf-8"
    )
    result = cli(["import", str(sheet), "--into", str(journey)])
    assert result.code == 0, result.err
    text = journey.read_text("utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert all(line in text for line in comments), "every comment is kept"
    diff = cli(["diff", str(before), str(journey), "--format", "json"])
    import json

    changes = json.loads(diff.out)["diffs"][0]["changes"]
    kinds = sorted((c["kind"], c["op"], c["id"], tuple(c["fields"])) for c in changes)
    assert kinds == [("touchpoint", "added", "ny-chat", ()), ("touchpoint", "modified", first["id"], ("emotion",))]


ANCHORED = """cjm: 1
id: anchored
title: Anchors
x-defaults: &m {volume: 100, drop_off: 0.1}
stages:
  - {id: s1, name: S1, phase: before}
  - {id: s2, name: S2, phase: after}
touchpoints:
  - {id: web, stage: s1, name: Web, owner: Digital, metrics: *m}
  - id: shop
    stage: s2
    name: Shop
    owner: Digital
    metrics:
      <<: *m
      csat: 4
"""


def test_into_edits_only_the_row_an_alias_or_merge_key_shares_with_others(cli, tmp_path: Path) -> None:
    journey, before, sheet = tmp_path / "j.yaml", tmp_path / "before.yaml", tmp_path / "s.csv"
    journey.write_text(ANCHORED, "utf-8")
    before.write_text(ANCHORED, "utf-8")
    sheet.write_text("Stage,Touchpoint,Volume,Drop-off,CSAT\nS1,Web,500,0.1,\nS2,Shop,100,,4\n", "utf-8")
    assert cli(["import", str(sheet), "--into", str(journey)]).code == 0
    import json

    changes = json.loads(cli(["diff", str(before), str(journey), "--format", "json"]).out)["diffs"][0]["changes"]
    edits = sorted((c["id"], field) for c in changes for field in c["fields"])
    assert edits == [("shop", "metrics.drop_off"), ("web", "metrics.volume")], "never x-defaults, never shop's volume"
    data = yaml.safe_load(journey.read_text("utf-8"))
    assert data["x-defaults"] == {"volume": 100, "drop_off": 0.1}
    assert data["touchpoints"][1]["metrics"] == {"volume": 100, "csat": 4}, "the cleared cell removed a merged key"


def test_into_a_windows_journey_keeps_its_line_endings(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    original = (EXAMPLES / "da-broadband-self-install.yaml").read_bytes().replace(b"\n", b"\r\n")
    journey.write_bytes(original)
    first = yaml.safe_load(original)["touchpoints"][0]
    sheet = tmp_path / "s.csv"
    sheet.write_text(f"Id;Kontaktpunkt;Følelse\n{first['id']};{first['name']};-2\n", "utf-8")
    assert cli(["import", str(sheet), "--into", str(journey)]).code == 0
    after = journey.read_bytes()
    assert after != original and after.count(b"\n") == after.count(b"\r\n"), "CRLF, not a rewrite of every line"
    assert len(after.splitlines()) == len(original.splitlines())


def test_into_warns_of_two_rows_with_one_id(cli, tmp_path: Path) -> None:
    journey, sheet = tmp_path / "j.yaml", tmp_path / "s.csv"
    journey.write_text(ANCHORED, "utf-8")
    sheet.write_text("Id,Touchpoint,Emotion\nweb,Web,1\nshop,Shop,0\nweb,Web,-2\n", "utf-8")
    result = cli(["import", str(sheet), "--into", str(journey)])
    assert result.code == 0
    assert "s.csv:4:1: the id 'web' is on an earlier row too; this row's values win" in result.err
    assert yaml.safe_load(journey.read_text("utf-8"))["touchpoints"][0]["emotion"] == -2


def test_into_a_persona_cell_names_a_persona_by_id_before_names(cli, tmp_path: Path) -> None:
    journey, sheet = tmp_path / "j.yaml", tmp_path / "s.csv"
    journey.write_text(
        ANCHORED.replace("stages:", "personas:\n  - {id: p1, name: P2}\n  - {id: p2, name: Other}\nstages:"), "utf-8"
    )
    sheet.write_text("Touchpoint,Persona\nWeb,p2\n", "utf-8")
    assert cli(["import", str(sheet), "--into", str(journey)]).code == 0
    assert yaml.safe_load(journey.read_text("utf-8"))["touchpoints"][0]["personas"] == ["p2"]


def test_into_keeps_the_comments_that_close_the_file_at_its_end(cli, tmp_path: Path) -> None:
    journey, sheet = tmp_path / "j.yaml", tmp_path / "s.csv"
    journey.write_text(ANCHORED + "# Reviewed with the client.\n# Next: the app.\n", "utf-8")
    sheet.write_text("Stage,Touchpoint,Drop-off\nS2,Shop,\nS2,New,0.5\n", "utf-8")
    assert cli(["import", str(sheet), "--into", str(journey)]).code == 0
    text = journey.read_text("utf-8")
    assert text.endswith("    name: New\n    metrics: {drop_off: 0.5}\n# Reviewed with the client.\n# Next: the app.\n")


def test_into_a_name_in_two_stages_is_matched_in_the_rows_stage(cli, tmp_path: Path) -> None:
    journey, sheet = tmp_path / "j.yaml", tmp_path / "s.csv"
    journey.write_text(ANCHORED.replace("name: Shop", "name: Web"), "utf-8")
    sheet.write_text("Stage,Touchpoint,Emotion\nS2,Web,-2\n", "utf-8")
    assert cli(["import", str(sheet), "--into", str(journey)]).code == 0
    web, shop = yaml.safe_load(journey.read_text("utf-8"))["touchpoints"]
    assert (web["stage"], "emotion" in web) == ("s1", False), "the Web of S1 stays where it was"
    assert (shop["stage"], shop["emotion"]) == ("s2", -2)


def test_into_needs_a_valid_journey(cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    journey.write_text("cjm: 1\nid: x\n", "utf-8")
    sheet = tmp_path / "s.csv"
    sheet.write_text("Stage;Touchpoint\nA;a\n", "utf-8")
    result = cli(["import", str(sheet), "--into", str(journey)])
    assert result.code == 2 and "--into needs a valid journey" in result.err
    assert journey.read_text("utf-8") == "cjm: 1\nid: x\n"


def test_a_result_that_would_not_lint_is_refused(tmp_path: Path) -> None:
    from cjm.config import ConfigResolver
    from cjm.importer.report import ImportProblem
    from cjm.importer.run import ImportOptions, _check

    with pytest.raises(ImportProblem, match="would not lint"):
        _check(
            "cjm: 1\nid: x\ntitle: X\nstages: []\ntouchpoints: []\n", "x.yaml", ConfigResolver(None), ImportOptions()
        )


def test_xml_entities_are_never_expanded(cli, tmp_path: Path) -> None:
    plain = _workbook(tmp_path / "w.xlsx", [["Stage", "Touchpoint"], ["Buy", "Web"]])
    hostile = tmp_path / "entities.xlsx"
    doctype = b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY l "lol">]>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if b">Web<" in data:
                data = doctype + data.replace(b">Web<", b">&e;&l;<")
            target.writestr(entry, data)
    result = cli(["import", str(hostile), "-o", str(tmp_path / "out.yaml")])
    assert result.code == 2 and "declares entities" in result.err and "root:" not in result.err + result.out
    assert not (tmp_path / "out.yaml").exists()


def test_a_personas_sheet_gives_names_segments_and_shares(cli, tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "w.xlsx",
        [["Steg", "Kontaktyta", "Persona"], ["Köp", "Webb", "Studenten, Pensionären"]],
        title="Cykel",
        Personor=[["Namn", "Segment", "Andel"], ["Studenten", "18-25", "40 %"], ["Pensionären", "65+", 0.2]],
    )
    data, _ = _imported(cli, tmp_path, str(book))
    assert data["cjm"] == 1.1 and data["language"] == "sv"
    assert data["personas"] == [
        {"id": "studenten", "name": "Studenten", "segment": "18-25", "share": 0.4},
        {"id": "pensionaren", "name": "Pensionären", "segment": "65+", "share": 0.2},
    ]
    assert data["touchpoints"][0]["personas"] == ["studenten", "pensionaren"]


def test_the_title_comes_from_the_sheet_name_unless_the_spreadsheet_chose_it(cli, tmp_path: Path) -> None:
    named = _workbook(tmp_path / "named.xlsx", [["Stage", "Touchpoint"], ["Buy", "Web"]], title="Home loan")
    assert _imported(cli, tmp_path, str(named))[0]["title"] == "Home loan"
    default = _workbook(tmp_path / "default-name.xlsx", [["Stage", "Touchpoint"], ["Buy", "Web"]], title="Ark1")
    data, _ = _imported(cli, tmp_path, str(default), "--lang", "nb", "--force")
    assert data["title"] == "default-name" and data["id"] == "default-name" and data["language"] == "nb"


def test_the_output_never_replaces_the_sheet(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("Stage;Touchpoint\nA;a\n", "utf-8")
    result = cli(["import", str(sheet), "-o", str(sheet), "--force"])
    assert result.code == 2 and "over an input" in result.err
    assert sheet.read_text("utf-8") == "Stage;Touchpoint\nA;a\n"
