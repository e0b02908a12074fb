"""The forms on a request's card (each on a card of its own), and the two forms of a
question relayed to the DSO. Declared once: the card inputs, the reading of what
comes back and the record columns they set.
"""

from __future__ import annotations

from dialogs.model import Choice, Field, Form, Kind
from features.rights.rules.workflow import (
    IdentityMethod,
    Outcome,
    RecipientsTold,
    SecrecyResult,
)


def _choices(group: str, ids: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"rights.choice.{group}.{i}") for i in ids)


def _date(field_id: str, column: str | None = None, *, required: bool = True) -> Field:
    return Field(field_id, f"rights.form.{field_id}", Kind.DATE, required=required,
                 error_key="rights.form.date_error", column=column)


IDENTITY_FORM = Form(id="rights.identity", submit_key="rights.action.save", fields=(
    Field("identity_method", "rights.form.identity_method", Kind.SINGLE_CHOICE, required=True,
          choices=_choices("identity", [m.value for m in IdentityMethod]),
          error_key="rights.form.choice_error", column="identity_method"),
    _date("identity_verified_on", "identity_verified_on"),
))

HANDLER_FORM = Form(id="rights.handler", submit_key="rights.action.save", fields=(
    Field("handler_email", "rights.form.handler_email", Kind.EMAIL, required=True,
          max_length=200, help_key="rights.form.handler_email_help",
          error_key="dialog.form.email"),
))

EXTEND_FORM = Form(id="rights.extend", submit_key="rights.action.extend", fields=(
    Field("further_months", "rights.form.further_months", Kind.SINGLE_CHOICE, required=True,
          choices=_choices("months", ["1", "2"]), error_key="rights.form.choice_error"),
    Field("extension_reason", "rights.form.extension_reason", Kind.LONG_TEXT, required=True,
          max_length=1000, help_key="rights.form.extension_reason_help",
          error_key="rights.extension.no_reason"),
    _date("extension_told_on"),
))

SECRECY_FORM = Form(id="rights.secrecy", submit_key="rights.action.save", fields=(
    Field("secrecy_result", "rights.form.secrecy_result", Kind.SINGLE_CHOICE, required=True,
          choices=_choices("secrecy", [r.value for r in SecrecyResult]),
          error_key="rights.form.choice_error", column="secrecy_result"),
    Field("secrecy_by", "rights.form.secrecy_by", Kind.SHORT_TEXT, required=True,
          max_length=200, help_key="rights.form.secrecy_by_help", names_expected=True,
          error_key="rights.form.secrecy_by_error", column="secrecy_by"),
    _date("secrecy_on", "secrecy_on"),
))

RECIPIENTS_FORM = Form(id="rights.recipients", submit_key="rights.action.save", fields=(
    Field("recipients_told", "rights.form.recipients_told", Kind.SINGLE_CHOICE, required=True,
          choices=_choices("recipients", [r.value for r in RecipientsTold]),
          error_key="rights.form.choice_error", column="recipients_told"),
    Field("recipients", "rights.form.recipients", Kind.LONG_TEXT, max_length=1000,
          help_key="rights.form.recipients_help", column="recipients"),
))

ANSWER_FORM = Form(id="rights.answer", submit_key="rights.action.close_answered", fields=(
    Field("outcome", "rights.form.outcome", Kind.SINGLE_CHOICE, required=True,
          choices=_choices("outcome", [o.value for o in Outcome]),
          error_key="rights.form.choice_error", column="outcome"),
    _date("answered_on", "answered_on"),
    Field("outcome_reason", "rights.form.outcome_reason", Kind.LONG_TEXT, max_length=2000,
          help_key="rights.form.outcome_reason_help", column="outcome_reason"),
    Field("appeal_info_given", "rights.form.appeal_info_given", Kind.YES_NO,
          help_key="rights.form.appeal_info_given_help"),
))

WITHDRAW_FORM = Form(id="rights.withdraw", submit_key="rights.action.withdraw", fields=(
    Field("note", "rights.form.withdraw_note", Kind.LONG_TEXT, max_length=1000),
))

# A question about rights for the DSO, and the DSO's answer to it.
ASK_DSO_FORM = Form(id="rights.ask_dso", submit_key="rights.action.send_to_dso", fields=(
    Field("question", "rights.form.question", Kind.LONG_TEXT, required=True, max_length=2000,
          help_key="rights.form.question_help", error_key="rights.form.question_error"),
))

DSO_ANSWER_FORM = Form(id="rights.dso_answer", submit_key="rights.action.send_answer",
                       fields=(
    Field("answer", "rights.form.answer", Kind.LONG_TEXT, required=True, max_length=4000,
          error_key="rights.form.answer_error"),
))

FORMS = (IDENTITY_FORM, HANDLER_FORM, EXTEND_FORM, SECRECY_FORM, RECIPIENTS_FORM, ANSWER_FORM,
         WITHDRAW_FORM, ASK_DSO_FORM, DSO_ANSWER_FORM)
