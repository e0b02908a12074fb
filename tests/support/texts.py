"""Catalog texts whose placeholders a test cannot reproduce (a time left, a moment)."""

from __future__ import annotations

import re
import string

from i18n import MissingText, catalog


def text_pattern(lang: str, key: str) -> re.Pattern[str]:
    """The catalog text `key` as a pattern: its words exactly, any value (on one line)
    in each `{placeholder}`. `text_pattern("sv", "dso.clock.left").search(shown)`."""
    template = catalog(lang).get(key)
    if template is None:
        raise MissingText(f"{lang}: {key}")
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".+?")
    return re.compile("".join(parts))
