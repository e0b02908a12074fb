"""Cells read as the values a log holds: a date somewhere in a cell, a yes or no with
its date ("Ja, 2024-03-07"), and a word looked up in a capability's table."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sheets.dates import SERIALS, find_dates, from_serial
from sheets.text import Unreadable, fold, text_of


def date_in(cell: Any) -> date | None:
    """The first date a cell holds ("2024-03-05", "5 mars 2024", "Ja, 5/3 2024", a date
    cell, an Excel serial number); None when it holds none. Unreadable for a date that
    does not exist (2024-02-30)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return from_serial(cell) if int(cell) in SERIALS else None
    found = find_dates(text_of(cell))
    return found[0][1] if found else None


def read_date(cell: Any) -> date | None:
    """A cell that holds a date, alone or among words; None when blank."""
    if not text_of(cell):
        return None
    found = date_in(cell)
    if found is None:
        raise Unreadable("not a date (write 2024-03-05 or 5 mars 2024)")
    return found


def read_yes_no(cell: Any, yes: Collection[str], no: Collection[str]
                ) -> tuple[bool | None, date | None]:
    """"Ja", "Nej", "Ja, 2024-03-07", "Anmäld 7 mars 2024", a date alone (yes, then),
    "Ej anmäld" → (yes or no, the date given); (None, None) when blank. `yes` and `no`
    are folded first words."""
    if isinstance(cell, bool):
        return cell, None
    text = text_of(cell)
    if not text:
        return None, None
    day = date_in(cell)
    words = fold(text).split()
    if words and words[0] in no:
        return False, None
    if (words and words[0] in yes) or day is not None:
        return True, day
    raise Unreadable("not yes or no (Ja, Nej, or the date)")


def choose(text: str, table: Sequence[tuple[Any, tuple[str, ...]]]) -> Any:
    """The first value one of whose stems begins a word of the text (or, for a phrase,
    appears in it); None when none does. Stems are folded: no accents, lower case."""
    folded = fold(text)
    words = folded.split()
    for value, stems in table:
        for stem in stems:
            if (" " in stem and stem in folded) or any(w.startswith(stem) for w in words):
                return value
    return None
