"""Dates and times as people type them, read in Europe/Stockholm.

Accepted, in Swedish and English: `2026-11-20 14:30`, `20/11 14.30`,
`20/11/2026`, `20 nov 14:30`, `nov 20`, `idag 9:15`, `igår`, `i går kl 8`,
`i förrgår`, `today`, `yesterday 16:00`, `kl 14`, `nu` / `now`.
Without a time the answer is a date (the time is not known); without a year
it is the most recent such date, unless future dates make sense for the step.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from compliance.localtime import STOCKHOLM, to_local
from dialogs.model import UNKNOWN
from dialogs.parsing import ParseError, is_unknown

# A few minutes' grace, so "now" typed on a slow clock is not "in the future".
FUTURE_GRACE = timedelta(minutes=5)

_MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "february"), 2),
    **dict.fromkeys(("mar", "mars", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("maj", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "augusti", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oktober", "oct", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_RELATIVE = {"idag": 0, "today": 0, "igar": -1, "yesterday": -1, "iforrgar": -2, "forrgar": -2,
             "imorgon": 1, "tomorrow": 1}
_NOW = frozenset({"nu", "now", "just nu", "right now", "precis nu"})
# Words around the date and time that carry no meaning for us.
_FILLER = re.compile(r"\b(?:den|kl|klockan|at|on|the|om|ca|cirka|around|about)\b|[,]")

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d))?")
_SLASH = re.compile(r"(?<![\d.:])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:e|:e|st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s+(\d{{4}}))?")
_RELATIVE_RE = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\b")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?$")


def _tidy(text: str) -> str:
    """Lower case, no accents, no stray punctuation, "i går" / "i dag" written together."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep the dot of "14.30" only
    text = " ".join(re.sub(r"[^\w:./+\-]+", " ", text).split())
    return re.sub(r"\bi (dag|gar|forrgar|morgon)\b", r"i\1", text)


def _year_for(month: int, day: int, today: date, allow_future: bool) -> int:
    """No year typed: this year, or last year if that would be in the future."""
    year = today.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return year  # reported as an invalid date by the caller
    return year - 1 if candidate > today and not allow_future else year


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("dialog.error.date_invalid") from None


def _take_date(text: str, today: date, allow_future: bool) -> tuple[date | None, str]:
    """Find the date part; return it and what is left of the text."""
    if m := _ISO.search(text):
        found = _make_date(int(m[1]), int(m[2]), int(m[3]))
    elif m := _SLASH.search(text):
        day, month = int(m[1]), int(m[2])
        if m[3]:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        else:
            year = _year_for(month, day, today, allow_future)
        found = _make_date(year, month, day)
    elif (m := _DAY_MONTH.search(text)) or (m := _MONTH_DAY.search(text)):
        day_first = m.re is _DAY_MONTH
        day = int(m[1] if day_first else m[2])
        month = _MONTHS[m[2] if day_first else m[1]]
        year = int(m[3]) if m[3] else _year_for(month, day, today, allow_future)
        found = _make_date(year, month, day)
    elif m := _RELATIVE_RE.search(text):
        found = today + timedelta(days=_RELATIVE[m[1]])
    else:
        return None, text
    return found, text[: m.start()] + " " + text[m.end():]


def _take_time(rest: str) -> tuple[int, int] | None:
    rest = " ".join(_FILLER.sub(" ", rest).split())
    if not rest:
        return None
    m = _TIME.match(rest)
    if not m:
        raise ParseError("dialog.error.datetime")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] == "pm" and hour < 12:
        hour += 12
    elif m[3] == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ParseError("dialog.error.datetime")
    return hour, minute


def parse_datetime(
    text: str, now: datetime, *, allow_future: bool = False, allow_unknown: bool = False
) -> datetime | date | str:
    """A Stockholm datetime, a date (no time given), or UNKNOWN."""
    if is_unknown(text):
        if allow_unknown:
            return UNKNOWN
        raise ParseError("dialog.error.datetime_required")
    local_now = to_local(now)
    tidy = _tidy(text)
    if tidy in _NOW:
        return local_now.replace(second=0, microsecond=0)
    day, rest = _take_date(tidy, local_now.date(), allow_future)
    clock = _take_time(rest)
    if day is None and clock is None:
        raise ParseError("dialog.error.datetime")
    result: datetime | date
    if clock is None:
        result = day
        too_late = not allow_future and day > local_now.date()
    else:
        day = day or local_now.date()
        result = datetime(day.year, day.month, day.day, *clock, tzinfo=STOCKHOLM)
        too_late = not allow_future and result > local_now + FUTURE_GRACE
    if too_late:
        raise ParseError("dialog.error.future")
    return result


def parse_card_datetime(
    day: str | None, clock: str | None, now: datetime, *, allow_future: bool = False
) -> datetime | date:
    """The values of an Input.Date (`YYYY-MM-DD`) and Input.Time (`HH:MM`)."""
    if not day or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise ParseError("dialog.error.datetime")
    text = day if not clock else f"{day} {clock}"
    if clock and not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", clock):
        raise ParseError("dialog.error.datetime")
    result = parse_datetime(text, now, allow_future=allow_future)
    assert not isinstance(result, str)
    return result
