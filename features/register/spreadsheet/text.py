"""Small text helpers shared by the reading of headers and cells."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


class Unreadable(ValueError):
    """A cell that cannot be read as its field; the message is the reason a report shows."""


def fold(text: str) -> str:
    """Compare-form of what people type: lower case, no accents, punctuation and runs of
    whitespace as one space ("Rättslig grund (art. 6)" → "rattslig grund art 6")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def shorten(value: object, limit: int = 40) -> str:
    """A cell value as a report quotes it: one line, at most `limit` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
