"""ENISA scoring examples, worked by hand from the mapping in features.incidents.rules.severity."""

import pytest

from features.incidents.rules.breach import (
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    SubjectCategory,
)
from features.incidents.rules.severity import Adjustment, Band, Suggestion, assess

D, S = DataCategory, SubjectCategory


def facts(breach, data=(), subjects=(), cause=None, **kw):
    return BreachFacts(breach_type=breach, cause=cause, data=frozenset(data),
                       subjects=frozenset(subjects), **kw)


def test_misdirected_email_with_ordinary_staff_data_is_low():
    # DPC 1 × EI 0.75 + confidentiality 0.25 (known recipient) = 1.0
    a = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], [S.STAFF], Cause.HUMAN_ERROR))
    assert (a.dpc, a.ei, a.cb, a.score) == (1, 0.75, 0.25, 1.0)
    assert a.band is Band.LOW
    assert a.suggestion is Suggestion.NOT_NOTIFIABLE


def test_health_data_of_pupils_is_high_risk():
    # DPC 4 (special categories; +1 for children clamps at 4) × EI 0.75 + 0.25 = 3.25
    a = assess(facts(BreachType.MISDIRECTED, [D.SPECIAL, D.ORDINARY], [S.PUPILS]))
    assert a.dpc == 4
    assert a.factor("dpc").reasons == ("dpc_special", "dpc_vulnerable")
    assert a.score == 3.25
    assert a.band is Band.HIGH
    assert a.suggestion is Suggestion.HIGH_RISK
    assert {"sensitive_data", "damage_likely", "vulnerable_people"} <= {e.code for e in a.edpb}


def test_stolen_laptop_with_identity_numbers_and_finances():
    # DPC 3 × EI 1 + confidentiality 0.5 + availability 0.25 + malicious 0.5 = 4.25
    a = assess(facts(BreachType.LOSS, [D.FINANCIAL, D.IDENTITY_NUMBERS], [S.RESIDENTS],
                     Cause.EXTERNAL_ATTACK, people_low=10, people_high=20))
    assert (a.dpc, a.ei, a.cb) == (3, 1, 1.25)
    assert a.score == 4.25
    assert a.band is Band.VERY_HIGH
    codes = {e.code: e.params for e in a.edpb}
    assert codes["number_of_people"] == {"count": "10–20"}
    assert "easy_identification" in codes and "malicious" in codes


def test_attack_on_ordinary_data_with_identity_numbers_is_medium():
    # DPC 1 × EI 1 + 0.5 (unknown recipients) + 0.5 (malicious) = 2.0
    a = assess(facts(BreachType.UNAUTHORISED_ACCESS, [D.ORDINARY, D.IDENTITY_NUMBERS],
                     cause=Cause.EXTERNAL_ATTACK))
    assert a.score == 2.0
    assert a.band is Band.MEDIUM
    assert a.suggestion is Suggestion.NOTIFY_IMY


def test_criminal_data_never_below_notifiable():
    # DPC 4 × EI 0.25 (adjusted: pseudonymised) + 0.25 = 1.25 → low, but criminal data
    a = assess(facts(BreachType.MISDIRECTED, [D.CRIMINAL]),
               {"ei": Adjustment(0.25, "Pseudonymiserat underlag")})
    assert a.band is Band.LOW
    assert a.suggestion is Suggestion.NOTIFY_IMY
    assert a.suggestion_reasons == ("band_low", "special_data")


def test_dso_adjustment_recalculates_and_keeps_reason():
    base = facts(BreachType.DESTRUCTION, [D.ORDINARY], [S.STAFF], Cause.TECHNICAL_FAULT)
    before = assess(base)  # 1 × 0.75 + availability 0.5 = 1.25
    after = assess(base, {"availability": Adjustment(0.25, "Återställt från backup samma dag"),
                          "dpc": Adjustment(2, "Uppgifter om frånvaro")})
    assert before.score == 1.25
    assert after.score == 2 * 0.75 + 0.25
    avail = after.factor("availability")
    assert avail.adjusted and avail.computed == 0.5
    assert avail.adjustment_reason == "Återställt från backup samma dag"
    assert not after.factor("ei").adjusted


@pytest.mark.parametrize(
    "adjustments",
    [{"ei": Adjustment(0.6, "fel värde")}, {"dpc": Adjustment(3, "  ")},
     {"size": Adjustment(1, "finns inte")}],
)
def test_invalid_adjustments_are_refused(adjustments):
    with pytest.raises(ValueError):
        assess(facts(BreachType.LOSS, [D.ORDINARY]), adjustments)


def test_unknown_answers_are_said_to_be_assumptions():
    a = assess(BreachFacts())
    assert a.factor("dpc").reasons == ("dpc_unknown",)
    assert a.factor("confidentiality").reasons == ("confidentiality_type_unknown",)
    assert a.factor("malicious").reasons == ("malicious_unknown",)
    assert [e.code for e in a.edpb] == ["public_body"]
