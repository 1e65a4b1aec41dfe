"""Message catalogues (cjm/render/messages/<lang>.json; SPEC §4.4 "Labels", STYLE 11).

Every language is written out in full and compared with the English one: the same keys,
no empty text, and no text copied from another language. Two languages may show the
same text for a key only where SAME_WORD names that key and exactly those languages,
with the reason the word truly is the same; so a language that silently borrows
another's words (Bokmål showing the Danish "neutral" where Norwegian says "nøytral")
fails here instead of in a client's workshop.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from cjm.render.labels import EN, LABELS, LANGUAGES, PERIODS, labels_for

MESSAGES = Path(__file__).resolve().parent.parent / "cjm" / "render" / "messages"

# (key, the languages sharing one text): why it is the same word. Reviewed entry by
# entry; an entry that no longer matches the catalogues fails too, so the list stays exact.
SAME_WORD: dict[tuple[str, tuple[str, ...]], str] = {
    ("doc_kind", ("nb", "nn")): "norwegian",  # Kundereisekart
    ("period", ("nb", "nn")): "norwegian",  # Volum
    ("per_day", ("da", "nb")): "cognate",  # pr. dag
    ("per_day", ("nn", "sv")): "cognate",  # per dag
    ("per_month", ("da", "nb")): "cognate",  # pr. måned
    ("per_month", ("nn", "sv")): "cognate",  # per månad
    ("per_quarter", ("da", "nb")): "cognate",  # pr. kvartal
    ("per_quarter", ("nn", "sv")): "cognate",  # per kvartal
    ("per_year", ("da", "nb")): "cognate",  # pr. år
    ("per_year", ("nn", "sv")): "cognate",  # per år
    ("period_prefix", ("da", "nb")): "cognate",  # pr.
    ("period_prefix", ("en", "fi", "nn", "sv")): "loanword",  # per
    ("reviewed", ("nb", "nn")): "norwegian",  # Gjennomgått
    ("confidence_target", ("da", "nb", "nn", "sv")): "cognate",  # mål
    ("kpi_target", ("da", "nb", "nn", "sv")): "cognate",  # mål
    ("lower_better", ("da", "nb")): "cognate",  # lavere er bedre
    ("co_owners", ("da", "nb")): "cognate",  # Medansvarlige
    ("tags", ("da", "en")): "loanword",  # Tags
    ("tags", ("nb", "nn")): "norwegian",  # Stikkord
    ("persona_view", ("da", "nb")): "cognate",  # Personavisning
    ("personas", ("da", "nb", "nn")): "cognate",  # Personaer
    ("goals", ("da", "nb", "nn", "sv")): "cognate",  # Mål
    ("functional_needs", ("nb", "nn")): "norwegian",  # Funksjonelle behov
    ("phase_before", ("nb", "nn")): "norwegian",  # Før kjøpet
    ("phase_during", ("nb", "nn")): "norwegian",  # Under kjøpet
    ("phase_after", ("nb", "nn")): "norwegian",  # Etter kjøpet
    ("phase_none", ("da", "nb")): "cognate",  # Andre faser
    ("map", ("nb", "nn")): "norwegian",  # Reisekart
    ("stage", ("da", "nb", "nn")): "cognate",  # Fase
    ("stages", ("da", "nb")): "cognate",  # Faser
    ("lane_touchpoints", ("da", "nb")): "cognate",  # Kontaktpunkter og kanaler
    ("lane_actions", ("da", "nb")): "cognate",  # Kundens handlinger
    ("lane_emotion", ("da", "nb")): "cognate",  # Følelseskurve
    ("lane_owners", ("da", "nb")): "cognate",  # Ansvarlige
    ("touchpoint", ("da", "nb", "nn", "sv")): "cognate",  # Kontaktpunkt
    ("channel", ("da", "nb", "nn", "sv")): "cognate",  # Kanal
    ("owner", ("da", "nb")): "cognate",  # Ansvarlig
    ("no_owner", ("da", "nb")): "cognate",  # ingen ansvarlig
    ("emotion", ("da", "nb")): "cognate",  # Følelse
    ("emotion_very_negative", ("nb", "nn")): "norwegian",  # svært negativ
    ("emotion_negative", ("da", "nb", "nn", "sv")): "cognate",  # negativ
    ("emotion_neutral", ("da", "en", "sv")): "cognate",  # neutral
    ("emotion_neutral", ("nb", "nn")): "norwegian",  # nøytral
    ("emotion_positive", ("da", "nb", "nn", "sv")): "cognate",  # positiv
    ("emotion_very_positive", ("nb", "nn")): "norwegian",  # svært positiv
    ("expectation", ("da", "nb", "nn")): "cognate",  # Forventning
    ("volume", ("nb", "nn")): "norwegian",  # Volum
    ("complaints", ("da", "nb")): "cognate",  # Klager
    ("csat", ("da", "en", "fi", "nb", "nn", "sv")): "acronym",  # CSAT
    ("nps", ("da", "en", "fi", "nb", "nn", "sv")): "acronym",  # NPS
    ("ces", ("da", "en", "fi", "nb", "nn", "sv")): "acronym",  # CES
    ("pain_point", ("da", "nb", "nn")): "cognate",  # Smertepunkt
    ("neutral", ("da", "en", "sv")): "cognate",  # Neutral
    ("neutral", ("nb", "nn")): "norwegian",  # Nøytral
    ("at_stake", ("nn", "sv")): "cognate",  # Står på spel
    ("customers", ("da", "nb", "sv")): "cognate",  # Kunder
    ("customers_unit", ("da", "nb", "sv")): "cognate",  # kunder
    ("evidence_qualitative", ("da", "nb", "nn", "sv")): "cognate",  # kvalitativ
    ("evidence_quantitative", ("da", "nb", "nn", "sv")): "cognate",  # kvantitativ
    ("needs", ("da", "nb", "nn", "sv")): "cognate",  # Behov
    ("sheet", ("da", "nb", "nn")): "cognate",  # Ark
    ("value_effort", ("nb", "nn")): "norwegian",  # Verdi og innsats
    ("effort", ("nb", "nn")): "norwegian",  # Innsats
    ("priority", ("da", "nb", "nn", "sv")): "cognate",  # Prioritet
    ("improves", ("da", "nb")): "cognate",  # forbedrer
    ("not_measured", ("da", "nb")): "cognate",  # ikke målt
    ("health", ("nb", "nn")): "norwegian",  # Helse
    ("health_good", ("da", "nb", "nn", "sv")): "cognate",  # god
    ("health_fair", ("nb", "nn")): "norwegian",  # middels
    ("health_poor", ("da", "sv")): "cognate",  # svag
    ("health_poor", ("nb", "nn")): "norwegian",  # svak
    ("unmapped", ("da", "nb", "nn")): "cognate",  # ingen data
    ("factors", ("da", "nb")): "cognate",  # Hvorfor
    ("factor_gap", ("en", "nb", "nn")): "loanword",  # gap
    ("factor_negativity", ("da", "nb")): "cognate",  # negativ følelse
    ("factor_complaints", ("da", "nb")): "cognate",  # klager
    ("factor_positivity", ("da", "nb")): "cognate",  # positiv følelse
    ("confidence", ("nb", "nn")): "norwegian",  # Datagrunnlag
    ("confidence_high", ("nb", "nn")): "norwegian",  # godt
    ("confidence_low", ("da", "sv")): "cognate",  # svagt
    ("confidence_low", ("nb", "nn")): "norwegian",  # svakt
    ("missing", ("da", "nb")): "cognate",  # mangler
    ("rank", ("da", "nb", "nn")): "cognate",  # Nr.
    ("actions", ("da", "sv")): "cognate",  # Handlingsplan
    ("actions", ("nb", "nn")): "norwegian",  # Tiltaksplan
    ("action", ("nb", "nn")): "norwegian",  # Tiltak
    ("status", ("da", "en", "nb", "nn", "sv")): "loanword",  # Status
    ("due", ("da", "nb", "nn")): "cognate",  # Frist
    ("status_idea", ("da", "nb", "nn", "sv")): "cognate",  # idé
    ("status_idea", ("en", "fi")): "loanword",  # idea
    ("status_planned", ("da", "nb")): "cognate",  # planlagt
    ("status_in-progress", ("nb", "sv")): "cognate",  # pågår
    ("status_done", ("nb", "nn")): "norwegian",  # ferdig
    ("status_none", ("da", "nb", "nn", "sv")): "cognate",  # ingen status
    ("journey_id", ("nb", "nn")): "norwegian",  # Reise
    ("state", ("da", "nb", "nn")): "cognate",  # Tilstand
    ("source", ("da", "nb")): "cognate",  # Kilde
    ("commit", ("da", "en", "fi", "nb", "nn", "sv")): "git",  # Commit
    ("not_committed", ("da", "nb")): "cognate",  # ikke committet
    ("index_title", ("nb", "nn")): "norwegian",  # Kundereiser
    ("journeys", ("nb", "nn")): "norwegian",  # Reiser
    ("touchpoints", ("da", "nb", "sv")): "cognate",  # Kontaktpunkter
    ("pain_points", ("da", "nb")): "cognate",  # Smertepunkter
    ("customer", ("da", "nb", "nn")): "cognate",  # Kunde
    ("none", ("da", "en", "fi", "nb", "nn", "sv")): "symbol",  # —
    ("legend", ("da", "nb", "nn")): "cognate",  # Forklaring
    ("scale", ("da", "nb", "nn", "sv")): "cognate",  # skala
}

Catalogues = Mapping[str, Mapping[str, str]]


def _same_text(value: str) -> str:
    return " ".join(value.casefold().split())


def shared_texts(catalogues: Catalogues) -> dict[tuple[str, tuple[str, ...]], str]:
    """Every (key, languages) whose texts are the same, with that text."""
    shared = {}
    for key in catalogues["en"]:
        by_text: dict[str, list[str]] = {}
        for language, messages in catalogues.items():
            if messages.get(key, "").strip():
                by_text.setdefault(_same_text(messages[key]), []).append(language)
        for text, languages in by_text.items():
            if len(languages) > 1:
                shared[key, tuple(sorted(languages))] = text
    return shared


def catalogue_problems(catalogues: Catalogues) -> list[str]:
    """What is wrong with a set of catalogues, one line each (none when all is well)."""
    english = catalogues["en"]
    problems = []
    for language, messages in catalogues.items():
        if missing := sorted(set(english) - set(messages)):
            problems.append(f"{language}: missing {missing}")
        if extra := sorted(set(messages) - set(english)):
            problems.append(f"{language}: not in en {extra}")
        problems += [f"{language}.{key}: empty" for key, text in messages.items() if not text.strip()]
    for (key, languages), text in shared_texts(catalogues).items():
        if (key, languages) not in SAME_WORD:
            problems.append(f"{key}: {', '.join(languages)} all say {text!r}")
    return problems


def test_the_catalogues_are_complete_and_every_language_has_its_own_words() -> None:
    assert catalogue_problems(LABELS) == []


def test_every_same_word_entry_is_still_needed_and_gives_a_one_word_reason() -> None:
    assert sorted(set(SAME_WORD) - set(shared_texts(LABELS))) == []
    for (key, languages), reason in SAME_WORD.items():
        assert key in EN and set(languages) <= set(LANGUAGES) and len(languages) > 1, key
        assert re.fullmatch(r"[a-z]+", reason), (key, reason)


@pytest.mark.parametrize(
    ("language", "key", "text", "expected"),
    [
        # the bug this test exists for: `NB = {**DA, ...}` left Bokmål with the Danish "neutral"
        ("nb", "emotion_neutral", "neutral", "emotion_neutral: da, en, nb, sv all say 'neutral'"),
        ("nn", "neutral", "Neutral", "neutral: da, en, nn, sv all say 'neutral'"),
        ("nn", "source", "Kilde", "source: da, nb, nn all say 'kilde'"),  # Nynorsk says "Kjelde"
        ("fi", "touchpoint", "Touchpoint", "touchpoint: en, fi all say 'touchpoint'"),  # an English fallback
        ("sv", "per_month", "per month", "per_month: en, sv all say 'per month'"),
        ("nb", "period", "Volumen", "period: da, nb all say 'volumen'"),
        ("nn", "per_week", None, "nn: missing ['per_week']"),
        ("sv", "volumes", "Volymer", "sv: not in en ['volumes']"),
        ("da", "legend", " ", "da.legend: empty"),
    ],
)
def test_a_doctored_catalogue_is_caught(language: str, key: str, text: str | None, expected: str) -> None:
    catalogues = copy.deepcopy(LABELS)
    if text is None:
        del catalogues[language][key]
    else:
        catalogues[language][key] = text
    assert expected in catalogue_problems(catalogues)


def test_the_old_inheriting_catalogues_fail() -> None:
    """Bokmål built as Danish plus its own words, as labels.py once did: caught key by key."""
    catalogues = copy.deepcopy(LABELS)
    own = {key: text for key, text in LABELS["nb"].items() if key not in ("emotion_neutral", "neutral", "tags")}
    catalogues["nb"] = {**LABELS["da"], **own}
    assert catalogue_problems(catalogues) == [
        "tags: da, en, nb all say 'tags'",
        "emotion_neutral: da, en, nb, sv all say 'neutral'",
        "neutral: da, en, nb, sv all say 'neutral'",
    ]


def test_one_file_per_language_of_the_format_holding_one_object_of_texts() -> None:
    assert sorted(path.stem for path in MESSAGES.glob("*.json")) == sorted(LANGUAGES)
    for language in LANGUAGES:
        on_disk = json.loads((MESSAGES / f"{language}.json").read_text(encoding="utf-8"))
        assert on_disk == LABELS[language] == labels_for(language)
        assert list(on_disk) == list(EN), f"{language}: keep the keys in the English file's order"


def test_the_translated_periods_are_exactly_those_of_the_spec() -> None:
    assert PERIODS == ("day", "week", "month", "quarter", "year")
    # The header looks up "per_" + the journey's period, so no other key may start so.
    assert sorted(key for key in EN if key.startswith("per_")) == sorted(f"per_{period}" for period in PERIODS)
    assert [LABELS[language]["per_month"] for language in LANGUAGES] == [
        "pr. måned",
        "pr. måned",
        "per månad",
        "per månad",
        "kuukaudessa",
        "per month",
    ]
