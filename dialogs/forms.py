"""Reading a single-card form (`dialogs.model.Form`) back from a card, on the server.

Nothing from the card is trusted: a choice must be one of the field's
choices, a date well formed, a number within its bounds, a text within its
length (refused with a message, never silently cut). Required fields, then
the form's own validators, are checked in order; the first problem is
reported, with what was entered kept for the form to show again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dialogs.model import Field, Form, Kind
from dialogs.views import Message

_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class FormInput:
    """What a form submission holds once read: typed values, or the first problem."""

    values: dict[str, Any] = field(default_factory=dict)
    error: Message | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class _Refused(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.message = Message(key, params)


def _text(raw: Any) -> str:
    return str(raw).strip() if isinstance(raw, str | int | float) and raw is not True else ""


def _value(spec: Field, raw: Any, current: Any) -> Any:
    text = _text(raw)
    if not text:
        return current if spec.keep_when_empty else None
    match spec.kind:
        case Kind.SHORT_TEXT | Kind.LONG_TEXT:
            if len(text) > spec.max_length:
                raise _Refused("dialog.error.too_long", max=spec.max_length, length=len(text))
            return text
        case Kind.SINGLE_CHOICE | Kind.YES_NO:
            if text not in {c.id for c in spec.choices}:
                raise _Refused("dialog.form.choice")
            return text
        case Kind.DATE:
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise _Refused("dialog.error.date_invalid") from None
        case Kind.DECIMAL:
            if not _DECIMAL.match(text):
                raise _Refused("dialog.form.number")
            number = float(text.replace(",", "."))
            low, high = spec.minimum, spec.maximum
            if (low is not None and number < low) or (high is not None and number > high):
                raise _Refused("dialog.form.number")
            return number
    raise AssertionError(f"form fields of kind {spec.kind} are not supported")


def read_form(form: Form, data: Mapping[str, Any], *,
              current: Mapping[str, Any] | None = None,
              context: Mapping[str, Any] | None = None,
              omit: frozenset[str] = frozenset()) -> FormInput:
    """The typed values of a submission; `current` holds what the record already says
    (kept where a field allows an empty input), `context` what the validators need,
    `omit` the fields the card did not show."""
    current = current or {}
    values: dict[str, Any] = {}
    try:
        for spec in form.fields:
            if spec.id in omit:
                continue
            values[spec.id] = _value(spec, data.get(spec.id), current.get(spec.id))
            if spec.required and values[spec.id] is None:
                raise _Refused(spec.error_key or "dialog.error.required")
    except _Refused as refused:
        return FormInput(values, refused.message)
    for validator in form.validators:
        problem = validator(values, context or {})
        if problem is not None:
            key, params = problem
            return FormInput(values, Message(key, params))
    return FormInput(values)
