"""ENISA scoring examples, worked by hand from the mapping in features.incidents.rules.severity.

Each states its facts and the arithmetic a DSO can check on paper.
"""

import pytest

from features.incidents.rules.breach import (
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    Encryption,
    EventType,
    Recipients,
    Retrieval,
    SubjectCategory,
)
from features.incidents.rules.severity import Adjustment, Band, Suggestion, assess

D, S = DataCategory, SubjectCategory


def facts(breach, data=(), subjects=(), cause=None, people=(10, 10), **kw):
    low, high = people
    return BreachFacts(breach_type=breach, cause=cause, data=frozenset(data),
                       subjects=frozenset(subjects), people_low=low, people_high=high, **kw)


def test_misdirected_email_with_ordinary_staff_data_to_a_colleague_is_low():
    # DPC 1 × EI 0.75 + confidentiality 0.25 (a known recipient) = 1.0
    a = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], [S.STAFF], Cause.HUMAN_ERROR,
                     recipients=Recipients.TRUSTED))
    assert (a.dpc, a.ei, a.cb, a.score) == (1, 0.75, 0.25, 1.0)
    assert a.band is Band.LOW
    # Low, but nothing in the report shows the risk is unlikely: not "not notifiable".
    assert a.suggestion is Suggestion.NOTIFY_UNLESS_UNLIKELY


def test_the_same_email_deleted_unread_by_the_colleague_is_likely_not_notifiable():
    a = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], [S.STAFF], Cause.HUMAN_ERROR,
                     recipients=Recipients.TRUSTED, retrieval=Retrieval.CONFIRMED))
    assert a.suggestion is Suggestion.NOT_NOTIFIABLE
    assert a.grounds == ("retrieved",)


def test_health_data_of_pupils_is_high_risk():
    # DPC 4 (special categories; +1 for children clamps at 4) × EI 0.75 + 0.25 = 3.25
    a = assess(facts(BreachType.MISDIRECTED, [D.SPECIAL, D.ORDINARY], [S.PUPILS],
                     recipients=Recipients.KNOWN, cause=Cause.HUMAN_ERROR))
    assert a.dpc == 4
    assert a.factor("dpc").reasons == ("dpc_special", "dpc_vulnerable", "dpc_volume_few")
    assert a.score == 3.25
    assert a.band is Band.HIGH
    assert a.suggestion is Suggestion.HIGH_RISK
    assert {"sensitive_data", "damage_likely", "vulnerable_people"} <= {e.code for e in a.edpb}


def test_stolen_laptop_with_identity_numbers_and_finances():
    # DPC 3 × EI 1 + confidentiality 0.5 + availability 0.25 + malicious 0.5 = 4.25
    a = assess(facts(BreachType.LOSS, [D.FINANCIAL, D.IDENTITY_NUMBERS], [S.RESIDENTS],
                     Cause.EXTERNAL_ATTACK, people=(10, 20), encryption=Encryption.NO))
    assert (a.dpc, a.ei, a.cb) == (3, 1, 1.25)
    assert a.score == 4.25
    assert a.band is Band.VERY_HIGH
    codes = {e.code: e.params for e in a.edpb}
    assert codes["number_of_people"] == {"count": "10–20"}
    assert "easy_identification" in codes and "malicious" in codes


def test_the_same_laptop_encrypted_with_the_key_safe_is_likely_not_notifiable():
    a = assess(facts(BreachType.LOSS, [D.FINANCIAL, D.IDENTITY_NUMBERS], [S.RESIDENTS],
                     Cause.EXTERNAL_ATTACK, people=(10, 20), encryption=Encryption.SAFE))
    assert a.factor("confidentiality").value == 0
    assert a.factor("confidentiality").reasons == ("conf_encrypted",)
    assert a.suggestion is Suggestion.NOT_NOTIFIABLE
    assert "ground_encrypted" in {e.code for e in a.edpb}


def test_volume_raises_the_data_processing_context():
    small = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], people=(50, 50)))
    many = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], people=(500, 500)))
    large = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], people=(5000, 5000)))
    records = assess(facts(BreachType.MISDIRECTED, [D.ORDINARY], people=(50, 50),
                           records_low=20_000))
    assert (small.dpc, many.dpc, large.dpc, records.dpc) == (1, 1.5, 2, 2)


def test_criminal_data_never_below_notifiable():
    # DPC 4 × EI 0.25 (adjusted: pseudonymised) + 0.25 = 1.25 → low, but criminal data
    a = assess(facts(BreachType.MISDIRECTED, [D.CRIMINAL], recipients=Recipients.KNOWN,
                     cause=Cause.HUMAN_ERROR),
               {"ei": Adjustment(0.25, "Pseudonymiserat underlag")})
    assert a.band is Band.LOW
    assert a.suggestion is Suggestion.NOTIFY_IMY
    assert a.suggestion_reasons == ("damage_likely",)


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


def test_unknown_answers_take_the_careful_value_and_say_so():
    a = assess(BreachFacts())
    assert a.factor("dpc").reasons == ("dpc_unknown", "dpc_volume_unknown")
    assert a.dpc == 2.5
    assert a.factor("confidentiality").reasons == ("conf_type_unknown",)
    assert a.factor("malicious").reasons == ("malicious_unknown",)
    assert a.factor("ei").reasons == ("ei_unknown",)
    assert {"data_unknown", "number_unknown", "public_body"} <= {e.code for e in a.edpb}
    assert a.suggestion is not Suggestion.NOT_NOTIFIABLE


def test_a_near_miss_is_documented_not_notified():
    a = assess(BreachFacts(event=EventType.NEAR_MISS, data=frozenset({D.SPECIAL})))
    assert a.suggestion is Suggestion.NEAR_MISS
