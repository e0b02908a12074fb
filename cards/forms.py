"""Render a single-card form (`dialogs.model.Form`) as the inputs of an Adaptive Card.

The form is shown inside the card that names its record (usually revealed by
an Action.ShowCard), and submits with Action.Execute carrying `data` (which
record, which revision). Inputs are pre-filled with what is recorded, so
recording again corrects rather than starts over; after a refused submission
they show what the person had entered (`draft`), so nothing typed is lost.

A decimal is a text input with a pattern, not an Input.Number: a browser's number
input may refuse or empty a Swedish "0,25", which the help text itself writes.
A recorded decimal is shown with the card's decimal sign ("0,25" in Swedish).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from cards import elements as el
from compliance.localtime import to_local
from dialogs.forms import (
    DECIMAL_PATTERN,
    PII_CHOICE,
    PII_CHOICES,
    PII_FORM,
    TIME_SUFFIX,
)
from dialogs.model import Field, Form, Kind
from dialogs.parsing import EMAIL_PATTERN
from i18n import Lang, t

# A recorded text is put back in its field only up to this length: several
# long texts pre-filled in full would push the card past Teams' size limit.
PREFILL_LIMIT = 300
DECIMAL_LENGTH = 20


def _decimal(value: float, lang: Lang) -> str:
    """0.25 → "0,25" in Swedish, "0.25" in English; 1.0 → "1"."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "sv" else text


def _shown_value(lang: Lang, spec: Field, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        local = to_local(value)
        return local.date().isoformat(), local.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if spec.kind is Kind.DECIMAL and isinstance(value, int | float) \
            and not isinstance(value, bool):
        return _decimal(float(value), lang)
    return str(value)


def _with_error(element: el.Element, error: str | None) -> el.Element:
    return {**element, "errorMessage": error} if error else element


def _input(lang: Lang, spec: Field, value: Any) -> el.Element:
    label = t(lang, spec.label_key)
    error = t(lang, spec.error_key) if spec.error_key else None
    match spec.kind:
        case Kind.SINGLE_CHOICE | Kind.YES_NO:
            return el.input_choice_set(
                spec.id, [(t(lang, c.label_key), c.id) for c in spec.choices], label=label,
                value=value, required=spec.required, error_message=error,
                style="compact" if spec.compact else "expanded")
        case Kind.MULTI_CHOICE:
            return el.input_choice_set(
                spec.id, [(t(lang, c.label_key), c.id) for c in spec.choices], label=label,
                value=value, required=spec.required, error_message=error, multi=True,
                style="compact" if spec.compact else "expanded")
        case Kind.DATE:
            return _with_error(el.input_date(spec.id, label=label, value=value,
                                             required=spec.required), error)
        case Kind.DATETIME:
            day, clock = value if isinstance(value, tuple) else (None, None)
            return el.columns([
                el.column([_with_error(el.input_date(spec.id, label=label, value=day,
                                                     required=spec.required), error)]),
                el.column([_with_error(el.input_time(spec.id + TIME_SUFFIX,
                                                     label=t(lang, "dialog.form.time_label"),
                                                     value=clock, required=spec.required),
                                       error)]),
            ])
        case Kind.DECIMAL:
            # Shown as recorded ("0,25") or as typed in a refused submission.
            return {**el.input_text(spec.id, label=label, value=value,
                                    max_length=DECIMAL_LENGTH, required=spec.required,
                                    error_message=error or t(lang, "dialog.form.number")),
                    "regex": DECIMAL_PATTERN}
        case Kind.EMAIL:
            return {**el.input_text(spec.id, label=label, value=value,
                                    max_length=spec.max_length, required=spec.required,
                                    error_message=error or t(lang, "dialog.form.email")),
                    "style": "Email", "regex": EMAIL_PATTERN}
    long = spec.kind is Kind.LONG_TEXT
    fits = value is None or len(str(value)) <= PREFILL_LIMIT
    placeholder = t(lang, "dialog.form.keep") if spec.keep_when_empty and not fits else None
    return el.input_text(spec.id, label=label, value=value if fits else None,
                         placeholder=placeholder, multiline=long, max_length=spec.max_length,
                         required=spec.required, error_message=error)


def _shown(lang: Lang, spec: Field, values: Mapping[str, Any] | None,
           draft: Mapping[str, Any] | None) -> Any:
    """What a field shows: what was entered in a refused submission, else what is
    recorded."""
    entered = draft.get(spec.id) if draft and draft.get(spec.id) not in (None, "") else None
    if entered is not None and spec.kind is Kind.DATETIME:
        assert draft is not None
        return str(entered), str(draft.get(spec.id + TIME_SUFFIX) or "") or None
    if entered is None:
        entered = (values or {}).get(spec.id)
    return _shown_value(lang, spec, entered)


def form_inputs(lang: Lang, form: Form, *, values: Mapping[str, Any] | None = None,
                draft: Mapping[str, Any] | None = None,
                omit: frozenset[str] = frozenset()) -> list[el.Element]:
    """The inputs of the form's fields, with their help texts; after a personal-data
    warning on this form, first the choice to hide or keep that data."""
    body: list[el.Element] = []
    if draft and draft.get(PII_FORM) == form.id:
        choices = [(t(lang, f"dialog.form.pii_{c}"), c) for c in PII_CHOICES]
        body.append(el.container([el.input_choice_set(
            PII_CHOICE, choices, label=t(lang, "dialog.form.pii_choice"), value="mask",
            required=True)], style="warning"))
    for spec in form.fields:
        if spec.id in omit:
            continue
        body.append(_input(lang, spec, _shown(lang, spec, values, draft)))
        if spec.help_key:
            body.append(el.text(t(lang, spec.help_key), trusted=True, isSubtle=True,
                                size="Small"))
    return body


def form_card(lang: Lang, form: Form, data: Mapping[str, Any], *,
              values: Mapping[str, Any] | None = None, draft: Mapping[str, Any] | None = None,
              omit: frozenset[str] = frozenset(), before: list[el.Element] | None = None,
              ) -> el.Element:
    """The form as a card (for an Action.ShowCard), submitting `form.id` with `data`."""
    body = [*(before or []), *form_inputs(lang, form, values=values, draft=draft, omit=omit)]
    submit = el.action_execute(t(lang, form.submit_key), form.id, data, style="positive")
    return el.card(body, [submit], lang=lang)
