"""The vocabulary of a personal-data breach (personuppgiftsincident).

The values follow IMY's e-service questions, so what staff answer can be
copied into a notification unchanged, plus what the EDPB's Guidelines 9/2022
weigh (encryption, who received the data, whether it was retrieved, the
consequences). The incident flow uses these values as its choice ids, and the
severity rules read them: one vocabulary, defined once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EventType(StrEnum):
    """What is reported: a breach, or one that nearly happened (a near miss, tillbud)."""

    BREACH = "breach"
    NEAR_MISS = "near_miss"


class BreachType(StrEnum):
    """What happened (IMY's six types, plus "not sure")."""

    MISDIRECTED = "misdirected"  # mejl, brev eller sms till fel mottagare
    DISCLOSURE_OTHER = "disclosure_other"  # obehörigt röjande, annat
    UNAUTHORISED_ACCESS = "unauthorised_access"  # obehörig åtkomst
    LOSS = "loss"  # förlust, t.ex. stulen dator
    DESTRUCTION = "destruction"  # förstöring, t.ex. trasig dator
    ALTERATION = "alteration"  # ändring av personuppgifter
    UNSURE = "unsure"


# Breaches of confidentiality: someone may have seen what they should not.
CONFIDENTIALITY_BREACHES = frozenset({BreachType.MISDIRECTED, BreachType.DISCLOSURE_OTHER,
                                      BreachType.UNAUTHORISED_ACCESS, BreachType.LOSS,
                                      BreachType.UNSURE})


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
    ORDINARY = "ordinary"  # namn, adress, bild ...
    SPECIAL = "special"  # känsliga personuppgifter, art. 9
    CRIMINAL = "criminal"  # lagöverträdelser, art. 10
    IDENTITY_NUMBERS = "identity_numbers"  # personnummer: extra skyddsvärda
    FINANCIAL = "financial"  # ekonomisk ställning, skulder: extra skyddsvärda
    CREDENTIALS = "credentials"  # inloggningsuppgifter
    BEHAVIOURAL = "behavioural"  # plats-, trafik- och loggdata, kameramaterial
    PROTECTED_IDENTITY = "protected_identity"  # skyddade personuppgifter
    SECRECY = "secrecy"  # uppgifter som omfattas av sekretess (OSL)
    ALREADY_PUBLIC = "already_public"  # uppgifter som redan var offentliga
    OTHER = "other"


# Where damage is to be treated as likely (EDPB 9/2022), or people's safety is at stake.
DAMAGE_LIKELY = frozenset({DataCategory.SPECIAL, DataCategory.CRIMINAL,
                           DataCategory.PROTECTED_IDENTITY})
# What staff are taught to treat as sensitive beyond the ordinary.
SENSITIVE = DAMAGE_LIKELY | {DataCategory.IDENTITY_NUMBERS, DataCategory.FINANCIAL,
                             DataCategory.SECRECY, DataCategory.CREDENTIALS}


class SubjectCategory(StrEnum):
    STAFF = "staff"
    RESIDENTS = "residents"
    CHILDREN = "children"
    PUPILS = "pupils"
    PATIENTS_CLIENTS = "patients_clients"
    GUARDIANS = "guardians"  # vårdnadshavare
    RELATIVES = "relatives"  # anhöriga
    APPLICANTS = "applicants"  # sökande
    OTHER = "other"


# Children and people in care are the vulnerable groups ENISA and the EDPB single
# out; pupils are mostly children.
VULNERABLE_SUBJECTS = frozenset(
    {SubjectCategory.CHILDREN, SubjectCategory.PATIENTS_CLIENTS, SubjectCategory.PUPILS}
)


class Encryption(StrEnum):
    """Were the data unintelligible to whoever got them?"""

    SAFE = "encrypted_safe"  # encrypted, and the key or password is safe
    KEY_EXPOSED = "encrypted_key_exposed"  # encrypted, but the key may be out too
    NO = "no"
    UNKNOWN = "unknown"


class Recipients(StrEnum):
    """Who got, or could see, the data."""

    NOBODY = "nobody"  # nobody had seen them yet
    TRUSTED = "known_trusted"  # a known recipient bound to confidentiality
    KNOWN = "known_other"  # a known individual recipient
    MANY = "unknown_or_many"  # unknown or many recipients
    PUBLIC = "public"  # published openly
    UNKNOWN = "unknown"


class Retrieval(StrEnum):
    """Were the data got back, or deleted by whoever got them?"""

    CONFIRMED = "confirmed"  # retrieved or deleted, and it is confirmed
    NO = "no"
    UNKNOWN = "unknown"


class Consequence(StrEnum):
    """What the breach may lead to for the people affected."""

    IDENTITY_FRAUD = "identity_fraud"
    FINANCIAL_LOSS = "financial_loss"
    DISCRIMINATION = "discrimination"
    REPUTATION = "reputation"
    PHYSICAL_HARM = "physical_harm"  # threats, violence (e.g. protected identity)
    DISTRESS = "distress"
    LOSS_OF_CONTROL = "loss_of_control"
    NONE_KNOWN = "none_known"


SEVERE_CONSEQUENCES = frozenset({Consequence.IDENTITY_FRAUD, Consequence.DISCRIMINATION,
                                 Consequence.PHYSICAL_HARM, Consequence.FINANCIAL_LOSS})


class Permanence(StrEnum):
    TEMPORARY = "temporary"
    LASTING = "lasting"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class BreachFacts:
    """What the severity rules need to know, taken from a report's (corrected) answers.

    Unknown values are None or empty; the rules then take the careful value and
    say so.
    """

    breach_type: BreachType | None = None
    cause: Cause | None = None
    data: frozenset[DataCategory] = field(default_factory=frozenset)
    subjects: frozenset[SubjectCategory] = field(default_factory=frozenset)
    people_low: int | None = None  # approximate number of people: lower bound
    people_high: int | None = None  # upper bound, None when open-ended or unknown
    records_low: int | None = None
    ongoing: bool | None = None
    encryption: Encryption | None = None
    recipients: Recipients | None = None
    retrieval: Retrieval | None = None
    consequences: frozenset[Consequence] = field(default_factory=frozenset)
    permanence: Permanence | None = None
    event: EventType = EventType.BREACH
