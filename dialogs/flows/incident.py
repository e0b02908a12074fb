"""Reporting a personal-data incident (personuppgiftsincident).

The questions follow IMY's notification e-service, so the answers can be
copied into a notification, and the severity rules can read them directly:
the choice ids are the vocabulary of `compliance.breach`.
Texts: the incident texts.
"""

from __future__ import annotations

from enum import StrEnum

from compliance.breach import (
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    Discovery,
    SubjectCategory,
)
from dialogs.model import UNKNOWN, Answers, Choice, Flow, Kind, Step, if_answer
from dialogs.validators import not_before


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
         pii_guard=True, column="description"),
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
    Step("cause_other", _q("cause_other"), Kind.SHORT_TEXT, pii_guard=True,
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
         column="system", record_field="processing", max_length=300),
    Step("processor", _q("processor"), Kind.YES_NO, _help("processor"), allow_unknown=True,
         column="processor", next=if_answer("processor", "yes", then="processor_name",
                                            otherwise="measures")),
    Step("processor_name", _q("processor_name"), Kind.SHORT_TEXT, pii_guard=True,
         column="processor_name", max_length=300),
    Step("measures", _q("measures"), Kind.LONG_TEXT, _help("measures"), required=False,
         pii_guard=True, column="measures"),
    Step("unit", _q("unit"), Kind.SHORT_TEXT, _help("unit"), pii_guard=True,
         column="unit", max_length=300),
    Step("other_info", _q("other_info"), Kind.LONG_TEXT, required=False, pii_guard=True,
         column="other_info"),
)

FLOW = Flow(id="incident", version=1, title_key="incident.title", steps=STEPS)


def _set(answers: Answers, step_id: str, kind: type[StrEnum]) -> frozenset:
    return frozenset(kind(v) for v in answers.get(step_id) or ())


def breach_facts(answers: Answers) -> BreachFacts:
    """What the severity rules (`compliance.severity.assess`) need from a report."""
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
