"""Dates and times as people type them, read in Europe/Stockholm.

Accepted, in Swedish and English:

- dates: `2026-11-20`, `20/11`, `20/11/2026`, `20 nov`, `nov 20`, `den 5:e`, `the 5th`,
  `idag`, `igår`, `i förrgår`, `today`, `yesterday`, `the day before yesterday`,
  `i måndags` … `i söndags`, `förra måndagen`, `last Monday` (the latest one before
  today), `måndag`, `Monday` (the latest one, today included), `tisdag förra veckan`,
  `Tuesday last week`, `för 3 dagar sedan`, `för tre dagar sedan`, `3 days ago`;
- times, alone (today) or with a date: `14:30`, `14.30`, `kl 14`, `2:30 pm`;
- parts of the day, alone or with a date: `i morse`, `igår kväll`, `i förrgår kväll`,
  `idag på förmiddagen`, `i natt`, `this morning`, `yesterday evening`, `last night`;
- moments: `nu`, `now`, `för 2 timmar sedan`, `20 minutes ago`.

Without a time the answer is a date (the time is not known); without a year it
is the most recent such date, unless future dates make sense for the step.

Choices made for an incident clock, where a deadline runs from the answer:

- A bare number (`5`) is refused with a question: it is as likely "05:00" as
  "the 5th". `idag 5`, `kl 5`, `5:00` and `05.00` are times today.
- A part of the day is read as its start, the earliest plausible moment, so a
  deadline counted from it is never later than the real one: morgon 06:00,
  förmiddag 09:00, lunch 11:00, eftermiddag 13:00, kväll 18:00, natt 22:00 (`i
  natt`, `last night`: the night that began yesterday). The time is then shown
  like any other, so the person can correct it. With a clock time the part
  tells morning from evening: `igår kväll kl 9` is 21:00, `i natt kl 3` 03:00 today.
- `förra veckan` / `last week` without a day is refused, asking which day
  (last week's dates are in the message): a date stands for that very day in
  the record, and "Monday of last week" would be a precision nobody gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from compliance.localtime import STOCKHOLM, to_local
from dialogs.model import UNKNOWN
from dialogs.parsing import NUMBER_WORDS, ParseError, is_unknown

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
_WEEKDAYS_SV = ("mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag")
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_INDEX = {**{d: i for i, d in enumerate(_WEEKDAYS_SV)},
                  **{d: i for i, d in enumerate(_WEEKDAYS_EN)}}
_SV_DAY = "(" + "|".join(_WEEKDAYS_SV) + ")"
_ANY_DAY = "(" + "|".join(_WEEKDAYS_SV + _WEEKDAYS_EN) + ")"
# Longest first: "day before yesterday" before "yesterday".
_RELATIVE = {"day before yesterday": -2, "idag": 0, "today": 0, "igar": -1, "yesterday": -1,
             "iforrgar": -2, "forrgar": -2, "imorgon": 1, "tomorrow": 1}
_NOW = frozenset({"nu", "now", "just nu", "right now", "precis nu", "nyss", "just now"})
# Words around the date and time that carry no meaning for us.
_FILLER = re.compile(r"\b(?:den|kl|klockan|at|on|the|om|ca|cirka|around|about)\b|[,]")
# A word that makes a following number a clock time ("kl 5", "at 5").
_CLOCK_WORD = re.compile(r"\b(?:kl|klockan|at)\b")
_COUNT = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"|an?)"
_WORD_COUNTS = {**NUMBER_WORDS, "a": 1, "an": 1}

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t(?=\d))?")
_SLASH = re.compile(r"(?<![\d.:])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:e|:e|st|nd|rd|th)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s+(\d{{4}}))?")
# "den 5:e", "den 5", "the 5th": a day of the month, the latest such day.
_DAY_OF_MONTH = re.compile(
    r"\b(?:den\s+(\d{1,2})(?::[ae])?|(\d{1,2}):[ae]|(?:the\s+)?(\d{1,2})(?:st|nd|rd|th))\b"
    r"(?![:.]\d)")
_DAYS_AGO = re.compile(
    rf"\b(?:for\s+)?{_COUNT}\s+(?:dagar|dag|dar|dygn)\s+(?:sedan|sen)\b"
    rf"|\b{_COUNT}\s+days?\s+ago\b")
_LAST_WEEK = re.compile(
    r"\b(?:(?:i\s+)?forra\s+veckan|last\s+week|for\s+(?:en|1)\s+vecka\s+(?:sedan|sen)"
    r"|(?:a|one|1)\s+week\s+ago)\b")
# "i måndags", "förra måndagen", "last Monday": the latest Monday before today.
_PAST_WEEKDAY = re.compile(
    rf"\b(?:(?:i\s+)?{_SV_DAY}s|forra\s+{_SV_DAY}(?:en)?|last\s+{_ANY_DAY})\b")
# "måndag", "Monday": the latest Monday, today included.
_WEEKDAY = re.compile(rf"\b{_ANY_DAY}(?:en)?\b")
# A day named along with "förra veckan": "tisdag förra veckan", "i tisdags förra veckan".
_NAMED_DAY = re.compile(rf"\b(?:i\s+|pa\s+|on\s+)?{_ANY_DAY}(?:en|s)?\b")
_RELATIVE_RE = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\b")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?$")
_AGO = re.compile(
    rf"^(?:for\s+)?(?:{_COUNT}\s+(timmar|timme|tim|h|minuter|minut|min|hours?|hrs?|minutes?"
    r"|mins?)|(?:en\s+)?(halvtimme)|(half\s+an\s+hour))\s+(?:sedan|sen|ago)$")

# Parts of the day: where each starts (the careful reading, see above).
_PART_START = {"morning": 6, "forenoon": 9, "lunch": 11, "afternoon": 13, "evening": 18,
               "night": 22}
_PART_WORDS = {
    **dict.fromkeys(("morgon", "morgonen", "morse", "morning"), "morning"),
    **dict.fromkeys(("formiddag", "formiddagen", "formiddags"), "forenoon"),
    **dict.fromkeys(("lunch", "lunchen", "lunchtid", "lunchtime", "noon", "midday"), "lunch"),
    **dict.fromkeys(("eftermiddag", "eftermiddagen", "eftermiddags", "afternoon"),
                    "afternoon"),
    **dict.fromkeys(("kvall", "kvallen", "evening"), "evening"),
    **dict.fromkeys(("natt", "natten", "night"), "night"),
}
# Words that name a part of a day and the day itself (days from today).
_PART_DAYS = {
    "imorse": ("morning", 0), "iformiddags": ("forenoon", 0), "ieftermiddags": ("afternoon", 0),
    "ieftermiddag": ("afternoon", 0), "ikvall": ("evening", 0), "tonight": ("evening", 0),
    "inatt": ("night", -1),
}
_PART_RE = re.compile(
    r"\b(?:(this|last)\s+|(?:pa|under|vid|in\s+the|at|during\s+the)\s+)?("
    + "|".join(sorted({*_PART_WORDS, *_PART_DAYS}, key=len, reverse=True)) + r")\b")
_STUCK = "(morse|morgon|formiddag|lunch|eftermiddag|kvall|natt)"


@dataclass(frozen=True)
class _Reading:
    """What a text says: a day, a clock time, whether the time is a part of the day."""

    day: date | None = None
    clock: tuple[int, int] | None = None
    from_part: bool = False


def _tidy(text: str) -> str:
    """Lower case, no accents, no stray punctuation, "i går" / "i dag" written together,
    "igårkväll" / "fredagskväll" apart."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep the dot of "14.30" only
    text = " ".join(re.sub(r"[^\w:./+\-]+", " ", text).split())
    text = re.sub(rf"\b(igar|idag|iforrgar|{'|'.join(_WEEKDAYS_SV)})s?{_STUCK}", r"\1 \2", text)
    return re.sub(
        r"\bi (dag|gar|forrgar|morgon|morse|formiddags|eftermiddags?|kvall|natt)\b", r"i\1", text)


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


def _latest_day_of_month(day: int, today: date) -> date | None:
    """The latest date on or before today with this day of the month ("den 31:a")."""
    year, month = today.year, today.month
    for _ in range(4):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found <= today:
            return found
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_COUNTS[word]


def _d_m(day: date) -> str:
    return f"{day.day}/{day.month}"


def _last_week(today: date) -> date:
    """The Monday of last week."""
    return today - timedelta(days=today.weekday() + 7)


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
    elif m := _LAST_WEEK.search(text):
        monday = _last_week(today)
        rest = text[: m.start()] + " " + text[m.end():]
        named = _NAMED_DAY.search(rest)
        if named is None:
            raise ParseError("dialog.error.datetime_vague_week",
                             {"first": _d_m(monday), "last": _d_m(monday + timedelta(days=6))})
        return (monday + timedelta(days=_WEEKDAY_INDEX[named[1]]),
                rest[: named.start()] + " " + rest[named.end():])
    elif m := _DAYS_AGO.search(text):
        found = today - timedelta(days=_count(m[1] or m[2]))
    elif m := _PAST_WEEKDAY.search(text):
        wanted = _WEEKDAY_INDEX[m[1] or m[2] or m[3]]
        found = today - timedelta(days=(today.weekday() - wanted - 1) % 7 + 1)
    elif m := _RELATIVE_RE.search(text):
        found = today + timedelta(days=_RELATIVE[m[1]])
    elif m := _WEEKDAY.search(text):
        if allow_future:  # "måndag" could be either way
            raise ParseError("dialog.error.datetime")
        found = today - timedelta(days=(today.weekday() - _WEEKDAY_INDEX[m[1]]) % 7)
    elif m := _DAY_OF_MONTH.search(text):
        number = int(m[1] or m[2] or m[3])
        latest = _latest_day_of_month(number, today)
        if latest is None:
            raise ParseError("dialog.error.date_invalid")
        found = latest
    else:
        return None, text
    return found, text[: m.start()] + " " + text[m.end():]


def _take_part(text: str) -> tuple[str | None, int | None, str]:
    """A part of the day, the day it names itself (days from today) if any, and the rest."""
    m = _PART_RE.search(text)
    if m is None:
        return None, None, text
    word, rest = m[2], text[: m.start()] + " " + text[m.end():]
    if word in _PART_DAYS:
        part, days = _PART_DAYS[word]
        return (None, None, text) if m[1] == "last" else (part, days, rest)
    part = _PART_WORDS[word]
    days = {"this": 0, "last": -1 if part in ("evening", "night") else None}
    if m[1] == "last" and days["last"] is None:
        return None, None, text  # "last morning" means nothing in particular
    return part, days.get(m[1] or ""), rest


def _in_part(hour: int, part: str | None, marked: bool) -> tuple[int, int]:
    """(days to add, hour): a clock time read in a part of the day, "kväll kl 9" → 21."""
    if marked or part is None:
        return 0, hour
    if part in ("afternoon", "evening") and 1 <= hour <= 11:
        return 0, hour + 12
    if part == "lunch" and 1 <= hour <= 2:
        return 0, hour + 12
    if part == "night":
        if 8 <= hour <= 11:
            return 0, hour + 12
        if hour < 8:
            return 1, hour  # the small hours belong to the next day
    return 0, hour


def _clock(text: str) -> tuple[int, int, bool] | None:
    """A clock time, and whether am/pm was said; None when nothing is left."""
    text = " ".join(_FILLER.sub(" ", text).split())
    if not text:
        return None
    m = _TIME.match(text)
    if not m:
        raise ParseError("dialog.error.datetime")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3] == "pm" and hour < 12:
        hour += 12
    elif m[3] == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ParseError("dialog.error.datetime")
    return hour, minute, m[3] is not None


def _bare_number(number: int, today: date) -> ParseError:
    """"5": 05:00 today or the 5th? Ask, with both written out."""
    day = _latest_day_of_month(number, today) if number else None
    if number <= 23 and day is not None:
        return ParseError("dialog.error.datetime_bare_number",
                          {"time": f"{number:02d}:00", "date": _d_m(day)})
    if day is not None:
        return ParseError("dialog.error.date_bare_number", {"date": _d_m(day)})
    return ParseError("dialog.error.datetime")


def _read(tidy: str, today: date, allow_future: bool) -> _Reading:
    """The day and time a tidied text names (either may be missing)."""
    day, rest = _take_date(tidy, today, allow_future)
    part, part_days, rest = _take_part(rest)
    if part_days is not None:
        if day not in (None, today + timedelta(days=part_days)):
            raise ParseError("dialog.error.datetime")  # "igår i kväll"
        day = today + timedelta(days=part_days)
    if day is None and part is None and not _CLOCK_WORD.search(rest):
        bare = " ".join(_FILLER.sub(" ", rest).split())
        if re.fullmatch(r"\d{1,2}", bare):
            raise _bare_number(int(bare), today)
    clock = _clock(rest)
    if clock is None:
        if part is None:
            return _Reading(day)
        return _Reading(day or today, (_PART_START[part], 0), from_part=True)
    hour, minute, marked = clock
    days, hour = _in_part(hour, part, marked)
    return _Reading((day or today) + timedelta(days=days), (hour, minute))


def _ago(tidy: str, local_now: datetime) -> datetime | None:
    """"för 2 timmar sedan", "20 minutes ago": counted in real time, across a clock change."""
    m = _AGO.match(tidy)
    if m is None:
        return None
    if m[3] or m[4]:
        delta = timedelta(minutes=30)
    elif m[2].startswith(("t", "h")):
        delta = timedelta(hours=_count(m[1]))
    else:
        delta = timedelta(minutes=_count(m[1]))
    moment = local_now.astimezone(UTC).replace(second=0, microsecond=0) - delta
    return moment.astimezone(STOCKHOLM)


def _moment(reading: _Reading, local_now: datetime, allow_future: bool) -> datetime | date:
    """The reading as a date or a Stockholm datetime; the future refused unless allowed."""
    if reading.day is None and reading.clock is None:
        raise ParseError("dialog.error.datetime")
    result: datetime | date
    if reading.clock is None:
        assert reading.day is not None
        result = reading.day
        too_late = not allow_future and result > local_now.date()
    else:
        day = reading.day or local_now.date()
        result = datetime(day.year, day.month, day.day, *reading.clock, tzinfo=STOCKHOLM)
        # In UTC: compared in one zone, the hour repeated in October would be ambiguous.
        too_late = not allow_future and (
            result.astimezone(UTC) > local_now.astimezone(UTC) + FUTURE_GRACE)
    if too_late:
        raise ParseError("dialog.error.future")
    return result


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
    if (moment := _ago(tidy, local_now)) is not None:
        return moment
    return _moment(_read(tidy, local_now.date(), allow_future), local_now, allow_future)


def parse_date(text: str, now: datetime, *, allow_future: bool = False) -> date:
    """A day typed in a date field: the same words and formats as `parse_datetime`
    ("idag", "igår", "5/11", "i måndags", "2026-11-20"). A time typed along is dropped
    once it is known not to be in the future; today itself never is."""
    try:
        result = parse_datetime(text, now, allow_future=allow_future)
    except ParseError as e:
        if e.key == "dialog.error.datetime_bare_number":
            raise ParseError("dialog.error.date_bare_number", {"date": e.params["date"]}) from None
        if e.key in ("dialog.error.datetime", "dialog.error.datetime_required"):
            raise ParseError("dialog.error.date") from None
        raise
    assert not isinstance(result, str)
    return to_local(result).date() if isinstance(result, datetime) else result


def parse_card_datetime(
    day: str | None, clock: str | None, now: datetime, *, allow_future: bool = False,
    clock_required: bool = False,
) -> datetime | date:
    """The values of an Input.Date and an Input.Time: `YYYY-MM-DD` and `HH:MM` from
    most clients, or what a person typed where a client lets them (`idag`, `5/11`,
    `14.30`, the day field alone holding `igår 14:30`). `clock_required`: a date
    alone, or a part of the day, is refused (`dialog.form.datetime_both`)."""
    day, clock = (day or "").strip(), (clock or "").strip()
    if not day:
        raise ParseError("dialog.error.datetime")
    local_now = to_local(now)
    if is_unknown(day):
        raise ParseError("dialog.error.datetime_required")
    tidy = _tidy(day)
    if re.fullmatch(r"\d{1,2}", tidy):  # in a date field, a bare number is a day
        latest = _latest_day_of_month(int(tidy), local_now.date())
        if latest is None:
            raise ParseError("dialog.error.date_invalid")
        raise ParseError("dialog.error.date_bare_number", {"date": _d_m(latest)})
    reading = _read(tidy, local_now.date(), allow_future)
    if reading.day is None:
        raise ParseError("dialog.error.datetime")
    if clock:
        if reading.clock is not None:
            raise ParseError("dialog.error.datetime")  # a time in both fields
        found = _clock(_tidy(clock))
        if found is None:
            raise ParseError("dialog.error.datetime")
        reading = _Reading(reading.day, found[:2])
    result = _moment(reading, local_now, allow_future)
    if clock_required and (reading.clock is None or reading.from_part):
        raise ParseError("dialog.form.datetime_both")
    return result
