"""A day in words, as a deadline is read: "måndag 16 februari 2026" / "Monday 16
February 2026". Month and weekday names are language, not locale settings: the
server's locale must not decide how a deadline reads."""

from __future__ import annotations

from datetime import date

_MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def long_date(day: date, lang: str, *, weekday: bool = True) -> str:
    """`måndag 16 februari 2026`, `Monday 16 February 2026` (without the weekday when
    `weekday` is False)."""
    lang = lang if lang in _MONTHS else "sv"
    text = f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[lang][day.weekday()]} {text}" if weekday else text


def weekday_name(day: date, lang: str) -> str:
    return _WEEKDAYS[lang if lang in _WEEKDAYS else "sv"][day.weekday()]
