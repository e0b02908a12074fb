"""The vocabulary of a register entry (GDPR Art. 30, and what Swedish public bodies add):
legal bases, special and extra protection-worthy categories, transfer safeguards,
KLASSA levels, DPIA states, statuses. Pure: the choice ids are stored, labels are
texts (`register.choice.<group>.<id>`).
"""

from __future__ import annotations

from enum import StrEnum


class LegalBasis(StrEnum):
    """Art. 6(1)(a)–(f). Public bodies rely mainly on (c) and (e); consent (a) is not
    the first choice and legitimate interest (f) applies only outside core tasks."""

    CONSENT = "6.1a"
    CONTRACT = "6.1b"
    LEGAL_OBLIGATION = "6.1c"
    VITAL_INTERESTS = "6.1d"
    PUBLIC_TASK = "6.1e"  # allmänt intresse / myndighetsutövning
    LEGITIMATE_INTERESTS = "6.1f"


class Art9Basis(StrEnum):
    """Art. 9(2)(a)–(j): the exception that allows special categories."""

    EXPLICIT_CONSENT = "9.2a"
    EMPLOYMENT = "9.2b"
    VITAL_INTERESTS = "9.2c"
    NOT_FOR_PROFIT = "9.2d"
    MADE_PUBLIC = "9.2e"
    LEGAL_CLAIMS = "9.2f"
    SUBSTANTIAL_PUBLIC_INTEREST = "9.2g"
    HEALTH_SOCIAL_CARE = "9.2h"
    PUBLIC_HEALTH = "9.2i"
    ARCHIVING_RESEARCH = "9.2j"


class SpecialCategory(StrEnum):
    """Känsliga personuppgifter (Art. 9(1))."""

    ETHNIC = "ethnic"
    POLITICAL = "political"
    RELIGIOUS = "religious"
    UNION = "union"
    HEALTH = "health"
    SEX_LIFE = "sex_life"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"


class ExtraProtected(StrEnum):
    """What Swedish public bodies treat as extra protection-worthy (extra skyddsvärda)."""

    IDENTITY_NUMBERS = "identity_numbers"
    FINANCIAL = "financial"
    CRIMINAL = "criminal"  # Art. 10
    PROFILING = "profiling"
    PROTECTED_IDENTITY = "protected_identity"


class Safeguard(StrEnum):
    """Chapter V: how a transfer outside the EU/EEA is allowed."""

    ADEQUACY = "adequacy"  # Art. 45
    SCC = "scc"  # standard contractual clauses, Art. 46
    BCR = "bcr"  # binding corporate rules, Art. 47
    DEROGATION = "derogation"  # Art. 49
    NONE = "none"  # none given: to be resolved


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


class Agreement(StrEnum):
    """Whether processor agreements (PUB-avtal, Art. 28) exist."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class Klassa(StrEnum):
    """SKR's KLASSA levels for confidentiality, integrity, availability, traceability."""

    LOW = "1"
    MODERATE = "2"
    HIGH = "3"
    VERY_HIGH = "4"


class Dpia(StrEnum):
    NEEDED = "needed"
    NOT_NEEDED = "not_needed"
    DONE = "done"
    FOLLOW_UP = "follow_up"  # done, and a follow-up date is set


class Status(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # the system is no longer used, the data still kept
    RETIRED = "retired"
