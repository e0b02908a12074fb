"""The forms on a request's card, declared once: material secured, the secrecy
assessment and decision, the hand-over. The legal ground is data (dated rows), so
its choices are put on the card from the rows valid that day, and read apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dialogs.model import Choice, Field, Form, Kind
from features.cameras.requests.rules.workflow import Decision, Medium, Partial

GROUND = "legal_ground"
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def _choices(group: str, ids: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"cameras.requests.choice.{group}.{i}") for i in ids)


def _label(field_id: str) -> str:
    return f"cameras.requests.form.{field_id}"


SECURE_FORM = Form(id="cameras.secure", submit_key="cameras.requests.action.save", fields=(
    Field("secured_at", _label("secured_at"), Kind.DATETIME, required=True,
          error_key="cameras.requests.form.datetime_error", column="secured_at"),
    Field("secured_where", _label("secured_where"), Kind.SHORT_TEXT, required=True,
          max_length=300, help_key="cameras.requests.form.secured_where_help",
          error_key="cameras.requests.form.required", column="secured_where"),
))


def _partial_says_how(values: Mapping[str, Any], context: Mapping[str, Any]
                      ) -> tuple[str, dict[str, Any]] | None:
    if values.get("decision") == Decision.PARTIAL and not values.get("partial"):
        return "cameras.requests.form.partial_needed", {}
    return None


DECIDE_FORM = Form(id="cameras.decide", submit_key="cameras.requests.action.save", fields=(
    Field("decision", _label("decision"), Kind.SINGLE_CHOICE, required=True,
          choices=_choices("decision", [d.value for d in Decision]),
          error_key="cameras.requests.form.choice_error", column="decision"),
    Field("partial", _label("partial"), Kind.MULTI_CHOICE,
          choices=_choices("partial", [p.value for p in Partial])),
    Field("decision_reason", _label("decision_reason"), Kind.LONG_TEXT, required=True,
          max_length=2000, help_key="cameras.requests.form.decision_reason_help",
          error_key="cameras.requests.form.reason_error", column="decision_reason"),
    # Rendered as a choice of the grounds valid that day (`cards.decide_card`).
    Field(GROUND, _label(GROUND), Kind.SHORT_TEXT, required=True, max_length=48,
          error_key="cameras.requests.form.ground_error",
          column="legal_ground"),
    Field("decided_by", _label("decided_by"), Kind.SHORT_TEXT, required=True, max_length=200,
          names_expected=True, error_key="cameras.requests.form.required",
          column="decided_by"),
    Field("decided_capacity", _label("decided_capacity"), Kind.SHORT_TEXT, required=True,
          max_length=200, help_key="cameras.requests.form.decided_capacity_help",
          error_key="cameras.requests.form.required", column="decided_capacity"),
    Field("decided_on", _label("decided_on"), Kind.DATE, required=True,
          error_key="cameras.requests.form.date_error", column="decided_on"),
), validators=(_partial_says_how,))


def _checksum(values: Mapping[str, Any], context: Mapping[str, Any]
              ) -> tuple[str, dict[str, Any]] | None:
    given = values.get("checksum")
    if given and not SHA256.match(str(given)):
        return "cameras.requests.form.checksum_error", {}
    return None


HANDOVER_FORM = Form(id="cameras.handover", submit_key="cameras.requests.action.save",
                     fields=(
    Field("format", _label("format"), Kind.SHORT_TEXT, required=True, max_length=100,
          help_key="cameras.requests.form.format_help",
          error_key="cameras.requests.form.required"),
    Field("size", _label("size"), Kind.SHORT_TEXT, required=True, max_length=50,
          error_key="cameras.requests.form.required"),
    Field("checksum", _label("checksum"), Kind.SHORT_TEXT, required=True, max_length=64,
          help_key="cameras.requests.form.checksum_help",
          error_key="cameras.requests.form.required"),
    Field("medium", _label("medium"), Kind.SINGLE_CHOICE, required=True,
          choices=_choices("medium", [m.value for m in Medium]),
          error_key="cameras.requests.form.choice_error"),
    Field("recipient", _label("recipient"), Kind.SHORT_TEXT, required=True, max_length=200,
          names_expected=True, error_key="cameras.requests.form.required"),
    Field("handed_over_at", _label("handed_over_at"), Kind.DATETIME, required=True,
          error_key="cameras.requests.form.datetime_error", column="handed_over_at"),
), validators=(_checksum,))

FORMS = (SECURE_FORM, DECIDE_FORM, HANDOVER_FORM)
