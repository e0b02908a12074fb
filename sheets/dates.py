"""Dates as Swedish workbooks hold them: real date cells, Excel serial numbers, ISO
text (2023-05-12), Swedish day-first forms (12/5 2023, 12.5.2023, 12/5-2023) and
month names (12 maj 2023). Day first, never month first: that is how Swedes write.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from sheets.text import Unreadable

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included). Only serials of
# 1970–2099 are taken as dates: a bare 2023 in a date column is a year, not 1905-07-15.
_EXCEL_EPOCH = date(1899, 12, 30)
SERIALS = range(25569, 73051)

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "mars": 3, "march": 3, "apr": 4, "april": 4, "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8,
    "augusti": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10,
    "oktober": 10, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}

# (pattern, which groups are year, month, day); month may be a name.
_FORMS: tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...] = (
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})(?:[/.]|\s*-\s*|\s+)(\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{1,2})(?::?e)?\s+([a-zåäö]+)\.?\s+(\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), (1, 2, 3)),
)


def from_serial(number: float) -> date:
    if int(number) not in SERIALS:
        raise Unreadable("a number, not a date")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _build(match: re.Match[str], groups: tuple[int, int, int]) -> date | None:
    year, month, day = (match.group(g) for g in groups)
    number = int(month) if month.isdigit() else _MONTHS.get(month.rstrip("."))
    if number is None:
        return None  # "12 personer 2023" is no date
    try:
        return date(int(year), number, int(day))
    except ValueError:
        raise Unreadable("no such date") from None


def find_dates(text: str) -> list[tuple[int, date]]:
    """Every date written in a text with where it begins, in the order written
    ("Ja, 2023-05-12"). Raises Unreadable for a date that does not exist."""
    lowered, found = text.lower(), []
    taken: list[range] = []
    for pattern, groups in _FORMS:
        for match in pattern.finditer(lowered):
            span = range(*match.span())
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue
            built = _build(match, groups)
            if built is not None:
                found.append((match.start(), built))
                taken.append(span)
    return sorted(found)


def read_date(cell: object) -> date | None:
    """One cell as one date; None when blank. Raises Unreadable with the reason."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool):
        raise Unreadable("not a date")
    if isinstance(cell, int | float):
        return from_serial(cell)
    text = str(cell).strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 5:
        return from_serial(int(text))  # a serial number kept as text
    lowered = text.lower().rstrip(".")
    for pattern, groups in _FORMS:
        match = pattern.fullmatch(lowered)
        if match is not None:
            built = _build(match, groups)
            if built is not None:
                return built
    raise Unreadable("not a date")
