"""The languages of the format and of every label: one list, used by the model, the CLI and the renders."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["da", "nb", "nn", "sv", "fi", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
