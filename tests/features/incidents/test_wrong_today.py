"""The advice a DSO would have been given, case by case, where it used to be wrong.

Each test states the facts of a report as the reporter answered them and the
advice a DSO should get under Art. 33(1) GDPR and EDPB Guidelines 9/2022. The
rule: "likely not notifiable" only when the report shows positive grounds that
the breach is unlikely to result in a risk; an unknown answer takes the
careful value.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from features.incidents.flow import FLOW, breach_facts
from features.incidents.rules.severity import assess

NOT_NOTIFIABLE = "likely_not_notifiable"


def advice(**answers: Any):
    """The assessment of a report with these answers (step id → stored answer)."""
    return assess(breach_facts(answers))


def people(n: int) -> dict[str, Any]:
    return {"min": n, "max": n, "approx": True}


# -- 1. "likely not notifiable" for breaches that must be notified -----------------------

def test_an_attack_that_took_names_and_addresses_of_50000_residents_must_be_notified():
    a = advice(breach_type="unauthorised_access", cause="external_attack",
               data_categories=["ordinary"], subject_categories=["residents"],
               people_count=people(50_000))
    assert a.suggestion != NOT_NOTIFIABLE
    assert a.suggestion == "likely_notifiable"
    assert "many_people" in a.suggestion_reasons


def test_5000_identity_numbers_published_by_mistake_must_be_notified():
    a = advice(breach_type="disclosure_other", cause="human_error",
               data_categories=["identity_numbers"], subject_categories=["residents"],
               people_count=people(5_000))
    assert a.suggestion in ("likely_notifiable", "likely_high_risk")
    assert a.score >= 2


def test_a_letter_about_one_resident_sent_to_the_wrong_address_is_not_waved_through():
    # Ordinary data, one person, a known recipient, nothing confirmed back: a low
    # score, but Art. 33(1) asks for notification unless the risk is shown unlikely.
    a = advice(breach_type="misdirected", cause="human_error", data_categories=["ordinary"],
               subject_categories=["residents"], people_count=people(1))
    assert a.suggestion == "notify_unless_unlikely"
    assert a.suggestion != NOT_NOTIFIABLE


def test_the_number_of_people_and_of_records_changes_the_assessment():
    one = advice(breach_type="misdirected", data_categories=["ordinary"],
                 people_count=people(1))
    many = advice(breach_type="misdirected", data_categories=["ordinary"],
                  people_count=people(100_000))
    records = advice(breach_type="misdirected", data_categories=["ordinary"],
                     people_count=people(1), records_count=people(50_000))
    assert many.score > one.score
    assert records.score > one.score


# -- 2. unknown answers take the careful value -------------------------------------------

def test_breach_type_not_sure_counts_as_disclosure():
    unsure = advice(breach_type="unsure", data_categories=["ordinary"], people_count=people(5))
    assert unsure.factor("confidentiality").value == 0.5


def test_an_unknown_cause_counts_like_a_deliberate_act():
    unknown = advice(breach_type="loss", cause="unknown", data_categories=["ordinary"])
    attack = advice(breach_type="loss", cause="external_attack", data_categories=["ordinary"])
    assert unknown.factor("malicious").value == attack.factor("malicious").value == 0.5


def test_no_data_categories_is_not_taken_as_simple_data():
    none_given = advice(breach_type="misdirected", people_count=people(5))
    simple = advice(breach_type="misdirected", data_categories=["ordinary"],
                    people_count=people(5))
    assert none_given.dpc > simple.dpc


# -- 3. the inputs ENISA and the EDPB weigh ---------------------------------------------

def test_location_log_data_and_camera_footage_can_be_reported_and_weigh_more():
    step = FLOW.step("data_categories")
    assert "behavioural" in {c.id for c in step.choices}
    footage = advice(breach_type="disclosure_other", data_categories=["behavioural"],
                     people_count=people(5))
    assert footage.dpc == 2


def test_identity_numbers_are_extra_protection_worthy():
    a = advice(breach_type="misdirected", data_categories=["identity_numbers"],
               people_count=people(5))
    assert a.dpc >= 2 and a.ei == 1


def test_a_stolen_laptop_encrypted_with_the_key_safe_is_weighed_as_unreadable():
    steps = [s.id for s in FLOW.path({"event": "breach", "breach_type": "loss"})]
    assert "encryption" in steps and "recipients" in steps
    encrypted = advice(breach_type="loss", cause="external_attack", encryption="encrypted_safe",
                       data_categories=["ordinary"], people_count=people(300))
    clear = advice(breach_type="loss", cause="external_attack", encryption="no",
                   data_categories=["ordinary"], people_count=people(300))
    assert encrypted.factor("confidentiality").value == 0
    assert clear.factor("confidentiality").value == 0.5
    assert encrypted.suggestion == NOT_NOTIFIABLE
    assert clear.suggestion != NOT_NOTIFIABLE


def test_who_received_the_data_and_whether_they_are_back_are_asked_and_weighed():
    answers = {"event": "breach", "breach_type": "misdirected", "recipients": "known_trusted"}
    assert "retrieval" in [s.id for s in FLOW.path(answers)]
    back = advice(breach_type="misdirected", data_categories=["ordinary"],
                  recipients="known_trusted", retrieval="confirmed", people_count=people(3))
    out = advice(breach_type="misdirected", data_categories=["ordinary"],
                 recipients="unknown_or_many", people_count=people(3))
    assert back.suggestion == NOT_NOTIFIABLE
    assert out.suggestion != NOT_NOTIFIABLE
    assert out.factor("confidentiality").value > back.factor("confidentiality").value


def test_severe_and_lasting_consequences_mean_high_risk_and_are_shown_as_weighed():
    a = advice(breach_type="misdirected", data_categories=["ordinary"], people_count=people(3),
               consequences=["identity_fraud"], permanence="lasting")
    assert a.suggestion == "likely_high_risk"
    assert {"severe_consequences", "lasting_consequences"} <= {f.code for f in a.edpb}


# -- the property: no shortcut for what must be notified ---------------------------------

SENSITIVE_OR_MANY = ("special", "criminal", "identity_numbers")
CONFIDENTIALITY = ("misdirected", "disclosure_other", "unauthorised_access", "loss", "unsure")


def _choices(step_id: str) -> list[str]:
    return [c.id for c in FLOW.step(step_id).choices]


def _reports():
    """Every combination of the flow's choices that bear on the advice (data categories
    one at a time plus with already-public data; counts around the thresholds)."""
    data_sets = [[d] for d in _choices("data_categories")] + [
        [d, "already_public"] for d in _choices("data_categories")]
    counts = [None, people(1), people(100), people(101), {"min": 50, "max": None}]
    for breach, data, count, encryption, recipients, retrieval, cause in itertools.product(
            _choices("breach_type"), data_sets, counts, _choices("encryption"),
            _choices("recipients"), _choices("retrieval"), ("human_error", "unknown")):
        answers = {"event": "breach", "breach_type": breach, "data_categories": data,
                   "subject_categories": ["residents"], "cause": cause,
                   "encryption": encryption, "recipients": recipients, "retrieval": retrieval}
        if count is not None:
            answers["people_count"] = count
        yield answers


def _recorded_protection(answers: dict[str, Any]) -> bool:
    """Encryption with the key safe, or the data confirmed back, as the flow asked it."""
    on_path = {s.id for s in FLOW.path(answers)}
    encrypted = "encryption" in on_path and answers["encryption"] == "encrypted_safe"
    recovered = "retrieval" in on_path and answers["retrieval"] == "confirmed"
    return encrypted or recovered


def _must_be_notified(answers: dict[str, Any]) -> bool:
    count = answers.get("people_count") or {}
    many = (count.get("max") or count.get("min") or 0) > 100 or (
        count.get("min") is not None and count.get("max") is None)
    return bool(set(answers["data_categories"]) & set(SENSITIVE_OR_MANY)) or many


def test_nothing_sensitive_or_affecting_over_100_people_is_waved_through_unprotected():
    checked = 0
    for answers in _reports():
        if not _must_be_notified(answers) or _recorded_protection(answers):
            continue
        checked += 1
        a = advice(**answers)
        assert a.suggestion != NOT_NOTIFIABLE, answers
    assert checked > 1000  # the combinations really were exercised


@pytest.mark.parametrize("breach", CONFIDENTIALITY)
def test_protection_recorded_for_sensitive_data_can_support_not_notifiable(breach):
    a = advice(breach_type=breach, data_categories=["special"], encryption="encrypted_safe",
               people_count=people(500))
    assert a.suggestion == NOT_NOTIFIABLE
