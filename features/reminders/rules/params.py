"""A reminder policy's parameters as the DSO sees and types them.

A policy declares its parameters by their defaults (`ReminderPolicy.defaults`, e.g.
`{"hours": [24, 48, 60, 70]}`); the kind of each one follows from its default
value and name, so no parameter is spelled out twice:

- a whole number (`"months": 12`): a positive whole number; Swedish and English
  ways of writing one are accepted ("2", "2,0", "2.0", "1 000"), a fraction is not;
  zero only where the default allows it (`"days_before": [7, 2, 0]`: on the day);
- an hour of the day (`"hour": 8`), 0 to 23;
- a decimal (`0.5`): positive, with a comma or a point;
- a list of whole numbers (`[24, 48]`): separated by commas, semicolons or spaces;
- an e-mail address, or a list of them, when the name says so (`escalate_to`,
  `*email*`, `*contacts*`) or the default holds an address;
- a time of day (`"08:00"`), a yes/no (`True`), or a short text.

Everything comes from a card and is checked here again: nothing is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from features.reminders.rules.office_hours import clock_text, parse_clock

MAX_WHOLE = 10_000
MAX_ITEMS = 12
MAX_TEXT = 200
MAX_EMAIL = 320
# "1 000" or "1 000" (no-break space): spaces between groups of thousands.
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")
_WHOLE = re.compile(r"^\+?(\d+)(?:[.,]0*)?$")
_DECIMAL = re.compile(r"^\+?(\d+(?:[.,]\d+)?|[.,]\d+)$")
_FRACTION = re.compile(r"^[+-]?\d*[.,]\d+$")
_SPLIT = re.compile(r"[\s,;]+")
_EMAIL = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;.\"']{2,}$")
_EMAIL_NAMES = ("email", "e_mail", "escalat", "contacts", "address")


class ParamKind(StrEnum):
    FLAG = "flag"
    WHOLE = "whole"
    HOUR = "hour"  # an hour of the day, 0–23
    DECIMAL = "decimal"
    WHOLE_LIST = "whole_list"
    EMAIL = "email"
    EMAIL_LIST = "email_list"
    TEXT_LIST = "text_list"
    TIME = "time"
    TEXT = "text"


class ParamError(Exception):
    """Why a typed value is refused: a catalog key and its parameters."""

    def __init__(self, key: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params = params or {}


def _names_addresses(key: str) -> bool:
    return any(part in key.lower() for part in _EMAIL_NAMES)


def kind_of(key: str, default: Any) -> ParamKind:
    """The kind of a parameter, from its default value and its name."""
    if isinstance(default, bool):
        return ParamKind.FLAG
    if isinstance(default, int):
        return ParamKind.HOUR if key == "hour" or key.endswith("_hour") else ParamKind.WHOLE
    if isinstance(default, float):
        return ParamKind.DECIMAL
    if isinstance(default, list | tuple):
        items = list(default)
        if items and all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            return ParamKind.WHOLE_LIST
        if _names_addresses(key) or any(isinstance(i, str) and "@" in i for i in items):
            return ParamKind.EMAIL_LIST
        if not items and re.search(r"(hours|days|weeks|months)$", key):
            return ParamKind.WHOLE_LIST
        return ParamKind.TEXT_LIST
    if isinstance(default, str):
        if _names_addresses(key) or "@" in default:
            return ParamKind.EMAIL
        if parse_clock(default) is not None and ":" in default:
            return ParamKind.TIME
    return ParamKind.TEXT


def _digits(text: str) -> str:
    """"1 000" → "1000": spaces only between groups of thousands."""
    return re.sub(r"[ \u00a0\u202f]", "", text) if _THOUSANDS.match(text) else text


def minimum_of(key: str, default: Any) -> int:
    """0 where the default itself holds a zero ("on the day"), else 1."""
    items = default if isinstance(default, list | tuple) else [default]
    return 0 if any(i == 0 and not isinstance(i, bool) for i in items) else 1


def parse_whole(text: str, *, minimum: int = 1, maximum: int = MAX_WHOLE) -> int:
    """A whole number from `minimum` (1: positive) up, as typed in Swedish or English."""
    text = _digits(text.strip())
    if not text:
        raise ParamError("reminders.error.required")
    m = _WHOLE.match(text)
    if m is None:
        if text.startswith("-"):
            raise ParamError("reminders.error.positive" if minimum > 0
                             else "reminders.error.negative")
        if _FRACTION.match(text):
            raise ParamError("reminders.error.whole")
        raise ParamError("reminders.error.number")
    number = int(m.group(1))
    if number < minimum:
        raise ParamError("reminders.error.positive")
    if number > maximum:
        raise ParamError("reminders.error.too_large", {"max": maximum})
    return number


def parse_decimal(text: str) -> float:
    text = _digits(text.strip())
    if not text:
        raise ParamError("reminders.error.required")
    if text.startswith("-"):
        raise ParamError("reminders.error.positive")
    m = _DECIMAL.match(text)
    if m is None:
        raise ParamError("reminders.error.number")
    number = float(m.group(1).replace(",", "."))
    if number <= 0:
        raise ParamError("reminders.error.positive")
    if number > MAX_WHOLE:
        raise ParamError("reminders.error.too_large", {"max": MAX_WHOLE})
    return number


def parse_email(text: str) -> str:
    address = text.strip().strip("<>").strip()
    if len(address) > MAX_EMAIL or not _EMAIL.match(address):
        raise ParamError("reminders.error.email", {"address": text.strip()[:80]})
    return address.lower()


def _items(text: str) -> list[str]:
    return [item for item in _SPLIT.split(text.strip()) if item]


def _some(items: list[Any]) -> list[Any]:
    if len(items) > MAX_ITEMS:
        raise ParamError("reminders.error.too_many", {"max": MAX_ITEMS})
    return list(dict.fromkeys(items))


def parse(kind: ParamKind, raw: Any, *, minimum: int = 1) -> Any:
    """The value a card's input holds, read as `kind`; ParamError when refused.
    `minimum`: the least whole number accepted (`minimum_of`)."""
    text = raw.strip() if isinstance(raw, str) else "" if raw is None else str(raw).strip()
    match kind:
        case ParamKind.FLAG:
            return text.lower() in {"true", "1", "ja", "yes", "on"}
        case ParamKind.WHOLE:
            return parse_whole(text, minimum=minimum)
        case ParamKind.HOUR:
            moment = parse_clock(text)
            if moment is None or moment.minute:
                raise ParamError("reminders.error.hour")
            return moment.hour
        case ParamKind.DECIMAL:
            return parse_decimal(text)
        case ParamKind.WHOLE_LIST:
            # In a list the comma separates numbers: "24, 48, 60".
            numbers = _some([parse_whole(item, minimum=minimum) for item in _items(text)])
            if not numbers:
                raise ParamError("reminders.error.required")
            return numbers
        case ParamKind.EMAIL:
            return parse_email(text)
        case ParamKind.EMAIL_LIST:
            return _some([parse_email(item) for item in _items(text)])
        case ParamKind.TEXT_LIST:
            items = [i.strip() for i in re.split(r"[;,\n]", text) if i.strip()]
            if any(len(i) > MAX_TEXT for i in items):
                raise ParamError("reminders.error.text_long", {"max": MAX_TEXT})
            return _some(items)
        case ParamKind.TIME:
            moment = parse_clock(text)
            if moment is None:
                raise ParamError("reminders.error.time")
            return clock_text(moment)
        case ParamKind.TEXT:
            if not text:
                raise ParamError("reminders.error.required")
            if len(text) > MAX_TEXT:
                raise ParamError("reminders.error.text_long", {"max": MAX_TEXT})
            return text
    raise AssertionError(kind)


def as_input(kind: ParamKind, value: Any) -> str:
    """A stored value as the card's text input shows it, ready to be changed."""
    if kind is ParamKind.FLAG:
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def merged(defaults: Mapping[str, Any], stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The organisation's values over the policy's defaults (unknown keys kept, since the
    policy checks its own settings)."""
    return {**dict(defaults), **dict(stored or {})}


def overrides(defaults: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """Only what differs from the defaults is stored: a default changed later still
    reaches the organisations that never changed it."""
    return {k: v for k, v in values.items() if defaults.get(k) != v}
