"""The metrics overlay CSV (SPEC §2): what a Nordic spreadsheet exports, every cell data, errors at file.csv:LINE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cjm.metrics import (
    MetricsError,
    MetricsOverlay,
    apply_overlay,
    check_overlay,
    load_metrics_csv,
    parse_metrics_text,
)
from cjm.model import Journey


def journey(journey_id: str = "j", ids: tuple[str, ...] = ("ad", "checkout"), **metrics: Any) -> Journey:
    tps = [{"id": tp, "stage": "s", "metrics": dict(metrics)} for tp in ids]
    return Journey.model_validate(
        {"cjm": 1, "id": journey_id, "title": "J", "stages": [{"id": "s"}], "touchpoints": tps}
    )


def values(text: str) -> list[tuple[int, str, str | None, dict[str, Any]]]:
    overlay = parse_metrics_text(text, "m.csv")
    return [(row.line, row.touchpoint, row.journey, dict(row.values)) for row in overlay.rows]


def error(text: str) -> str:
    with pytest.raises(MetricsError) as caught:
        parse_metrics_text(text, "m.csv")
    return str(caught.value)


def write(tmp_path: Path, data: bytes, name: str = "m.csv") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- reading --------------------------------------------------------------------------------------


def test_comma_separated_with_any_subset_of_columns_in_any_order() -> None:
    rows = values("drop_off,touchpoint,volume\n0.18,checkout,4200\n")
    assert rows == [(2, "checkout", None, {"drop_off": 0.18, "volume": 4200})]
    assert isinstance(rows[0][3]["volume"], int)


def test_every_metric_column() -> None:
    rows = values("touchpoint,volume,drop_off,complaints,csat,nps,ces\nx,10,0.1,0.2,4.5,-12,2\n")
    assert rows[0][3] == {"volume": 10, "drop_off": 0.1, "complaints": 0.2, "csat": 4.5, "nps": -12.0, "ces": 2.0}


def test_semicolon_separated_with_decimal_comma() -> None:
    assert values("touchpoint;drop_off;csat\ncheckout;0,18;3,9\n")[0][3] == {"drop_off": 0.18, "csat": 3.9}


def test_tab_separated() -> None:
    assert values("touchpoint\tvolume\nx\t12\n")[0][3] == {"volume": 12}


def test_excel_sep_line_sets_the_separator() -> None:
    rows = values("sep=;\ntouchpoint;volume\nx;5\n")
    assert rows == [(3, "x", None, {"volume": 5})]


def test_header_names_are_trimmed_and_case_insensitive() -> None:
    assert values(" Touchpoint , Volume \nx, 7 \n")[0][1:] == ("x", None, {"volume": 7})


def test_empty_cell_means_no_override() -> None:
    assert values("touchpoint,volume,drop_off\nx,,0.5\n")[0][3] == {"drop_off": 0.5}


def test_journey_column() -> None:
    rows = values("journey,touchpoint,volume\nj1,x,1\n,y,2\n")
    assert [(r[1], r[2]) for r in rows] == [("x", "j1"), ("y", None)]


def test_blank_lines_are_skipped_and_line_numbers_stay_physical() -> None:
    rows = values('\ntouchpoint,volume\n\nx,1\n"multi\nline",2\nz,3\n')
    assert [(r[0], r[1]) for r in rows] == [(4, "x"), (5, "multi\nline"), (7, "z")]


def test_percent_and_thousands_separators() -> None:
    rows = values("touchpoint;volume;drop_off;complaints\nx;1 200;18%;4,5 %\ny;1\u00a0200\u00a0000;0;0\n")
    assert rows[0][3] == {"volume": 1200, "drop_off": 0.18, "complaints": pytest.approx(0.045)}
    assert rows[1][3]["volume"] == 1_200_000


def test_dots_group_thousands_where_the_comma_is_decimal() -> None:
    # A Danish export: `9.000` is nine thousand; read as nine it would silently shrink the reach.
    rows = values("touchpoint;volume;drop_off;csat\nx;9.000;0,18;4.125\ny;12.500;1.000;2.500\nz;1.234.567;0;5\n")
    assert [r[3]["volume"] for r in rows] == [9000, 12500, 1_234_567]
    assert values("touchpoint;volume\nx;9.000,00\n")[0][3] == {"volume": 9000}, "a cell formatted with decimals"
    # only whole-number columns group with dots: shares and scores keep their decimals
    assert [(r[3]["drop_off"], r[3]["csat"]) for r in rows[:2]] == [(0.18, 4.125), (1.0, 2.5)]
    assert values("touchpoint,volume\nx,9.000\n")[0][3] == {"volume": 9}, "with ',' the dot is the decimal point"


def test_whole_number_volume_written_as_decimal_is_accepted() -> None:
    assert values("touchpoint,volume\nx,1200.0\n")[0][3] == {"volume": 1200}


def test_utf8_bom(tmp_path: Path) -> None:
    overlay = load_metrics_csv(write(tmp_path, b"\xef\xbb\xbftouchpoint,volume\nx,3\n"))
    assert overlay.columns == ("touchpoint", "volume")


def test_windows_1252(tmp_path: Path) -> None:
    # Excel on Windows: cp1252, `;`, a non-breaking space (0xA0) as thousands separator
    overlay = load_metrics_csv(write(tmp_path, b"touchpoint;volume\r\nx;12\xa0500\r\n"))
    assert overlay.rows[0].values == {"volume": 12500}


def test_utf16_with_bom(tmp_path: Path) -> None:
    overlay = load_metrics_csv(write(tmp_path, "touchpoint\tvolume\r\nx\t4\r\n".encode("utf-16")))
    assert overlay.rows[0].values == {"volume": 4}


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, b"touchpoint,volume\n" + b"x,1\n" * 400_000)
    with pytest.raises(MetricsError, match=r"m\.csv: the file is larger than the size limit of 1 MB"):
        load_metrics_csv(path, limit_mb=1)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MetricsError, match="no such file"):
        load_metrics_csv(str(tmp_path / "nope.csv"))


# --- errors with file.csv:LINE --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "m.csv:1: the file is empty"),
        ("\n\n", "m.csv:1: the file is empty"),
        ("touchpoint,visits per day\n", "m.csv:1: unknown column 'visits per day'"),
        ("volume,drop_off\n1,0.1\n", "m.csv:1: the header has no 'touchpoint' column"),
        ("touchpoint,volume,Volume\n", "m.csv:1: the column 'volume' appears twice"),
        ("touchpoint,drop_off\nx,abc\n", "m.csv:2: drop_off: 'abc' is not a number"),
        ("touchpoint,drop_off\nx,1.5\n", "m.csv:2: drop_off: '1.5' is out of range (0..1)"),
        ("touchpoint,complaints\n\nx,-0.1\n", "m.csv:3: complaints: '-0.1' is out of range (0..1)"),
        ("touchpoint,volume\nx,-5\n", "m.csv:2: volume: '-5' is out of range (0..1e+15)"),
        ("touchpoint,volume\nx,12.5\n", "m.csv:2: volume: '12.5' is not a whole number"),
        ("touchpoint,csat\nx,0\n", "m.csv:2: csat: '0' is out of range (1..5)"),
        ("touchpoint,nps\nx,101\n", "m.csv:2: nps: '101' is out of range (-100..100)"),
        ("touchpoint,ces\nx,8\n", "m.csv:2: ces: '8' is out of range (1..7)"),
        ("touchpoint,drop_off\nx,nan\n", "m.csv:2: drop_off: 'nan' is not a number"),
        ("touchpoint,volume\nx,inf\n", "m.csv:2: volume: 'inf' is not a number"),
        ("touchpoint,drop_off\nx,0.1,0.2\n", "m.csv:2: 3 cells, but the header has 2 columns"),
        ("touchpoint,drop_off\n,0.1\n", "m.csv:2: the touchpoint cell is empty"),
        ("touchpoint,volume\nx,1\nx,2\n", "m.csv:3: touchpoint 'x' is listed again (first on line 2)"),
        ('touchpoint,volume\n"x,1\n', "m.csv:"),
    ],
)
def test_errors_name_the_line(text: str, message: str) -> None:
    assert error(text).startswith(message)


def test_decimal_comma_with_comma_separator_hints_at_semicolons() -> None:
    assert "a decimal comma needs ';'" in error("touchpoint,drop_off\nx,0,18\n")


@pytest.mark.parametrize(
    ("cell", "column"),
    [("=1+1", "volume"), ('=HYPERLINK("http://x")', "drop_off"), ("@SUM(A1)", "nps"), ("+cmd|' /C calc'!A0", "ces")],
)
def test_formula_cells_are_data_never_evaluated(cell: str, column: str) -> None:
    text = f'touchpoint,{column}\nx,"{cell.replace(chr(34), chr(34) * 2)}"\n'
    assert error(text) == f"m.csv:2: {column}: {cell!r} is not a number"


def test_a_leading_plus_is_just_a_sign() -> None:
    assert values("touchpoint,nps\nx,+15\n")[0][3] == {"nps": 15.0}


def test_formula_like_touchpoint_is_an_unknown_touchpoint() -> None:
    overlay = parse_metrics_text("touchpoint,volume\n=cmd(),1\n", "m.csv")
    with pytest.raises(MetricsError, match=r"^m\.csv:2: touchpoint '=cmd\(\)' is in none of the given journeys$"):
        check_overlay(overlay, [journey()])


# --- applying --------------------------------------------------------------------------------------


def test_values_override_the_file_metrics_and_empty_cells_keep_them() -> None:
    original = journey(volume=100, drop_off=0.5)
    overlay = parse_metrics_text("touchpoint,volume,drop_off\ncheckout,4200,\n", "m.csv")
    updated = apply_overlay(original, overlay)
    checkout = updated.touchpoints[1].metrics
    assert (checkout.volume, checkout.drop_off) == (4200, 0.5)
    assert updated.touchpoints[0].metrics.volume == 100
    assert original.touchpoints[1].metrics.volume == 100  # the input is not modified


def apply_overlay_all(journeys: list[Journey], overlay: MetricsOverlay) -> list[Journey]:
    """What the input stage does with an overlay: check every row matches, then apply it to each journey."""
    check_overlay(overlay, journeys)
    return [apply_overlay(j, overlay) for j in journeys]


def test_rows_without_journey_apply_to_every_journey_with_that_touchpoint() -> None:
    overlay = parse_metrics_text("touchpoint,volume\nad,7\n", "m.csv")
    first, second = apply_overlay_all([journey("a"), journey("b", ("ad",))], overlay)
    assert first.touchpoints[0].metrics.volume == second.touchpoints[0].metrics.volume == 7


def test_journey_column_targets_one_journey_and_outranks_a_general_row() -> None:
    overlay = parse_metrics_text("journey,touchpoint,volume\nb,ad,9\n,ad,7\n", "m.csv")
    first, second = apply_overlay_all([journey("a"), journey("b")], overlay)
    assert (first.touchpoints[0].metrics.volume, second.touchpoints[0].metrics.volume) == (7, 9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("touchpoint,volume\nad,1\nnope,2\n", "m.csv:3: touchpoint 'nope' is in none of the given journeys"),
        ("journey,touchpoint,volume\nzz,ad,1\n", "m.csv:2: journey 'zz' is not among the given journeys (a, b)"),
        ("journey,touchpoint,volume\nb,nope,1\n", "m.csv:2: journey 'b' has no touchpoint 'nope'"),
    ],
)
def test_rows_that_match_nothing_given_are_errors(text: str, message: str) -> None:
    with pytest.raises(MetricsError) as caught:
        apply_overlay_all([journey("a"), journey("b")], parse_metrics_text(text, "m.csv"))
    assert str(caught.value) == message
