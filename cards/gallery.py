"""A registry of every card the bot can send, with sample data.

Card modules register a sample builder with `@register("name")`; the builder
takes a language and returns the card. The samples deliberately carry hostile
user text, so the card tests (tests/cards) and the gallery (docs/cards) show
that no value can break a card. `load_all()` imports every module of the
`cards` package, so a card module that registers samples is never forgotten.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

from i18n import LANGUAGES, Lang

Card = dict[str, Any]
SampleBuilder = Callable[[Lang], Card]
SAMPLES: dict[str, SampleBuilder] = {}

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


def register(name: str) -> Callable[[SampleBuilder], SampleBuilder]:
    """Add a sample builder under `name` (unique across the bot)."""

    def decorator(builder: SampleBuilder) -> SampleBuilder:
        if name in SAMPLES and SAMPLES[name] is not builder:
            raise ValueError(f"gallery sample {name!r} registered twice")
        SAMPLES[name] = builder
        return builder

    return decorator


def load_all() -> None:
    """Import every module of the cards package so all samples are registered."""
    import cards

    for module in pkgutil.walk_packages(cards.__path__, prefix="cards."):
        importlib.import_module(module.name)


def samples() -> Iterator[tuple[str, Lang, Card]]:
    """Every registered card in every language: (name, lang, card)."""
    load_all()
    for name in sorted(SAMPLES):
        for lang in LANGUAGES:
            yield name, lang, SAMPLES[name](lang)
