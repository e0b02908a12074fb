"""Cells as text, and the compare-form of what people type, for reading headers and cells."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")


class Unreadable(ValueError):
    """A cell that cannot be read as its field; the message is the reason a report shows."""


def fold(text: Any) -> str:
    """Compare-form of what people type: lower case, no accents, punctuation and runs of
    whitespace as one space ("Rättslig grund (art. 6)" → "rattslig grund art 6")."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def fold_header(text: Any) -> str:
    """A header without what it says in brackets ("Lagringstid (dygn)" → "lagringstid")."""
    return fold(_BRACKETS.sub(" ", str(text)))


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


def text_of(cell: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Ja" if cell else "Nej"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ") if cell.time() != time() else cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    if isinstance(cell, timedelta):
        return str(cell)
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()
