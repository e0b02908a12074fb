"""Severity suggestion for a personal-data breach: the ENISA method (2013).

    SE = DPC × EI + CB

This is advice to the data protection officer, never the decision: whether to
notify IMY is a person's decision, recorded with its justification.

How the answers of a report map to the factors (each factor carries the codes
of its reasons; texts are `incident.severity.reason.<code>`):

DPC, data processing context (1–4; the highest category wins)
    special categories or criminal-offence data → 4; financial data → 3;
    ordinary, identity numbers or other data → 1; no categories given → 1.
    Children, pupils, patients or clients affected → +1 (vulnerable people),
    clamped to 4.
EI, ease of identification
    personal identity numbers → 1 (maximum: they single out one person);
    otherwise 0.75 (significant: records at a public body nearly always carry
    names).
CB, circumstances of the breach (added)
    confidentiality: mis-sent to a known recipient +0.25; other disclosure,
    unauthorised access or loss +0.5 (unknown or many recipients); "not sure"
    +0.25 until the type is known.
    integrity: alteration +0.5 (assumed not recoverable until shown otherwise).
    availability: destruction +0.5 (assumed permanent); loss +0.25 (copies
    usually exist elsewhere).
    malicious intent: a deliberate act inside or an attack from outside +0.5.

Bands: low < 2, medium 2–<3, high 3–<4, very high ≥ 4.
Suggestion: low → likely not notifiable; medium → likely notifiable to IMY;
high or very high → likely high risk, inform the people affected too. Special
categories or criminal-offence data are never below "notifiable", because the
EDPB says damage should then be treated as likely.

Unknown answers lead to the more careful assumption, and the reason says so;
the DSO adjusts any factor (with a reason) and the score is recalculated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from features.incidents.rules.breach import (
    MALICIOUS_CAUSES,
    VULNERABLE_SUBJECTS,
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
)


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class Suggestion(StrEnum):
    NOT_NOTIFIABLE = "likely_not_notifiable"
    NOTIFY_IMY = "likely_notifiable"
    HIGH_RISK = "likely_high_risk"  # notify IMY and inform the people affected


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
_SPECIAL = frozenset({DataCategory.SPECIAL, DataCategory.CRIMINAL})


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
    """One EDPB (Guidelines 9/2022) consideration that applies to this breach.

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


def _dpc(facts: BreachFacts) -> Factor:
    if facts.data & _SPECIAL:
        value, reasons = 4.0, ["dpc_special"]
    elif DataCategory.FINANCIAL in facts.data:
        value, reasons = 3.0, ["dpc_financial"]
    elif facts.data:
        value, reasons = 1.0, ["dpc_ordinary"]
    else:
        value, reasons = 1.0, ["dpc_unknown"]
    if facts.subjects & VULNERABLE_SUBJECTS:
        value, reasons = min(value + 1, 4.0), [*reasons, "dpc_vulnerable"]
    return Factor("dpc", value, tuple(reasons))


def _ei(facts: BreachFacts) -> Factor:
    if DataCategory.IDENTITY_NUMBERS in facts.data:
        return Factor("ei", 1.0, ("ei_identity_numbers",))
    return Factor("ei", 0.75, ("ei_names",))


_CONFIDENTIALITY = {
    BreachType.MISDIRECTED: (0.25, "conf_known_recipient"),
    BreachType.DISCLOSURE_OTHER: (0.5, "conf_unknown_recipients"),
    BreachType.UNAUTHORISED_ACCESS: (0.5, "conf_unknown_recipients"),
    BreachType.LOSS: (0.5, "conf_lost"),
    BreachType.UNSURE: (0.25, "conf_unsure"),
}
_INTEGRITY = {BreachType.ALTERATION: (0.5, "integrity_altered")}
_AVAILABILITY = {
    BreachType.DESTRUCTION: (0.5, "availability_destroyed"),
    BreachType.LOSS: (0.25, "availability_lost"),
}


def _circumstance(key: str, table: Mapping[BreachType, tuple[float, str]],
                  breach: BreachType | None) -> Factor:
    if breach is None:
        return Factor(key, 0.0, (f"{key}_type_unknown",))
    value, reason = table.get(breach, (0.0, f"{key}_none"))
    return Factor(key, value, (reason,))


def _malicious(cause: Cause | None) -> Factor:
    if cause in MALICIOUS_CAUSES:
        return Factor("malicious", 0.5, ("malicious_cause",))
    if cause in (None, Cause.UNKNOWN):
        return Factor("malicious", 0.0, ("malicious_unknown",))
    return Factor("malicious", 0.0, ("malicious_none",))


def _people_range(facts: BreachFacts) -> str | None:
    low, high = facts.people_low, facts.people_high
    if low is None and high is None:
        return None
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def _edpb(facts: BreachFacts, factors: Mapping[str, Factor]) -> tuple[EdpbFactor, ...]:
    found = [EdpbFactor(f"type_{k}") for k in ("confidentiality", "integrity", "availability")
             if factors[k].value > 0]
    if facts.data & _SPECIAL:
        found += [EdpbFactor("sensitive_data"), EdpbFactor("damage_likely")]
    elif DataCategory.FINANCIAL in facts.data:
        found.append(EdpbFactor("financial_data"))
    if DataCategory.IDENTITY_NUMBERS in facts.data:
        found.append(EdpbFactor("easy_identification"))
    if facts.subjects & VULNERABLE_SUBJECTS:
        found.append(EdpbFactor("vulnerable_people"))
    people = _people_range(facts)
    if people:
        found.append(EdpbFactor("number_of_people", {"count": people}))
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
    """Score a breach; `adjustments` (factor key → Adjustment) override the rules."""
    adjustments = adjustments or {}
    unknown = set(adjustments) - set(ALLOWED)
    if unknown:
        raise ValueError(f"unknown factor(s): {sorted(unknown)}")
    computed = {
        "dpc": _dpc(facts),
        "ei": _ei(facts),
        "confidentiality": _circumstance("confidentiality", _CONFIDENTIALITY, facts.breach_type),
        "integrity": _circumstance("integrity", _INTEGRITY, facts.breach_type),
        "availability": _circumstance("availability", _AVAILABILITY, facts.breach_type),
        "malicious": _malicious(facts.cause),
    }
    factors = {k: _apply(f, adjustments.get(k)) for k, f in computed.items()}
    score = factors["dpc"].value * factors["ei"].value + sum(
        factors[k].value for k in CIRCUMSTANCES)
    band = band_of(score)
    suggestion, why = _suggest(band, facts)
    return Assessment(tuple(factors.values()), score, band, suggestion, why,
                      _edpb(facts, factors))


def _suggest(band: Band, facts: BreachFacts) -> tuple[Suggestion, tuple[str, ...]]:
    if band in (Band.HIGH, Band.VERY_HIGH):
        return Suggestion.HIGH_RISK, (f"band_{band}",)
    if band is Band.MEDIUM:
        return Suggestion.NOTIFY_IMY, ("band_medium",)
    if facts.data & _SPECIAL:
        return Suggestion.NOTIFY_IMY, ("band_low", "special_data")
    return Suggestion.NOT_NOTIFIABLE, ("band_low",)
