"""The vocabulary of a personal-data breach (personuppgiftsincident).

The values follow IMY's e-service questions, so what staff answer can be
copied into a notification unchanged. The incident flow uses these values as
its choice ids, and the severity rules read them: one vocabulary, defined once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BreachType(StrEnum):
    """What happened (IMY's six types, plus "not sure")."""

    MISDIRECTED = "misdirected"  # obehörigt röjande genom felskickat e-post/brev/sms
    DISCLOSURE_OTHER = "disclosure_other"  # obehörigt röjande, annat
    UNAUTHORISED_ACCESS = "unauthorised_access"  # obehörig åtkomst
    LOSS = "loss"  # förlust, t.ex. stulen dator
    DESTRUCTION = "destruction"  # förstörelse, t.ex. trasig dator
    ALTERATION = "alteration"  # ändring av personuppgifter
    UNSURE = "unsure"


class Discovery(StrEnum):
    """How the breach was discovered (IMY's list)."""

    AUTOMATED = "automated"
    ROUTINE = "routine"
    EMPLOYEE = "employee"
    PROCESSOR = "processor"
    OUTSIDER = "outsider"


class Cause(StrEnum):
    """Why it happened (IMY's list)."""

    HUMAN_ERROR = "human_error"
    ROUTINE_FLAW = "routine_flaw"
    TECHNICAL_FAULT = "technical_fault"
    INTERNAL_DELIBERATE = "internal_deliberate"
    EXTERNAL_ATTACK = "external_attack"
    UNKNOWN = "unknown"
    OTHER = "other"


MALICIOUS_CAUSES = frozenset({Cause.INTERNAL_DELIBERATE, Cause.EXTERNAL_ATTACK})


class DataCategory(StrEnum):
    ORDINARY = "ordinary"
    SPECIAL = "special"  # känsliga personuppgifter, art. 9
    IDENTITY_NUMBERS = "identity_numbers"  # personnummer, samordningsnummer
    CRIMINAL = "criminal"  # lagöverträdelser, art. 10
    FINANCIAL = "financial"
    OTHER = "other"


class SubjectCategory(StrEnum):
    STAFF = "staff"
    RESIDENTS = "residents"
    CHILDREN = "children"
    PATIENTS_CLIENTS = "patients_clients"
    PUPILS = "pupils"
    OTHER = "other"


# Children and people in care are the vulnerable groups ENISA and the EDPB
# single out; pupils are mostly children.
VULNERABLE_SUBJECTS = frozenset(
    {SubjectCategory.CHILDREN, SubjectCategory.PATIENTS_CLIENTS, SubjectCategory.PUPILS}
)


@dataclass(frozen=True)
class BreachFacts:
    """What the severity rules need to know, taken from a report's answers.

    Unknown values are None or empty; the rules then say what they assumed.
    """

    breach_type: BreachType | None = None
    cause: Cause | None = None
    data: frozenset[DataCategory] = field(default_factory=frozenset)
    subjects: frozenset[SubjectCategory] = field(default_factory=frozenset)
    people_low: int | None = None  # approximate number of people: lower bound
    people_high: int | None = None  # upper bound, None when open-ended or unknown
    ongoing: bool | None = None
