"""The incident capability's declarations: the report flow and the DSO's forms.

The report is a guided flow for a personal-data incident
(personuppgiftsincident). Its questions follow IMY's notification e-service,
so the answers can be copied into a notification, and the severity rules can
read them directly: the choice ids are the vocabulary of `rules.breach`.
The forms are the single-card forms on the DSO's incident card and the
reporter's answer to a question.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from compliance.deadlines import is_late
from dialogs.model import UNKNOWN, Answers, Choice, Field, Flow, Form, Kind, Step, if_answer
from dialogs.validators import not_before
from features.incidents.rules.breach import (
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    Discovery,
    SubjectCategory,
)
from features.incidents.rules.severity import ALLOWED
from features.incidents.rules.workflow import Decision
from storage.models import Incident, column_length


def _choices(group: str, values: type[StrEnum]) -> tuple[Choice, ...]:
    return tuple(Choice(v.value, f"incident.{group}.{v.value}") for v in values)


def _q(step_id: str) -> str:
    return f"incident.q.{step_id}"


def _help(step_id: str) -> str:
    return f"incident.help.{step_id}"


STEPS = (
    Step("breach_type", _q("breach_type"), Kind.SINGLE_CHOICE, _help("breach_type"),
         choices=_choices("breach_type", BreachType), column="breach_type"),
    Step("description", _q("description"), Kind.LONG_TEXT, _help("description"),
         column="description"),
    Step("occurred_at", _q("occurred_at"), Kind.DATETIME, _help("occurred_at"),
         allow_unknown=True, column="occurred_at", record_field="occurred_at"),
    Step("discovered_at", _q("discovered_at"), Kind.DATETIME, _help("discovered_at"),
         validators=(not_before("occurred_at", "incident.error.discovered_before_occurred"),),
         column="discovered_at", record_field="discovered_at"),
    Step("aware_at", _q("aware_at"), Kind.DATETIME, _help("aware_at"),
         validators=(not_before("discovered_at", "incident.error.aware_before_discovered"),),
         column="aware_at", record_field="aware_at"),
    Step("ongoing", _q("ongoing"), Kind.YES_NO, allow_unknown=True, column="ongoing"),
    Step("discovery", _q("discovery"), Kind.SINGLE_CHOICE,
         choices=_choices("discovery", Discovery), column="discovery"),
    Step("cause", _q("cause"), Kind.SINGLE_CHOICE, _help("cause"),
         choices=_choices("cause", Cause), column="cause",
         next=if_answer("cause", Cause.OTHER, then="cause_other", otherwise="data_categories")),
    Step("cause_other", _q("cause_other"), Kind.SHORT_TEXT,
         column="cause_other", max_length=500),
    Step("data_categories", _q("data_categories"), Kind.MULTI_CHOICE, _help("data_categories"),
         choices=_choices("data", DataCategory), column="data_categories"),
    Step("subject_categories", _q("subject_categories"), Kind.MULTI_CHOICE,
         choices=_choices("subjects", SubjectCategory), column="subject_categories"),
    Step("people_count", _q("people_count"), Kind.NUMBER_OR_RANGE, _help("people_count"),
         allow_unknown=True, column="people_count"),
    Step("records_count", _q("records_count"), Kind.NUMBER_OR_RANGE, _help("records_count"),
         allow_unknown=True, column="records_count"),
    Step("system", _q("system"), Kind.RECORD_PICK, _help("system"), required=False,
         column="system", max_length=300),
    Step("processor", _q("processor"), Kind.YES_NO, _help("processor"), allow_unknown=True,
         column="processor", next=if_answer("processor", "yes", then="processor_name",
                                            otherwise="measures")),
    Step("processor_name", _q("processor_name"), Kind.SHORT_TEXT,
         column="processor_name", max_length=300),
    Step("measures", _q("measures"), Kind.LONG_TEXT, _help("measures"), required=False,
         column="measures"),
    Step("unit", _q("unit"), Kind.SHORT_TEXT, _help("unit"),
         column="unit", max_length=300),
    Step("other_info", _q("other_info"), Kind.LONG_TEXT, required=False,
         column="other_info"),
)

FLOW = Flow(id="incident", version=1, title_key="incident.title", steps=STEPS)


def _set(answers: Answers, step_id: str, kind: type[StrEnum]) -> frozenset:
    return frozenset(kind(v) for v in answers.get(step_id) or ())


def breach_facts(answers: Answers) -> BreachFacts:
    """What the severity rules (`features.incidents.rules.severity.assess`) need from a report."""
    people = answers.get("people_count")
    low = high = None
    if isinstance(people, dict):
        low, high = people.get("min"), people.get("max")
    breach = answers.get("breach_type")
    cause = answers.get("cause")
    ongoing = answers.get("ongoing")
    return BreachFacts(
        breach_type=BreachType(breach) if breach else None,
        cause=Cause(cause) if cause else None,
        data=_set(answers, "data_categories", DataCategory),
        subjects=_set(answers, "subject_categories", SubjectCategory),
        people_low=low,
        people_high=high,
        ongoing=None if ongoing in (None, UNKNOWN) else ongoing == "yes",
    )


# -- the DSO's forms on the incident card ------------------------------------------------
# Each is declared once: its card inputs, the server's reading and validation, and
# the columns it changes. Context for the validators: "now", "aware_at".

Problem = tuple[str, dict[str, Any]] | None


def _justified(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    decided_not = values.get("decision") == Decision.NOT_NOTIFIABLE
    if decided_not and len(values.get("justification") or "") < 10:
        return "handling.decision_needs_justification", {}
    return None


def _notification_date(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    if values.get("decision") != Decision.NOTIFIED:
        return None
    day: date | None = values.get("imy_date")
    if day is None:
        return "handling.decision_needs_date", {}
    if day > context["now"].date():
        return "handling.decision_date_future", {}
    aware_at = context.get("aware_at")
    notified = datetime.combine(day, datetime.min.time(), context["now"].tzinfo)
    if aware_at is not None and is_late(aware_at, notified) and not values.get("late_reason"):
        return "handling.decision_needs_late_reason", {}
    return None


def _subjects_reason(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    if values.get("subjects_informed") == "no" and not values.get("subjects_reason"):
        return "handling.decision_needs_subjects_reason", {}
    return None


def _options(prefix: str, *ids: str) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"{prefix}{i}") for i in ids)


DECISION_FORM = Form(
    id="incident.decide",
    submit_key="dso.action.save",
    fields=(
        Field("decision", "dso.form.decision", Kind.SINGLE_CHOICE, required=True,
              choices=_options("dso.decision.", *Decision), error_key="dso.form.decision_error",
              column="decision"),
        Field("imy_date", "dso.form.imy_date", Kind.DATE, column="imy_notified_on"),
        Field("imy_reference", "dso.form.imy_reference", Kind.SHORT_TEXT,
              max_length=column_length(Incident.imy_reference), column="imy_reference"),
        Field("justification", "dso.form.justification", Kind.LONG_TEXT,
              keep_when_empty=True, column="justification"),
        Field("subjects_informed", "dso.form.subjects", Kind.SINGLE_CHOICE,
              choices=_options("dso.decision.subjects_", "yes", "no", "not_yet")),
        Field("subjects_reason", "dso.form.subjects_reason", Kind.LONG_TEXT,
              keep_when_empty=True, column="subjects_informed_reason"),
        Field("late_reason", "dso.form.late_reason", Kind.LONG_TEXT, keep_when_empty=True,
              column="late_reason"),
    ),
    validators=(_justified, _notification_date, _subjects_reason),
)

QUESTION_FORM = Form(
    id="incident.ask",
    submit_key="dso.action.send",
    fields=(
        Field("question", "dso.form.question", Kind.LONG_TEXT, required=True, max_length=1000,
              error_key="dso.form.question_error", help_key="dso.form.question_help"),
    ),
)

MEASURES_FORM = Form(
    id="incident.measures",
    submit_key="dso.action.save",
    fields=(
        Field("measures", "dso.form.measures", Kind.LONG_TEXT, keep_when_empty=True,
              column="measures"),
    ),
)


def _allowed_value(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    factor, value = values.get("factor"), values.get("value")
    if factor in ALLOWED and value is not None and value not in ALLOWED[factor]:
        return "handling.adjust_invalid", {}
    return None


ADJUST_FORM = Form(
    id="incident.adjust",
    submit_key="dso.action.save",
    fields=(
        Field("factor", "dso.form.factor", Kind.SINGLE_CHOICE, required=True, compact=True,
              choices=tuple(Choice(k, f"incident.severity.factor.{k}") for k in ALLOWED),
              error_key="dso.form.factor_error"),
        Field("value", "dso.form.value", Kind.DECIMAL, required=True, minimum=0, maximum=4,
              error_key="dso.form.value_error", help_key="dso.form.value_help"),
        Field("reason", "dso.form.reason", Kind.LONG_TEXT, required=True, max_length=1000,
              error_key="dso.form.reason_error"),
    ),
    validators=(_allowed_value,),
)

REPLY_FORM = Form(
    id="incident.reply",
    submit_key="dso.reporter.send",
    fields=(
        Field("answer", "dso.reporter.answer", Kind.LONG_TEXT, required=True, max_length=4000,
              error_key="dso.reporter.answer_error", help_key="dso.reporter.answer_help"),
    ),
)
