"""A camera register's cells read as the values of its fields: retention in words
("7 dagar", "72 timmar", "1 vecka", a bare number under "Lagringstid (dygn)"),
dates, yes or no (with "live view only" as no recording), status and counts. A cell
that cannot be read raises `Unreadable` with the reason the import report shows."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from features.cameras.register.repo import ACTIVE, RETIRED
from sheets.cells import date_in
from sheets.dates import SERIALS
from sheets.text import Unreadable, fold, text_of

MAX_HOURS = 24 * 366 * 10  # ten years: more is a typing mistake


def line_of(cell: Any) -> str:
    """A cell as one line of text ("Ja"/"Nej" for a true/false cell)."""
    return " ".join(text_of(cell).split())


def _plain(text: str) -> str:
    """Lower case, no accents; digits, '.' and ',' kept (for numbers like 1,5)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NUMBER_WORDS = {"en": 1, "ett": 1, "one": 1, "a": 1, "an": 1, "tva": 2, "two": 2, "tre": 3,
                 "three": 3, "fyra": 4, "four": 4, "fem": 5, "five": 5, "sex": 6, "six": 6,
                 "sju": 7, "seven": 7, "atta": 8, "eight": 8, "nio": 9, "nine": 9, "tio": 10,
                 "ten": 10, "fjorton": 14, "fourteen": 14, "trettio": 30, "thirty": 30}
_UNIT_HOURS = {**dict.fromkeys(("h", "t", "tim", "timme", "timmar", "timmarna", "hour",
                                "hours", "hr", "hrs"), 1),
               **dict.fromkeys(("d", "dygn", "dag", "dagar", "dagarna", "day", "days"), 24),
               **dict.fromkeys(("v", "vecka", "veckor", "veckan", "w", "wk", "week",
                                "weeks"), 168)}
_MONTH_UNITS = {"man", "manad", "manader", "month", "months"}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?|[a-z]+)\s*([a-z]+)?")
_NONE_WORDS = {"ingen", "inga", "nej", "no", "none", "saknas", "ej", "live", "-"}


def read_hours(cell: Any, unit_hours: int | None = None) -> int | None:
    """A retention time in hours: "7 dagar", "72 timmar", "48 h", "1 vecka", "en vecka",
    "7" under a header such as "Lagringstid (dygn)"; None when blank or "Ingen"."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if unit_hours is None:
            raise Unreadable("a number without a unit (write 7 dagar or 72 timmar)")
        return _whole_hours(float(cell) * unit_hours)
    text = _plain(line_of(cell))
    if not text.strip():
        return None
    if text.strip(" .") in _NONE_WORDS or text.split()[0] in _NONE_WORDS:
        return None
    for match in _AMOUNT.finditer(text):
        amount_text, unit = match.group(1), match.group(2)
        if amount_text[0].isdigit():
            amount = float(amount_text.replace(",", "."))
        elif amount_text in _NUMBER_WORDS:
            amount = float(_NUMBER_WORDS[amount_text])
        else:
            continue
        if unit in _MONTH_UNITS:
            raise Unreadable("months differ in length (write the days, e.g. 30 dagar)")
        if unit in _UNIT_HOURS:
            return _whole_hours(amount * _UNIT_HOURS[unit])
        if unit is None and unit_hours is not None:
            return _whole_hours(amount * unit_hours)
        if unit is None:
            raise Unreadable("a number without a unit (write 7 dagar or 72 timmar)")
    raise Unreadable("not a retention time (write 7 dagar, 72 timmar, 48 h or 1 vecka)")


def _whole_hours(hours: float) -> int:
    if hours <= 0 or hours > MAX_HOURS:
        raise Unreadable("not a retention time this import takes (more than nothing, "
                         "at most ten years)")
    if abs(hours - round(hours)) > 1e-6:
        raise Unreadable("not a whole number of hours")
    return round(hours)


_NO_DATE = {"nej", "no", "saknas", "ej", "ingen", "inte", "missing", "none", "-"}


def read_date(cell: Any) -> date | None:
    """A date cell, an Excel serial, "2024-03-05", "5/3 2024", "5 mars 2024", or a text
    holding one ("Ja, 2024-03-05"); None when blank or "Nej"/"Saknas"."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) \
            and int(cell) not in SERIALS:
        raise Unreadable("a number, not a date (write 2024-03-05)")
    found = date_in(cell)
    if found is not None:
        return found
    text = fold(line_of(cell))
    if not text or text.split()[0] in _NO_DATE:
        return None
    raise Unreadable("no date (write the day it was documented, e.g. 2024-03-05)")


_YES = {"ja", "j", "yes", "y", "x", "true", "sant", "1"}
_NO = {"nej", "n", "no", "false", "falskt", "0", "ej", "inte", "ingen", "inget", "utan",
       "not", "none"}
# For "Inspelning": live view only is no recording.
_LIVE = ("live", "direktovervak", "realtid", "endast visning", "bara visning", "live view")
_RECORDS = ("inspelning", "spelar in", "inspelad", "record")


def read_yes_no(cell: Any, field_id: str) -> bool | None:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        if cell in (0, 1):
            return bool(cell)
        raise Unreadable("not yes or no (Ja or Nej)")
    text = fold(line_of(cell))
    if not text:
        return None
    words = text.split()
    if field_id == "recording" and any(w in text for w in _LIVE):
        return False
    if words[0] in _NO or any(w in _NO for w in words[:2]):
        return False
    if words[0] in _YES:
        return True
    if field_id == "recording" and any(w in text for w in _RECORDS):
        return True
    if field_id == "sound" and any(w.startswith("ljud") or w in ("sound", "audio")
                                   for w in words):
        return True
    raise Unreadable("not yes or no (Ja or Nej)")


_ACTIVE_WORDS = ("aktiv", "active", "i drift", "in use", "ja", "yes", "drift")
_RETIRED_WORDS = ("avveckl", "retired", "nedmonter", "borttag", "ur drift", "inaktiv",
                  "inactive", "removed", "nej", "no", "avslut")


def read_status(cell: Any) -> str | None:
    text = fold(line_of(cell))
    if not text:
        return None
    if any(text.startswith(w) for w in _RETIRED_WORDS):
        return RETIRED
    if any(text.startswith(w) for w in _ACTIVE_WORDS):
        return ACTIVE
    raise Unreadable("not a status this import knows (Aktiv or Avvecklad)")


def read_count(cell: Any) -> int | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = float(cell)
    else:
        text = line_of(cell)
        if not text:
            return None
        found = re.match(r"\s*(\d+)\b", text)
        if not found:
            raise Unreadable("not a number of cameras")
        number = float(found.group(1))
    if not number.is_integer() or not 1 <= number <= 100_000:
        raise Unreadable("not a number of cameras (a whole number, 1 or more)")
    return int(number)


