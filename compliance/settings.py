"""An organisation's numbers for its clocks and reminders (hours before erasure, days
between nudges, months between reviews), read from its settings."""

from __future__ import annotations

from typing import Any


def whole_number(value: Any, low: int, high: int) -> int | None:
    """A whole number within low..high, or None when the setting is not one (text, a
    fraction, true/false) or lies outside: a typo in a setting falls back to the
    default instead of silencing a reminder."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    number = int(value)
    return number if low <= number <= high else None
