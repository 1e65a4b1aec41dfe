"""Deterministic benchmark corpora: realistic journeys of any size, same bytes on every run."""

from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).parent
PHASES = ("before", "during", "during", "during", "after", "after")
CHANNELS = ("web", "app", "phone", "store", "email", "tv", "chat", "letter")
OWNERS = ("Marketing", "Salg", "Kundeservice", "Teknik", "Økonomi", "Logistik")


def journey_text(index: int, touchpoints: int, stages: int = 6, seed: int = 7) -> str:
    """One journey in the style of the examples, with every kind of field filled in."""
    rng = random.Random(seed * 100_003 + index)
    out = [
        "# yaml-language-server: $schema=../../schemas/journey.schema.json",
        "cjm: 1",
        f"id: journey-{index:04d}",
        f"title: Kunderejse {index} — selvbetjening og support",
        "language: da",
        "state: current",
        "owner: Kundeservice",
        "reviewed: 2026-09-01",
        "period: month",
        "description: |",
        "  Genereret rejse til ydelsesmålinger; ligner de rigtige eksempler.",
        "tags: [b2c, telecom, NO]",
        "metrics: {nps: 12, csat: 3.9}",
        "personas:",
        "  - id: family",
        "    name: Travl barnefamilie",
        "    needs: {functional: [Hurtig installation], emotional: [Tryghed]}",
        "  - id: senior",
        "    name: Seniorkunde",
        "    needs: {functional: [Klar vejledning], emotional: [Ro i maven]}",
        "stages:",
    ]
    for s in range(stages):
        out.append(f"  - {{id: stage-{s}, name: Fase {s}, phase: {PHASES[s % len(PHASES)]}}}")
    out.append("touchpoints:")
    for t in range(touchpoints):
        stage = min(stages - 1, t * stages // touchpoints)
        emotion = rng.choice((-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2))
        out += [
            f"  - id: tp-{t:05d}",
            f"    stage: stage-{stage}",
            f'    name: "Kontaktpunkt {t}: {rng.choice(CHANNELS)}"',
            f"    channel: {rng.choice(CHANNELS)}",
            f"    owner: {rng.choice(OWNERS)}",
            "    personas: [family, senior]",
            "    action: Kunden gør noget vigtigt her",
            "    thoughts: Virker det nu, eller skal jeg ringe?",
            f"    emotion: {emotion}",
            f"    expectation: {rng.randint(1, 5)}",
            f"    experience: {rng.randint(1, 5)}",
            f"    metrics: {{volume: {rng.randint(0, 200_000)}, drop_off: {rng.randint(0, 30) / 100},"
            f" complaints: {rng.randint(0, 10) / 100}, csat: {rng.randint(10, 50) / 10}}}",
            '    quotes: ["Det så nemt ud i reklamen"]',
            "    evidence:",
            "      - {source: survey-2026q2, kind: quantitative, date: 2026-06-30, note: n=812}",
            "    backstage: [Kampagneplanlægning, CRM]",
        ]
    out += [
        "actions:",
        "  - {id: fix-first, title: Ret det første problem, owner: Kundeservice, status: planned,"
        " due: 2027-03-01, addresses: [tp-00000]}",
        "insights:",
        "  - {question: stop, answer: For svært at installere selv, touchpoints: [tp-00000]}",
    ]
    return "\n".join(out) + "\n"


def write_corpus(name: str, journeys: int, touchpoints: int) -> list[Path]:
    """Write (or reuse) a corpus under benchmarks/corpus/NAME; return its files in order."""
    folder = HERE / "corpus" / name
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(journeys):
        path = folder / f"journey-{i:04d}.yaml"
        text = journey_text(i, touchpoints)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
