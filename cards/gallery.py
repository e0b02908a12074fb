"""The card gallery: every card the bot can send, built from sample data.

Each capability lists its sample builders in its `Feature.samples` (name →
builder taking a language). The samples deliberately carry hostile user text,
so the card tests (tests/cards) and the gallery (docs/cards) show that no
value can break a card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from i18n import LANGUAGES, Lang

Card = dict[str, Any]
SampleBuilder = Callable[[Lang], Card]

# Text a user (or a hostile directory entry) could type. Each one targets a way
# of breaking a card: JSON quoting, template syntax, markdown, mentions, HTML,
# bidi spoofing, control characters, length.
HOSTILE_NAME = 'Anna "Q" O\'Brien {x} ${user.name} <at>Alla</at> 🙂 שלום \u202eexe.txt\x00'
HOSTILE_TEXT = (
    'Mejlet gick till fel "mottagare" \\ {{DATE(2026-01-01T00:00:00Z)}} ${secret} '
    "[klicka här](https://evil.example/login) **VIKTIGT** <b>html</b> <at>Alla</at>\n"
    "- punkt\n1. lista\n# rubrik\n"
    "Se www.evil.example eller skriv till phish@evil.example 👩‍👩‍👧 مرحبا بالعالم \x07\x00"
)
HOSTILE_LONG = "Långt ord utan slut " + "å" * 3000 + " ❤️ " + "lorem ipsum " * 400


def render_all(samples: Mapping[str, SampleBuilder]) -> Iterator[tuple[str, Lang, Card]]:
    """Every sample card in every language: (name, lang, card), by name."""
    for name in sorted(samples):
        for lang in LANGUAGES:
            yield name, lang, samples[name](lang)
