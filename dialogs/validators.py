"""Reusable answer checks for flow steps (see `dialogs.model.Validator`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from compliance.localtime import to_local
from dialogs.format import parse_stored_moment
from dialogs.model import UNKNOWN, Answers, Validator


def _comparable(a: datetime | date, b: datetime | date) -> tuple[Any, Any]:
    # A date without a time can only be compared by its day.
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a, b
    day = lambda m: to_local(m).date() if isinstance(m, datetime) else m  # noqa: E731
    return day(a), day(b)


def not_before(other_step: str, error_key: str) -> Validator:
    """A datetime answer must not lie before the answer to `other_step`."""

    def check(value: Any, answers: Answers) -> str | None:
        other = answers.get(other_step)
        if value in (None, UNKNOWN) or other in (None, UNKNOWN):
            return None
        this, that = _comparable(parse_stored_moment(value), parse_stored_moment(other))
        return error_key if this < that else None

    return check
