"""Advice on a personal-data breach: the ENISA method (2013), weighed as the EDPB
(Guidelines 9/2022) and Art. 33(1) GDPR require.

    SE = DPC × EI + CB

The score is advice to the data protection officer, never the decision: whether
to notify IMY is decided by a person, recorded with its justification.

The law's test is not the score. Art. 33(1) requires notification *unless the
breach is unlikely to result in a risk* to people's rights and freedoms. So
"likely not notifiable" is said only on positive grounds recorded in the report
(`grounds_of`): the data were encrypted with the key safe, or got back (or
deleted) before anyone saw them, or retrieved from a known recipient; or, for
few people and nothing sensitive, they were public already. A low score without such grounds says
"notification is likely needed unless you can show the risk is unlikely".

How the answers map to the factors (each carries the codes of its reasons;
texts: `incident.severity.reason.<code>`):

DPC, data processing context (1–4; the highest category wins)
    special categories, criminal-offence data, protected identity → 4;
    financial data, login credentials, data under secrecy (OSL) → 3;
    identity numbers (extra skyddsvärda), location, traffic, log data and camera
    material (behavioural) → 2; ordinary and other data → 1; no category given
    → 2, the careful assumption. Data already public lower it by 0.5.
    Raised: vulnerable people (children, pupils, patients, clients) +1; volume
    (over 100 people or 1,000 records +0.5, 1,000 people or 10,000 records +1;
    an unknown count +0.5, careful). Clamped to 1–4.
EI, ease of identification
    identity numbers or protected identity → 1 (they single out one person);
    otherwise 0.75 (significant: records at a public body nearly always carry
    names and addresses), also when the categories are unknown.
CB, circumstances (added)
    confidentiality, for disclosure, access, loss and "not sure": encrypted with
    the key safe 0; nobody saw it (and it is back) 0; a known recipient 0.25; unknown or many
    recipients, or published 0.5; who got it unknown 0.5 (careful).
    integrity: alteration 0.5. availability: destruction 0.5, loss 0.25.
    malicious intent: a deliberate act inside or an attack from outside 0.5; an
    unknown cause 0.5 (careful).

Bands: low < 2, medium 2–<3, high 3–<4, very high ≥ 4.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from features.incidents.rules.breach import (
    CONFIDENTIALITY_BREACHES,
    DAMAGE_LIKELY,
    MALICIOUS_CAUSES,
    SENSITIVE,
    SEVERE_CONSEQUENCES,
    VULNERABLE_SUBJECTS,
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    Encryption,
    EventType,
    Permanence,
    Recipients,
    Retrieval,
)


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class Suggestion(StrEnum):
    NOT_NOTIFIABLE = "likely_not_notifiable"  # on recorded positive grounds only
    NOTIFY_UNLESS_UNLIKELY = "notify_unless_unlikely"  # a low score without such grounds
    NOTIFY_IMY = "likely_notifiable"
    HIGH_RISK = "likely_high_risk"  # notify IMY and inform the people affected
    NEAR_MISS = "near_miss"  # nothing happened to the data: document it, no notification


# The values the method allows for each factor; a DSO adjustment must use one.
ALLOWED: dict[str, tuple[float, ...]] = {
    "dpc": (1, 1.5, 2, 2.5, 3, 3.5, 4),
    "ei": (0.25, 0.5, 0.75, 1),
    "confidentiality": (0, 0.25, 0.5),
    "integrity": (0, 0.25, 0.5),
    "availability": (0, 0.25, 0.5),
    "malicious": (0, 0.5),
}
CIRCUMSTANCES = ("confidentiality", "integrity", "availability", "malicious")

_DPC_BASE: tuple[tuple[DataCategory, float], ...] = (
    (DataCategory.SPECIAL, 4), (DataCategory.CRIMINAL, 4), (DataCategory.PROTECTED_IDENTITY, 4),
    (DataCategory.FINANCIAL, 3), (DataCategory.CREDENTIALS, 3), (DataCategory.SECRECY, 3),
    (DataCategory.IDENTITY_NUMBERS, 2), (DataCategory.BEHAVIOURAL, 2),
    (DataCategory.ORDINARY, 1), (DataCategory.OTHER, 1),
)
FEW_PEOPLE = 100


@dataclass(frozen=True)
class Factor:
    key: str  # one of ALLOWED
    value: float
    reasons: tuple[str, ...]  # reason codes, e.g. ("dpc_special", "dpc_vulnerable")
    computed: float | None = None  # the rule's value, when the DSO adjusted it
    adjustment_reason: str | None = None

    @property
    def adjusted(self) -> bool:
        return self.computed is not None


@dataclass(frozen=True)
class Adjustment:
    """A DSO's change of one factor; the reason is required and kept."""

    value: float
    reason: str


@dataclass(frozen=True)
class EdpbFactor:
    """One EDPB (Guidelines 9/2022) consideration weighed for this breach, with its effect.

    Text: `incident.edpb.<code>`, with `params` as placeholders.
    """

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    factors: tuple[Factor, ...]
    score: float
    band: Band
    suggestion: Suggestion
    suggestion_reasons: tuple[str, ...]  # codes: `incident.severity.why.<code>`
    edpb: tuple[EdpbFactor, ...]
    grounds: tuple[str, ...] = ()  # positive grounds that a risk is unlikely, recorded

    def factor(self, key: str) -> Factor:
        return next(f for f in self.factors if f.key == key)

    @property
    def dpc(self) -> float:
        return self.factor("dpc").value

    @property
    def ei(self) -> float:
        return self.factor("ei").value

    @property
    def cb(self) -> float:
        return sum(self.factor(k).value for k in CIRCUMSTANCES)


def band_of(score: float) -> Band:
    if score < 2:
        return Band.LOW
    if score < 3:
        return Band.MEDIUM
    if score < 4:
        return Band.HIGH
    return Band.VERY_HIGH


def _volume(facts: BreachFacts) -> tuple[float, str]:
    """How much the number of people and records raises the DPC (ENISA allows it)."""
    people, records = facts.people_low, facts.records_low
    if people is None and facts.people_high is None:
        return 0.5, "dpc_volume_unknown"
    if (people or 0) >= 1000 or (records or 0) >= 10_000:
        return 1.0, "dpc_volume_large"
    if (people or 0) > FEW_PEOPLE or (records or 0) > 1000:
        return 0.5, "dpc_volume_many"
    return 0.0, "dpc_volume_few"


def _dpc(facts: BreachFacts) -> Factor:
    data = facts.data - {DataCategory.ALREADY_PUBLIC}
    found = [(value, category) for category, value in _DPC_BASE if category in data]
    if found:
        value, category = max(found, key=lambda pair: pair[0])
        reasons = [f"dpc_{category.value}"]
    elif DataCategory.ALREADY_PUBLIC in facts.data:
        value, reasons = 1.0, ["dpc_ordinary"]
    else:
        value, reasons = 2.0, ["dpc_unknown"]
    if DataCategory.ALREADY_PUBLIC in facts.data:
        value, reasons = value - 0.5, [*reasons, "dpc_public"]
    if facts.subjects & VULNERABLE_SUBJECTS:
        value, reasons = value + 1, [*reasons, "dpc_vulnerable"]
    raised, volume = _volume(facts)
    value, reasons = value + raised, [*reasons, volume]
    return Factor("dpc", min(max(value, 1.0), 4.0), tuple(reasons))


def _ei(facts: BreachFacts) -> Factor:
    if facts.data & {DataCategory.IDENTITY_NUMBERS, DataCategory.PROTECTED_IDENTITY}:
        return Factor("ei", 1.0, ("ei_identity_numbers",))
    if not facts.data:
        return Factor("ei", 0.75, ("ei_unknown",))
    return Factor("ei", 0.75, ("ei_names",))


def _confidentiality(facts: BreachFacts) -> Factor:
    breach = facts.breach_type
    if breach is None:
        return Factor("confidentiality", 0.5, ("conf_type_unknown",))
    if breach not in CONFIDENTIALITY_BREACHES:
        return Factor("confidentiality", 0.0, ("conf_none",))
    if facts.encryption is Encryption.SAFE:
        return Factor("confidentiality", 0.0, ("conf_encrypted",))
    match facts.recipients:
        case Recipients.NOBODY if facts.retrieval is Retrieval.CONFIRMED:
            return Factor("confidentiality", 0.0, ("conf_nobody",))
        case Recipients.NOBODY:
            return Factor("confidentiality", 0.25, ("conf_nobody_unconfirmed",))
        case Recipients.TRUSTED | Recipients.KNOWN:
            return Factor("confidentiality", 0.25, ("conf_known_recipient",))
        case Recipients.MANY:
            return Factor("confidentiality", 0.5, ("conf_unknown_recipients",))
        case Recipients.PUBLIC:
            return Factor("confidentiality", 0.5, ("conf_public",))
    if breach is BreachType.UNSURE:
        return Factor("confidentiality", 0.5, ("conf_unsure",))
    if breach is BreachType.LOSS:
        return Factor("confidentiality", 0.5, ("conf_lost",))
    return Factor("confidentiality", 0.5, ("conf_recipients_unknown",))


def _integrity(facts: BreachFacts) -> Factor:
    if facts.breach_type is BreachType.ALTERATION:
        return Factor("integrity", 0.5, ("integrity_altered",))
    return Factor("integrity", 0.0, ("integrity_none",))


def _availability(facts: BreachFacts) -> Factor:
    if facts.breach_type is BreachType.DESTRUCTION:
        return Factor("availability", 0.5, ("availability_destroyed",))
    if facts.breach_type is BreachType.LOSS:
        return Factor("availability", 0.25, ("availability_lost",))
    return Factor("availability", 0.0, ("availability_none",))


def _malicious(cause: Cause | None) -> Factor:
    if cause in MALICIOUS_CAUSES:
        return Factor("malicious", 0.5, ("malicious_cause",))
    if cause in (None, Cause.UNKNOWN):
        return Factor("malicious", 0.5, ("malicious_unknown",))
    return Factor("malicious", 0.0, ("malicious_none",))


def grounds_of(facts: BreachFacts) -> tuple[str, ...]:
    """Positive grounds in the report that a risk is unlikely (EDPB 9/2022 examples)."""
    found = []
    if facts.breach_type in CONFIDENTIALITY_BREACHES and facts.encryption is Encryption.SAFE:
        found.append("encrypted")
    # Only what is confirmed counts: "nobody saw it" is a ground once the data are
    # back (or deleted) unread, not while a lost stick is still out there.
    retrieved = facts.retrieval is Retrieval.CONFIRMED
    if facts.recipients is Recipients.NOBODY and retrieved:
        found.append("nobody_saw")
    if facts.recipients in (Recipients.TRUSTED, Recipients.KNOWN) and retrieved:
        found.append("retrieved")
    if facts.data == frozenset({DataCategory.ALREADY_PUBLIC}):
        found.append("already_public")
    return tuple(found)


# Grounds that hold whatever the data and however many people: nobody could read them.
STRONG_GROUNDS = frozenset({"encrypted", "nobody_saw", "retrieved"})


def _few_and_ordinary(facts: BreachFacts) -> bool:
    known_few = facts.people_high is not None and facts.people_high <= FEW_PEOPLE
    return known_few and not (facts.data & SENSITIVE) and bool(facts.data)


def _suggest(band: Band, facts: BreachFacts, grounds: tuple[str, ...]
             ) -> tuple[Suggestion, tuple[str, ...]]:
    if facts.event is EventType.NEAR_MISS:
        return Suggestion.NEAR_MISS, ("near_miss",)
    strong = STRONG_GROUNDS & set(grounds)
    if strong or (grounds and _few_and_ordinary(facts)):
        return Suggestion.NOT_NOTIFIABLE, tuple(f"ground_{g}" for g in grounds)
    severe = facts.consequences & SEVERE_CONSEQUENCES
    lasting = facts.permanence is Permanence.LASTING
    if band in (Band.HIGH, Band.VERY_HIGH):
        return Suggestion.HIGH_RISK, (f"band_{band}",)
    if facts.data & DAMAGE_LIKELY and (facts.subjects & VULNERABLE_SUBJECTS or severe):
        return Suggestion.HIGH_RISK, ("damage_likely", "vulnerable_or_severe")
    if severe and lasting:
        return Suggestion.HIGH_RISK, ("severe_lasting",)
    why = []
    if band is Band.MEDIUM:
        why.append("band_medium")
    if facts.data & DAMAGE_LIKELY:
        why.append("damage_likely")
    elif facts.data & SENSITIVE:
        why.append("sensitive_data")
    if (facts.people_low or 0) > FEW_PEOPLE:
        why.append("many_people")
    if severe:
        why.append("severe_consequences")
    if why:
        return Suggestion.NOTIFY_IMY, tuple(why)
    return Suggestion.NOTIFY_UNLESS_UNLIKELY, ("band_low", "no_grounds")


def _people_range(facts: BreachFacts) -> str | None:
    low, high = facts.people_low, facts.people_high
    if low is None and high is None:
        return None
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def _edpb(facts: BreachFacts, factors: Mapping[str, Factor], grounds: tuple[str, ...]
          ) -> tuple[EdpbFactor, ...]:
    """The EDPB's factors, each as weighed here (its text says the effect)."""
    found = [EdpbFactor(f"type_{k}") for k in ("confidentiality", "integrity", "availability")
             if factors[k].value > 0]
    if facts.data & DAMAGE_LIKELY:
        found += [EdpbFactor("sensitive_data"), EdpbFactor("damage_likely")]
    elif facts.data & SENSITIVE:
        found.append(EdpbFactor("extra_sensitive"))
    elif not facts.data:
        found.append(EdpbFactor("data_unknown"))
    people = _people_range(facts)
    found.append(EdpbFactor("number_of_people", {"count": people})
                 if people else EdpbFactor("number_unknown"))
    if DataCategory.IDENTITY_NUMBERS in facts.data:
        found.append(EdpbFactor("easy_identification"))
    if facts.subjects & VULNERABLE_SUBJECTS:
        found.append(EdpbFactor("vulnerable_people"))
    if facts.consequences & SEVERE_CONSEQUENCES:
        found.append(EdpbFactor("severe_consequences"))
    if facts.permanence is Permanence.LASTING:
        found.append(EdpbFactor("lasting_consequences"))
    if facts.encryption is Encryption.KEY_EXPOSED:
        found.append(EdpbFactor("key_exposed"))
    found += [EdpbFactor(f"ground_{g}") for g in grounds]
    if facts.ongoing:
        found.append(EdpbFactor("ongoing"))
    if facts.cause in MALICIOUS_CAUSES:
        found.append(EdpbFactor("malicious"))
    # A public body exercises official authority: people cannot simply go elsewhere.
    found.append(EdpbFactor("public_body"))
    return tuple(found)


def _apply(factor: Factor, adjustment: Adjustment | None) -> Factor:
    if adjustment is None:
        return factor
    if adjustment.value not in ALLOWED[factor.key]:
        raise ValueError(f"{factor.key} cannot be {adjustment.value}; "
                         f"allowed: {ALLOWED[factor.key]}")
    if not adjustment.reason.strip():
        raise ValueError("an adjustment needs a reason")
    return replace(factor, value=float(adjustment.value), computed=factor.value,
                   adjustment_reason=adjustment.reason.strip())


def assess(facts: BreachFacts, adjustments: Mapping[str, Adjustment] | None = None) -> Assessment:
    """Score a breach and advise; `adjustments` (factor key → Adjustment) override the rules."""
    adjustments = adjustments or {}
    unknown = set(adjustments) - set(ALLOWED)
    if unknown:
        raise ValueError(f"unknown factor(s): {sorted(unknown)}")
    computed = {
        "dpc": _dpc(facts),
        "ei": _ei(facts),
        "confidentiality": _confidentiality(facts),
        "integrity": _integrity(facts),
        "availability": _availability(facts),
        "malicious": _malicious(facts.cause),
    }
    factors = {k: _apply(f, adjustments.get(k)) for k, f in computed.items()}
    score = factors["dpc"].value * factors["ei"].value + sum(
        factors[k].value for k in CIRCUMSTANCES)
    band = band_of(score)
    grounds = grounds_of(facts)
    suggestion, why = _suggest(band, facts, grounds)
    return Assessment(tuple(factors.values()), score, band, suggestion, why,
                      _edpb(facts, factors, grounds), grounds)


