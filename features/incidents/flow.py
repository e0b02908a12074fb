"""The incident capability's declarations: the report flow and the DSO's forms.

The report is a guided flow for a personal-data incident
(personuppgiftsincident). Its questions follow IMY's notification e-service,
so the answers can be copied into a notification, and the severity rules can
read them directly: the choice ids are the vocabulary of `rules.breach`.
The forms are the single-card forms on the DSO's incident card and the
reporter's answer to a question.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from compliance.deadlines import is_late
from compliance.localtime import to_local
from dialogs.format import record_fields
from dialogs.model import (
    UNKNOWN,
    Answers,
    Choice,
    Field,
    Flow,
    Form,
    Kind,
    NextRule,
    Step,
    if_answer,
)
from dialogs.validators import not_before
from features.incidents.rules.breach import (
    CONFIDENTIALITY_BREACHES,
    BreachFacts,
    BreachType,
    Cause,
    Consequence,
    DataCategory,
    Discovery,
    Encryption,
    EventType,
    Permanence,
    Recipients,
    Retrieval,
    SubjectCategory,
)
from features.incidents.rules.severity import ALLOWED, Band
from features.incidents.rules.workflow import (
    Art34Exception,
    Decision,
    DsoAdvice,
    NotificationPhase,
)
from storage.models import Incident, column_length


def _choices(group: str, values: type[StrEnum]) -> tuple[Choice, ...]:
    return tuple(Choice(v.value, f"incident.{group}.{v.value}") for v in values)


def _q(step_id: str) -> str:
    return f"incident.q.{step_id}"


def _help(step_id: str) -> str:
    return f"incident.help.{step_id}"


def _then(step_id: str, then: str, otherwise: str, when: frozenset[str]) -> NextRule:
    """Branch on whether the answer to `step_id` is (or includes) one of `when`."""

    def rule(answers: Answers) -> str:
        given = answers.get(step_id)
        values = set(given) if isinstance(given, list) else {given}
        return then if values & when else otherwise

    return rule


CONFIDENTIALITY = frozenset(b.value for b in CONFIDENTIALITY_BREACHES)


def is_near_miss(answers: Answers) -> bool:
    return answers.get("event") == EventType.NEAR_MISS.value


def _after_awareness(answers: Answers) -> str:
    # A near miss has not happened: nothing is ongoing, nothing has ceased.
    return "discovery" if is_near_miss(answers) else "ongoing"


def _after_counts(answers: Answers) -> str:
    if is_near_miss(answers):
        return "system"  # nobody got the data, nothing follows from it
    # Who could see the data matters only when someone could.
    if answers.get("breach_type") in CONFIDENTIALITY:
        return "encryption"
    return "consequences"


STEPS = (
    Step("event", _q("event"), Kind.SINGLE_CHOICE, _help("event"),
         choices=_choices("event", EventType), column="event"),
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
         column="aware_at", record_field="aware_at", next=_after_awareness),
    Step("ongoing", _q("ongoing"), Kind.YES_NO, allow_unknown=True, column="ongoing",
         next=if_answer("ongoing", "no", then="ceased_at", otherwise="discovery")),
    Step("ceased_at", _q("ceased_at"), Kind.DATETIME, _help("ceased_at"), allow_unknown=True,
         validators=(not_before("occurred_at", "incident.error.ceased_before_occurred"),),
         column="ceased_at", record_field="ceased_at"),
    Step("discovery", _q("discovery"), Kind.SINGLE_CHOICE,
         choices=_choices("discovery", Discovery), column="discovery"),
    Step("cause", _q("cause"), Kind.SINGLE_CHOICE, _help("cause"),
         choices=_choices("cause", Cause), column="cause",
         next=if_answer("cause", Cause.OTHER, then="cause_other", otherwise="data_categories")),
    Step("cause_other", _q("cause_other"), Kind.SHORT_TEXT,
         column="cause_other", max_length=500),
    Step("data_categories", _q("data_categories"), Kind.MULTI_CHOICE, _help("data_categories"),
         choices=_choices("data", DataCategory), column="data_categories",
         next=if_answer("data_categories", DataCategory.OTHER, then="data_other",
                        otherwise="subject_categories")),
    Step("data_other", _q("data_other"), Kind.SHORT_TEXT, column="data_other",
         max_length=300),
    Step("subject_categories", _q("subject_categories"), Kind.MULTI_CHOICE,
         _help("subject_categories"), choices=_choices("subjects", SubjectCategory),
         column="subject_categories",
         next=if_answer("subject_categories", SubjectCategory.OTHER, then="subjects_other",
                        otherwise="people_count")),
    Step("subjects_other", _q("subjects_other"), Kind.SHORT_TEXT, column="subjects_other",
         max_length=300),
    Step("people_count", _q("people_count"), Kind.NUMBER_OR_RANGE, _help("people_count"),
         allow_unknown=True, column="people_count"),
    Step("records_count", _q("records_count"), Kind.NUMBER_OR_RANGE, _help("records_count"),
         allow_unknown=True, column="records_count",
         next=_after_counts),
    Step("encryption", _q("encryption"), Kind.SINGLE_CHOICE, _help("encryption"),
         choices=_choices("encryption", Encryption), column="encryption"),
    Step("recipients", _q("recipients"), Kind.SINGLE_CHOICE, _help("recipients"),
         choices=_choices("recipients", Recipients), column="recipients",
         next=_then("recipients", "retrieval", "consequences",
                    frozenset({Recipients.NOBODY.value, Recipients.TRUSTED.value,
                               Recipients.KNOWN.value}))),
    Step("retrieval", _q("retrieval"), Kind.SINGLE_CHOICE, _help("retrieval"),
         choices=_choices("retrieval", Retrieval), column="retrieval"),
    Step("consequences", _q("consequences"), Kind.MULTI_CHOICE, _help("consequences"),
         choices=_choices("consequences", Consequence), column="consequences"),
    Step("permanence", _q("permanence"), Kind.SINGLE_CHOICE, _help("permanence"),
         choices=_choices("permanence", Permanence), column="permanence"),
    Step("system", _q("system"), Kind.RECORD_PICK, _help("system"), required=False,
         column="system", max_length=300, choices_from="register.processing"),
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

FLOW = Flow(id="incident", version=2, title_key="incident.title", steps=STEPS)


def _set(answers: Answers, step_id: str, kind: type[StrEnum]) -> frozenset:
    return frozenset(kind(v) for v in answers.get(step_id) or () if v in kind._value2member_map_)


def _one(answers: Answers, step_id: str, kind: type[StrEnum]) -> Any:
    value = answers.get(step_id)
    return kind(value) if value in kind._value2member_map_ else None


def _range(answers: Answers, step_id: str) -> tuple[int | None, int | None]:
    value = answers.get(step_id)
    if isinstance(value, dict):
        return value.get("min"), value.get("max")
    return None, None


def on_path(answers: Answers) -> dict[str, Any]:
    """The answers that count: a corrected answer can leave others on a branch no
    longer taken, and those no longer describe the incident."""
    return {s.id: answers[s.id] for s in FLOW.path(answers) if s.id in answers}


def stored_columns(answers: Answers) -> dict[str, Any]:
    """The incident's columns that follow from its answers (times, near miss): set
    when it is filed and again when an answer is corrected."""
    fields = record_fields(FLOW, {"answers": answers})
    fields.pop("pii_flagged")
    fields["near_miss"] = is_near_miss(answers)
    fields["processing_activity_id"] = _picked_entry(on_path(answers).get("system"))
    return fields


def _picked_entry(answer: Any) -> uuid.UUID | None:
    """The register entry the reporter picked for "which system" (a typed name is none)."""
    if not isinstance(answer, dict) or not answer.get("id"):
        return None
    try:
        return uuid.UUID(str(answer["id"]))
    except ValueError:
        return None


def breach_facts(answers: Answers) -> BreachFacts:
    """What the severity rules (`rules.severity.assess`) need from a report's answers."""
    answers = on_path(answers)
    people_low, people_high = _range(answers, "people_count")
    records_low, _ = _range(answers, "records_count")
    ongoing = answers.get("ongoing")
    return BreachFacts(
        breach_type=_one(answers, "breach_type", BreachType),
        cause=_one(answers, "cause", Cause),
        data=_set(answers, "data_categories", DataCategory),
        subjects=_set(answers, "subject_categories", SubjectCategory),
        people_low=people_low,
        people_high=people_high,
        records_low=records_low,
        ongoing=None if ongoing in (None, UNKNOWN) else ongoing == "yes",
        encryption=_one(answers, "encryption", Encryption),
        recipients=_one(answers, "recipients", Recipients),
        retrieval=_one(answers, "retrieval", Retrieval),
        consequences=_set(answers, "consequences", Consequence),
        permanence=_one(answers, "permanence", Permanence),
        event=_one(answers, "event", EventType) or EventType.BREACH,
    )


# -- the forms on the incident card ---------------------------------------------------------
# Each is declared once: its card inputs, the server's reading and validation, and
# the columns it changes. Context for the validators: "now", "clock_start" (when the
# 72 hours started), "notified_at" (the recorded notification, for the supplement).

Problem = tuple[str, dict[str, Any]] | None


def _options(prefix: str, *ids: str) -> tuple[Choice, ...]:
    return tuple(Choice(i, f"{prefix}{i}") for i in ids)


def _justified(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    decided_not = values.get("decision") == Decision.NOT_NOTIFIABLE
    if decided_not and len(values.get("justification") or "") < 10:
        return "handling.decision_needs_justification", {}
    return None


def _notification(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    """A notification is recorded with its time; after 72 hours, with the reasons."""
    if values.get("decision") != Decision.NOTIFIED:
        return None
    notified: datetime | None = values.get("imy_notified_at")
    if notified is None:
        return "handling.decision_needs_time", {}
    if is_late(context["clock_start"], notified) and not values.get("late_reason"):
        return "handling.decision_needs_late_reason", {}
    return None


DECISION_FORM = Form(
    id="incident.decide",
    submit_key="dso.action.save",
    fields=(
        Field("decision", "dso.form.decision", Kind.SINGLE_CHOICE, required=True,
              choices=_options("dso.decision.", *Decision), error_key="dso.form.decision_error",
              column="decision"),
        Field("decided_by", "dso.form.decided_by", Kind.SHORT_TEXT, required=True,
              max_length=column_length(Incident.decided_by), column="decided_by",
              error_key="dso.form.decided_by_error", names_expected=True),
        Field("decided_capacity", "dso.form.decided_capacity", Kind.SHORT_TEXT, required=True,
              max_length=column_length(Incident.decided_capacity), column="decided_capacity",
              help_key="dso.form.decided_capacity_help",
              error_key="dso.form.decided_capacity_error"),
        Field("own_assessment", "dso.form.own_assessment", Kind.SINGLE_CHOICE, compact=True,
              choices=_options("incident.severity.band.", *Band), column="own_assessment",
              help_key="dso.form.own_assessment_help"),
        Field("justification", "dso.form.justification", Kind.LONG_TEXT,
              keep_when_empty=True, column="justification"),
        Field("imy_notified_at", "dso.form.imy_notified_at", Kind.DATETIME,
              column="imy_notified_at", help_key="dso.form.imy_notified_at_help"),
        Field("notification_phase", "dso.form.phase", Kind.SINGLE_CHOICE,
              choices=_options("dso.phase.", *NotificationPhase), column="notification_phase"),
        Field("imy_reference", "dso.form.imy_reference", Kind.SHORT_TEXT,
              max_length=column_length(Incident.imy_reference), column="imy_reference"),
        Field("late_reason", "dso.form.late_reason", Kind.LONG_TEXT, keep_when_empty=True,
              column="late_reason", help_key="dso.form.late_reason_help"),
    ),
    validators=(_justified, _notification),
)

ADVICE_FORM = Form(
    id="incident.advise",
    submit_key="dso.action.save",
    fields=(
        Field("dso_advice", "dso.form.advice", Kind.SINGLE_CHOICE, required=True,
              choices=_options("dso.advice.", *DsoAdvice), error_key="dso.form.advice_error",
              column="dso_advice"),
        Field("dso_advice_note", "dso.form.advice_note", Kind.LONG_TEXT, keep_when_empty=True,
              column="dso_advice_note"),
    ),
)


def _supplement_after_notification(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    notified, supplement = context.get("notified_at"), values.get("imy_supplement_at")
    if notified is not None and supplement is not None and supplement < notified:
        return "handling.supplement_before_notification", {}
    return None


SUPPLEMENT_FORM = Form(
    id="incident.supplement",
    submit_key="dso.action.save",
    fields=(
        Field("imy_supplement_at", "dso.form.supplement_at", Kind.DATETIME, required=True,
              column="imy_supplement_at", error_key="dso.form.supplement_at_error"),
    ),
    validators=(_supplement_after_notification,),
)


def _subjects_recorded(values: dict[str, Any], context: dict[str, Any]) -> Problem:
    """Told: when and how. Not told: which Art. 34(3) exception, or why."""
    informed = values.get("subjects_informed")
    if informed == "yes":
        day: date | None = values.get("subjects_informed_on")
        if day is None or not values.get("subjects_informed_method"):
            return "handling.subjects_needs_when_how", {}
        if day > to_local(context["now"]).date():
            return "handling.subjects_date_future", {}
    if informed == "no" and not (values.get("art34_exception") or values.get("subjects_reason")):
        return "handling.decision_needs_subjects_reason", {}
    return None


SUBJECTS_FORM = Form(
    id="incident.subjects",
    submit_key="dso.action.save",
    fields=(
        Field("subjects_informed", "dso.form.subjects", Kind.SINGLE_CHOICE, required=True,
              choices=_options("dso.decision.subjects_", "yes", "no", "not_yet"),
              error_key="dso.form.subjects_error"),
        Field("subjects_informed_on", "dso.form.subjects_on", Kind.DATE,
              column="subjects_informed_on"),
        Field("subjects_informed_method", "dso.form.subjects_method", Kind.SHORT_TEXT,
              max_length=column_length(Incident.subjects_informed_method),
              column="subjects_informed_method", help_key="dso.form.subjects_method_help"),
        Field("art34_exception", "dso.form.art34_exception", Kind.SINGLE_CHOICE,
              choices=_options("dso.art34.", *Art34Exception), column="art34_exception"),
        Field("subjects_reason", "dso.form.subjects_reason", Kind.LONG_TEXT,
              keep_when_empty=True, column="subjects_informed_reason"),
    ),
    validators=(_subjects_recorded,),
)

REGISTER_FORM = Form(
    id="incident.register",
    submit_key="dso.action.save",
    fields=(
        Field("diarienummer", "dso.form.diarienummer", Kind.SHORT_TEXT, required=True,
              max_length=column_length(Incident.diarienummer), column="diarienummer",
              error_key="dso.form.diarienummer_error", help_key="dso.form.diarienummer_help"),
    ),
)

# Closing asks first (nothing to fill in); reopening a closed case needs a reason.
CLOSE_FORM = Form(id="incident.close", submit_key="dso.action.close_confirm", fields=())

REOPEN_FORM = Form(
    id="incident.reopen",
    submit_key="dso.action.reopen",
    fields=(
        Field("reason", "dso.form.reopen_reason", Kind.LONG_TEXT, required=True,
              max_length=1000, error_key="dso.form.reopen_reason_error"),
    ),
)

# Correcting one answer of the report: the step's own input (from the flow), and why.
CORRECTION_FORM = Form(
    id="incident.correct",
    submit_key="dso.action.save_correction",
    fields=(
        Field("reason", "dso.form.correction_reason", Kind.LONG_TEXT, required=True,
              max_length=500, error_key="dso.form.correction_reason_error"),
    ),
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
