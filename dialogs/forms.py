"""Reading a single-card form (`dialogs.model.Form`) back from a card, on the server.

Nothing from the card is trusted: a choice must be one of the field's
choices, a date well formed, a number within its bounds, a text within its
length (refused with a message, never silently cut). Required fields, then
the personal-data guard, then the form's own validators are checked in
order; the first problem is reported, with what was entered kept for the form
to show again.

Dates and times are read as in the guided flows (`dialogs.dateparse`): most
clients send `YYYY-MM-DD` and `HH:MM`, but where a client lets people type,
"idag", "igår", "5/11" and "14.30" are understood too. The future is refused
(today is not the future), and a date-time field needs a clock time, not a
part of the day. Decimals take a comma or a point: "0,25" as well as "0.25".

The guard: free text holding identity numbers or contact details is refused
once, with the kinds found; the form then asks whether to mask them or keep
them (`PII_CHOICE`), and a kept one is reported (`FormInput.pii_kept`) so the
record can be flagged for the DSO, as in the guided flows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from compliance import pii
from compliance.localtime import to_utc
from dialogs.dateparse import parse_card_datetime, parse_date
from dialogs.model import TEXT_KINDS, Field, Form, Kind
from dialogs.parsing import ParseError, parse_email
from dialogs.views import Message
from i18n import t

# A decimal as typed, "0,25" or "0.25" (",5", "2"): the card's input checks it with this
# pattern (a JavaScript regex too), the server again.
DECIMAL_PATTERN = r"^\s*[+-]?(\d+([.,]\d+)?|[.,]\d+)\s*$"
_DECIMAL = re.compile(DECIMAL_PATTERN)
# The card input that answers the personal-data warning, and the marker telling the
# form's card which form to show it on.
PII_CHOICE = "pii_choice"
PII_CHOICES = ("mask", "keep")
PII_FORM = "pii_form"
# A date-time field is two card inputs: the day under the field's id, the time under this.
TIME_SUFFIX = "_time"


@dataclass(frozen=True)
class FormInput:
    """What a form submission holds once read: typed values, or the first problem."""

    values: dict[str, Any] = field(default_factory=dict)
    error: Message | None = None
    pii_warning: bool = False  # the error asks to mask or keep personal data
    pii_kept: bool = False  # personal data kept on purpose: flag the record

    @property
    def ok(self) -> bool:
        return self.error is None


class _Refused(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.message = Message(key, params)


def _text(raw: Any) -> str:
    return str(raw).strip() if isinstance(raw, str | int | float) and raw is not True else ""


def _moment(spec: Field, data: Mapping[str, Any], now: datetime) -> datetime | None:
    """A Stockholm date and time from the card, as an aware UTC instant. The time is
    required: the deadlines these record are counted in hours (a client that lets
    people type may send "igår 14:30" in the day input and nothing in the time)."""
    day, clock = _text(data.get(spec.id)), _text(data.get(spec.id + TIME_SUFFIX))
    if not day and not clock:
        return None
    if not day:
        raise _Refused("dialog.form.datetime_both")
    try:
        moment = parse_card_datetime(day, clock or None, now, clock_required=True)
    except ParseError as e:
        raise _Refused(e.key, **e.params) from None
    assert isinstance(moment, datetime)
    return to_utc(moment)


def _value(spec: Field, raw: Any, current: Any, now: datetime) -> Any:
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
        case Kind.MULTI_CHOICE:
            # A card sends the chosen ids comma-separated; every one must be a choice.
            ids = list(dict.fromkeys(i.strip() for i in text.split(",") if i.strip()))
            if not set(ids) <= {c.id for c in spec.choices}:
                raise _Refused("dialog.form.choice")
            return ids
        case Kind.DATE:
            try:
                return parse_date(text, now)
            except ParseError as e:
                raise _Refused(e.key, **e.params) from None
        case Kind.DECIMAL:
            if not _DECIMAL.match(text):
                raise _Refused("dialog.form.number")
            number = float(text.replace(",", "."))
            low, high = spec.minimum, spec.maximum
            if (low is not None and number < low) or (high is not None and number > high):
                raise _Refused("dialog.form.number")
            return number
        case Kind.EMAIL:
            try:
                return parse_email(text, spec.max_length)
            except ParseError as e:
                raise _Refused(e.key, **e.params) from None
    raise AssertionError(f"form fields of kind {spec.kind} are not supported")


def read_form(form: Form, data: Mapping[str, Any], *,
              current: Mapping[str, Any] | None = None,
              context: Mapping[str, Any] | None = None,
              omit: frozenset[str] = frozenset(), lang: str = "sv",
              now: datetime | None = None) -> FormInput:
    """The typed values of a submission; `current` holds what the record already says
    (kept where a field allows an empty input), `context` what the validators need,
    `omit` the fields the card did not show, `now` what "in the future" is after."""
    current = current or {}
    now = now or datetime.now(UTC)
    values: dict[str, Any] = {}
    try:
        for spec in form.fields:
            if spec.id in omit:
                continue
            if spec.kind is Kind.DATETIME:
                values[spec.id] = _moment(spec, data, now)
            else:
                values[spec.id] = _value(spec, data.get(spec.id), current.get(spec.id), now)
            if spec.required and values[spec.id] is None:
                raise _Refused(spec.error_key or "dialog.error.required")
    except _Refused as refused:
        return FormInput(values, refused.message)
    guarded = _guard(form, values, current, data.get(PII_CHOICE), lang)
    if guarded is not None:
        return guarded
    kept = data.get(PII_CHOICE) == "keep" and any(
        _new_personal_data(spec, values, current) for spec in form.fields)
    for validator in form.validators:
        problem = validator(values, context or {})
        if problem is not None:
            key, params = problem
            return FormInput(values, Message(key, params))
    return FormInput(values, pii_kept=kept)


def _new_personal_data(spec: Field, values: Mapping[str, Any],
                       current: Mapping[str, Any]) -> list[str]:
    """The kinds of personal data in a field's text that is new in this submission
    (a text kept unchanged from the record was judged when it was entered)."""
    text = values.get(spec.id)
    if not spec.pii_guard or spec.kind not in TEXT_KINDS or not isinstance(text, str):
        return []
    if text == current.get(spec.id):
        return []
    # A field that asks for a name (who decided) expects one: only numbers and contact
    # details are pointed out there.
    found = pii.find(text, names=not spec.names_expected)
    return list(dict.fromkeys(f.kind for f in found))


def _guard(form: Form, values: dict[str, Any], current: Mapping[str, Any], choice: Any,
           lang: str) -> FormInput | None:
    """Refuse once when free text holds personal data; mask it when asked to."""
    found = {spec.id: kinds for spec in form.fields
             if (kinds := _new_personal_data(spec, values, current))}
    if not found:
        return None
    if choice == "mask":
        for field_id in found:
            values[field_id] = pii.mask(values[field_id], lang,
                                        names=not form.field(field_id).names_expected)
        return None
    if choice == "keep":
        return None
    kinds = list(dict.fromkeys(kind for each in found.values() for kind in each))
    named = [t(lang, f"dialog.pii.kinds.{kind}") for kind in kinds]
    listed = named[0] if len(named) == 1 else \
        f"{', '.join(named[:-1])} {t(lang, 'dialog.pii.and')} {named[-1]}"
    return FormInput(values, Message("dialog.form.pii", {"kinds": listed}), pii_warning=True)
