"""Personal-data guard for free text.

Reports should not contain personal identity numbers, contact details or the
names of people: a report may end up in IMY's hands and becomes an official
document. `find()` locates such data; `mask()` replaces it with words staff
understand.

Identity numbers are only reported when they are real candidates: the date
part must be a valid date (coordination numbers add 60 to the day) and the
Luhn check digit over the 10-digit form must match. That keeps dates, amounts,
invoice numbers and random digit strings from raising false alarms.

Names of people are found by `compliance.names`: a listed first name and a
surname, a title or role and a surname, or a word only a surname ends like;
places, units and products named like people are left alone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from compliance.names import find_names

Kind = Literal["personnummer", "samordningsnummer", "email", "phone", "name"]

MASK_LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "personnummer": "[personnummer]",
        "samordningsnummer": "[samordningsnummer]",
        "email": "[e-postadress]",
        "phone": "[telefonnummer]",
        "name": "[namn]",
    },
    "en": {
        "personnummer": "[personal identity number]",
        "samordningsnummer": "[coordination number]",
        "email": "[e-mail address]",
        "phone": "[phone number]",
        "name": "[name]",
    },
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int


# YYMMDD or YYYYMMDD, an optional separator (`-`, `+` for age 100+, or a
# space), then three serial digits and the check digit. The look-arounds keep
# us from matching inside a longer number.
_IDENTITY = re.compile(
    r"(?<![\w+])(?P<century>\d{2})?(?P<date>\d{6})"
    r"(?P<sep>\s?[-+–]\s?|\s)?(?P<serial>\d{3})(?P<check>\d)(?![\w])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# Swedish numbers: a trunk 0 or the country code, then 7 to 9 digits of which
# the first is not 0, written with optional spaces or hyphens between digits.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)46\s?(?:\(0\)\s?)?|0)[1-9](?:[ \-–]?\d){6,8}(?![\w])"
)


def luhn_ok(digits: str) -> bool:
    """Luhn check over a digit string (used over the 10-digit form)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(year: int | None, yy: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is not None:
        return day <= calendar.monthrange(year, month)[1]
    # Without the century, 29 February is fine if either century makes it a leap year.
    leap = yy % 4 == 0
    return day <= (29 if month == 2 and leap else calendar.monthrange(2001, month)[1])


def _identity_kind(m: re.Match[str]) -> Kind | None:
    century, date = m.group("century"), m.group("date")
    if century is not None and century not in {"18", "19", "20"}:
        return None
    yy, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    kind: Kind = "personnummer"
    if day > 60:
        kind, day = "samordningsnummer", day - 60
    year = int(century + date[:2]) if century else None
    if not _valid_date(year, yy, month, day):
        return None
    if not luhn_ok(date + m.group("serial") + m.group("check")):
        return None
    return kind


def find(text: str, *, names: bool = True) -> list[Finding]:
    """Identity numbers, e-mail addresses, phone numbers and names, in text order.

    `names=False` leaves names of people alone: for a name that is meant to be there,
    such as the display name of the member of staff who reported or decided."""
    found: list[Finding] = []
    for m in _IDENTITY.finditer(text):
        kind = _identity_kind(m)
        if kind:
            found.append(Finding(kind, m.start(), m.end()))
    for m in _EMAIL.finditer(text):
        found.append(Finding("email", m.start(), m.end()))
    for m in _PHONE.finditer(text):
        # A valid identity number that also looks like a phone number is the former.
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(Finding("phone", m.start(), m.end()))
    for start, end in find_names(text) if names else ():
        # A name inside an e-mail address ("Lisa.Berg@...") goes with the address.
        if not any(f.start < end and start < f.end for f in found):
            found.append(Finding("name", start, end))
    return sorted(found, key=lambda f: f.start)


def kinds(text: str) -> list[Kind]:
    """The distinct kinds found, in text order (for the warning)."""
    seen: list[Kind] = []
    for f in find(text):
        if f.kind not in seen:
            seen.append(f.kind)
    return seen


def mask(text: str, lang: str = "sv", *, names: bool = True) -> str:
    """The text with every finding replaced by its label, e.g. `[personnummer]`, `[namn]`."""
    labels = MASK_LABELS.get(lang, MASK_LABELS["sv"])
    out, pos = [], 0
    for f in find(text, names=names):
        if f.start < pos:  # overlapping (an e-mail address containing digits)
            continue
        out += [text[pos : f.start], labels[f.kind]]
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
