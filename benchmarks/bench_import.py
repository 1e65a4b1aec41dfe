"""Import speed: a 1,000-row workshop spreadsheet becomes a journey in under 2 s.

Measures `cjm import` of a generated 1,000-touchpoint .xlsx (read, build, write the YAML,
load and lint the result, as the command does) and of the same sheet as a Danish CSV, with
two baselines timed in the same run: openpyxl only opening the workbook, and cjm loading the
resulting journey (what every command pays). Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cjm.cli import tune_gc
from cjm.importer.run import ImportOptions, run
from cjm.load import load_journey_text

ROWS = 1000
TARGET_SECONDS = 2.0
HEADER = ["Købsfase", "Fase", "Kontaktpunkt", "Kanal", "Ansvarlig", "Kundens handling", "Tanker", "Følelse"]
HEADER += ["Forventning", "Oplevelse", "Volumen", "Frafald", "Klager", "Citat", "Persona", "Bag scenen"]


def rows() -> list[list[object]]:
    phases = ("Før", "Under", "Efter")
    out: list[list[object]] = []
    for n in range(ROWS):
        stage = n * 12 // ROWS
        out.append(
            [
                phases[stage * 3 // 12],
                f"Fase {stage + 1}",
                f"Kontaktpunkt {n + 1}",
                ("web", "app", "telefon", "butik")[n % 4],
                ("Salg", "Kundeservice", "Teknik")[n % 3],
                f"Kunden gør trin {n + 1} og ser hvad der sker",
                "Virker det nu, og hvad koster det?",
                (n % 9) / 2 - 2,
                1 + n % 5,
                1 + (n * 7) % 5,
                1000 + 37 * n,
                (n % 20) / 100,
                (n % 7) / 100,
                "Det var nemt" if n % 3 else "Jeg ventede længe",
                ("Familie", "Senior", "Familie, Senior")[n % 3],
                "CRM\nOrdresystem",
            ]
        )
    return out


def write_workbook(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Workshop"
    sheet.append(HEADER)
    for row in rows():
        sheet.append(row)
    book.save(path)


def write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in rows():
            writer.writerow([str(cell).replace(".", ",") if isinstance(cell, float) else cell for cell in row])


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of several runs, wall-clock seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    tune_gc()
    with tempfile.TemporaryDirectory() as folder:
        book, sheet = Path(folder) / "workshop.xlsx", Path(folder) / "workshop.csv"
        write_workbook(book)
        write_csv(sheet)
        options = ImportOptions(output=str(Path(folder) / "out.yaml"))
        text = run(str(book), options).text
        xlsx = best_of(5, lambda: run(str(book), options))
        csv_seconds = best_of(5, lambda: run(str(sheet), options))

        def open_only() -> None:
            from openpyxl import load_workbook

            load_workbook(book, data_only=False, keep_links=False)

        opened = best_of(5, open_only)
        loaded = best_of(3, lambda: load_journey_text(text, "out.yaml"))
    print(f"import of a {ROWS}-row .xlsx: {xlsx:.2f} s (target < {TARGET_SECONDS:g} s)")
    print(f"import of the same rows as a Danish CSV: {csv_seconds:.2f} s")
    print(f"baseline, openpyxl opening the workbook: {opened:.2f} s; import = {xlsx / opened:.1f}x that")
    print(f"baseline, loading the imported journey: {loaded:.2f} s; import = {xlsx / loaded:.1f}x that")
    ok = xlsx < TARGET_SECONDS
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
