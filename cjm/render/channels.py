"""Common channel names (in the six languages) mapped to an icon of the handout."""

from __future__ import annotations

import re

# icon id -> words that name the channel (lowercase); matched as whole words.
_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    "web": (
        "web",
        "website",
        "webshop",
        "online",
        "internet",
        "nett",
        "nettside",
        "nettbutik",
        "nettbutikk",
        "hjemmeside",
        "webbplats",
        "verkkosivu",
        "verkkokauppa",
        "portal",
        "min side",
        "mine sider",
        "mina sidor",
        "help center",
        "help centre",
    ),
    "app": ("app", "in-app", "mobile", "mobil", "mobilapp", "sovellus", "console", "admin console"),
    "email": ("email", "e-mail", "mail", "e-post", "epost", "sähköposti", "newsletter", "nyhedsbrev"),
    "phone": ("phone", "telephone", "call", "telefon", "puhelin", "callcenter", "ivr"),
    "chat": ("chat", "chatt", "chatbot", "sms", "messenger", "whatsapp", "tekstiviesti", "message"),
    "store": (
        "store",
        "shop",
        "branch",
        "butik",
        "butikk",
        "kauppa",
        "myymälä",
        "pakkeshop",
        "pakkeautomat",
        "verksted",
        "verkstad",
        "workshop",
        "filial",
        "fysisk",
        "physical",
        "office",
        "kontor",
    ),
    "tv": ("tv", "television", "radio", "ad", "ads", "advert", "reklame", "reklam", "mainos", "billboard"),
    "paper": (
        "paper",
        "papir",
        "papper",
        "paperi",
        "letter",
        "brev",
        "kirje",
        "e-boks",
        "digital post",
        "e-signature",
        "contract",
        "kontrakt",
        "sopimus",
        "invoice",
        "faktura",
        "lasku",
    ),
    "video": ("video", "webinar", "meeting", "møde", "møte", "möte", "teams", "zoom"),
    "social": (
        "social",
        "facebook",
        "instagram",
        "linkedin",
        "tiktok",
        "some",
        "sosiale medier",
        "sociala medier",
        "sociale medier",
        "review",
        "trustpilot",
    ),
    "payment": ("payment", "vipps", "mobilepay", "swish", "betaling", "betalning", "maksu", "card"),
    "person": ("visit", "besøg", "besøk", "besök", "technician", "tekniker", "asentaja", "in person"),
}
_WORD_TO_ICON = {word: icon for icon, words in _CHANNEL_WORDS.items() for word in words}
_SPLIT = re.compile(r"[\s/,;+&()]+")


def channel_icon(channel: str | None) -> str:
    """The icon id for a free-text channel: a known word, else the generic dot."""
    if not channel:
        return "dot"
    text = channel.strip().lower()
    if text in _WORD_TO_ICON:
        return _WORD_TO_ICON[text]
    for word in _SPLIT.split(text):
        if word in _WORD_TO_ICON:
            return _WORD_TO_ICON[word]
    return "dot"
