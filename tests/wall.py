"""Generated journeys for the wall-handout tests: any number of touchpoints, long words and long
text in the cells (so clamping and wrapping are exercised), evidence old and new, and flow.

Deterministic: the same arguments give the same file.
"""

from __future__ import annotations

import random

PHASES = ("before", "during", "during", "during", "after", "after")
CHANNELS = ("web", "app", "telefon", "butik", "e-mail", "tv", "chat", "brev")
# Long compound words as workshops write them, in the journey's language.
WORDS = {
    "da": ("Installationsvejledning", "Ordrebekræftelse", "Kundeserviceopkald", "Betalingsoplysninger"),
    "nb": ("Installasjonsveiledning", "Ordrebekreftelse", "Kundeservicesamtale", "Betalingsopplysninger"),
    "fi": ("Asennusohjeistuksenlukeminen", "Tilausvahvistussähköposti", "Asiakaspalvelupuhelu", "Maksutiedot"),
    "en": ("Installation guide", "Order confirmation", "Customer service call", "Payment details"),
}


def journey(touchpoints: int, lang: str = "da", *, stages: int = 6, seed: int = 3, flow: bool = False) -> str:
    """A journey of `touchpoints` touchpoints in `lang`; with `flow`, a branch, a loop back and an end."""
    rng = random.Random(seed * 7919 + touchpoints)
    words = WORDS[lang]
    out = [
        "cjm: 1",
        f"id: wall-{touchpoints}-{lang}",
        f"title: {words[0]} — {touchpoints} touchpoints",
        f"language: {lang}",
        "reviewed: 2026-09-01",
        "review_every_days: 180",
        "period: month",
        "stages:",
    ]
    for s in range(stages):
        out.append(f"  - {{id: s{s}, name: {words[s % len(words)]} {s}, phase: {PHASES[s % len(PHASES)]}}}")
    out.append("touchpoints:")
    ids = [f"t{t:03d}" for t in range(touchpoints)]
    for t, tp_id in enumerate(ids):
        stage = min(stages - 1, t * stages // touchpoints)
        word = words[t % len(words)]
        out += [
            f"  - id: {tp_id}",
            f"    stage: s{stage}",
            f'    name: "{word} {t}"',
            f"    channel: {rng.choice(CHANNELS)}",
            f"    owner: {rng.choice(words)}afdelingen",
            f"    action: {word} " + " ".join(rng.choice(words).lower() for _ in range(rng.randint(3, 14))),
            f'    thoughts: "{word}? ' + " ".join(rng.choice(words).lower() for _ in range(rng.randint(2, 20))) + '"',
            f"    emotion: {rng.choice((-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2))}",
            f"    expectation: {rng.randint(1, 5)}",
            f"    experience: {rng.randint(1, 5)}",
            f"    metrics: {{volume: {rng.randint(100, 200_000)}, drop_off: {rng.randint(0, 30) / 100},"
            f" complaints: {rng.randint(0, 10) / 100}, csat: {rng.randint(10, 50) / 10}}}",
            f'    quotes: ["{words[1]} {words[2]} {words[3]}", "{words[0]}", "{words[2]}"]',
            "    evidence:",
            "      - {source: survey-2026q2, kind: quantitative, date: 2026-06-30, note: n=812}",
            "      - {source: interviews-2025, kind: qualitative, date: 2025-01-15}",
            f"    backstage: [{words[3]}systemet, {words[1]}, {words[2]}, CRM]",
        ]
        if flow and t == 2:
            out.append(f"    next: [{ids[3]}, {ids[5]}]")  # a branch
        if flow and t == 6:
            out.append(f"    next: [{ids[1]}]")  # a loop back
        if flow and t == 8:
            out.append("    next: []")  # an end
    out.append("opportunities:")
    for o in range(0, touchpoints, 4):
        out.append(
            f"  - {{id: o{o}, title: {words[o % len(words)]} {words[(o + 1) % len(words)]}, touchpoints: [{ids[o]}]}}"
        )
    return "\n".join(out) + "\n"
