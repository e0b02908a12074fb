"""The register's chat forms: each declared once, most of them from the entry's
field declaration (`fields.FIELDS`), so a field reads the same in every form.

`values_from_form` turns what a form read into the entry's stored values (a
list field's text split into its items, a date as ISO text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from dialogs.model import Choice, Form
from dialogs.model import Field as FormField
from dialogs.model import Kind as FormKind
from features.register.fields import BY_ID, Kind

REASON = FormField("reason", "register.form.reason", FormKind.LONG_TEXT, required=True,
                   max_length=1000, error_key="register.form.reason_error")
OPTIONAL_REASON = FormField("reason", "register.form.reason_optional", FormKind.LONG_TEXT,
                            max_length=1000)
# Fields a person does not set in a form: the reference, and what the workflow sets.
NOT_IN_FORMS = frozenset({"owner", "reviewed_on", "object"})


def entry_form(form_id: str, submit_key: str, field_ids: Iterable[str], *,
               reason: FormField = REASON) -> Form:
    """A form asking these fields of an entry (in declaration order), and why."""
    wanted = set(field_ids)
    fields = [f.form_field() for f in BY_ID.values() if f.id in wanted
              and f.id not in NOT_IN_FORMS]
    return Form(id=form_id, submit_key=submit_key, fields=(*fields, reason))


def change_form(field_ids: Iterable[str]) -> Form:
    return entry_form("register.change_submit", "register.action.send_request", field_ids)


def complete_form(field_ids: Iterable[str]) -> Form:
    return entry_form("register.complete_submit", "register.action.save", field_ids,
                      reason=OPTIONAL_REASON)


RETIRE_FORM = Form(id="register.retire_submit", submit_key="register.action.send_request",
                   fields=(REASON,))

HANDOVER_FORM = Form(
    id="register.handover_submit",
    submit_key="register.action.hand_over",
    fields=(
        FormField("new_owner", "register.form.new_owner", FormKind.EMAIL, required=True,
                  max_length=200, help_key="register.form.new_owner_help",
                  error_key="register.form.new_owner_error"),
        FormField("scope", "register.form.scope", FormKind.SINGLE_CHOICE, required=True,
                  choices=(Choice("object", "register.form.scope_object"),
                           Choice("entry", "register.form.scope_entry"))),
        FormField("target_object", "register.form.target_object", FormKind.SHORT_TEXT,
                  max_length=200, help_key="register.form.target_object_help"),
        OPTIONAL_REASON,
    ),
)

REJECT_FORM = Form(id="register.reject", submit_key="register.action.reject", fields=(
    FormField("reason", "register.form.reject_reason", FormKind.LONG_TEXT, required=True,
              max_length=1000, error_key="register.form.reason_error"),))

ASK_FORM = Form(id="register.ask", submit_key="register.action.send", fields=(
    FormField("question", "register.form.question", FormKind.LONG_TEXT, required=True,
              max_length=1000, error_key="register.form.question_error"),))

REPLY_FORM = Form(id="register.reply", submit_key="register.action.send", fields=(
    FormField("answer", "register.form.answer", FormKind.LONG_TEXT, required=True,
              max_length=2000, error_key="register.form.answer_error"),))

_SPLIT = re.compile(r"\s*(?:;|\n)\s*")


def split_list(text: str) -> list[str]:
    """A list field typed as text: one item per line or between semicolons."""
    return [item for item in (p.strip() for p in _SPLIT.split(text or "")) if item]


def values_from_form(read: Mapping[str, Any]) -> dict[str, Any]:
    """The entry values a form's read values stand for (only the entry's fields)."""
    found: dict[str, Any] = {}
    for key, value in read.items():
        spec = BY_ID.get(key)
        if spec is None:
            continue
        if spec.kind is Kind.LIST:
            found[key] = split_list(value) if isinstance(value, str) else (value or [])
        elif spec.kind is Kind.DATE:
            found[key] = value.isoformat() if isinstance(value, date) else value
        elif spec.kind is Kind.CHOICES:
            found[key] = list(value or [])
        else:
            found[key] = value
    return found


def form_values(values: Mapping[str, Any], field_ids: Iterable[str]) -> dict[str, Any]:
    """An entry's stored values as a form shows them (a list as one item per line)."""
    shown: dict[str, Any] = {}
    for key in field_ids:
        spec, value = BY_ID.get(key), values.get(key)
        if spec is None or value is None:
            continue
        if spec.kind is Kind.LIST and isinstance(value, list):
            shown[key] = "\n".join(str(v) for v in value)
        elif spec.kind is Kind.DATE and isinstance(value, str):
            shown[key] = date.fromisoformat(value)
        elif spec.kind is Kind.CHOICES and isinstance(value, list):
            shown[key] = ",".join(value)
        else:
            shown[key] = value
    return shown
