"""The engine driven as a user would: clicking, typing, going back, skipping,
cancelling, editing from the summary, and coming back to a stored state."""

import json

import pytest

from compliance.pii import MASK_LABELS
from dialogs import engine
from dialogs.format import export_row, record_fields
from dialogs.views import (
    ANSWER,
    BACK,
    CANCEL,
    CANCEL_ABORT,
    CANCEL_CONFIRM,
    EDIT,
    PII_KEEP,
    PII_MASK,
    SKIP,
    SUBMIT,
    CardAction,
    Phase,
    Text,
)
from features.incidents.flow import FLOW, breach_facts
from features.incidents.rules.breach import EventType
from i18n import t
from tests.dialogs.conftest import (
    ASKED,
    CLICKS,
    JOURNEY,
    NOW,
    TYPED,
    typed_before,
    typed_from,
)

CTX = {"lang": "sv", "instance": "inst-1"}


def click(outcome, action, step=None, **values):
    v = outcome.view
    data = {"action": action, "instance": v.instance, "rev": v.rev,
            "step": step or (v.question.step_id if v.question else None), **values}
    return engine.handle(FLOW, outcome.state, CardAction.from_data(data), NOW, CTX)


def typed(outcome, *texts, ctx=CTX):
    for text in texts:
        outcome = engine.handle(FLOW, outcome.state, Text(text), NOW, ctx)
    return outcome


REGISTER = {"system": [("reg-7", "Elevregistret"), ("reg-9", "Lönesystemet")]}


def test_complete_by_clicking_only():
    ctx = {**CTX, "choices": REGISTER}
    o = engine.start(FLOW, NOW, ctx)
    for step, values in CLICKS:
        assert o.view.phase is Phase.ASKING
        assert o.view.question.step_id == step
        data = {"action": ANSWER, "instance": o.view.instance, "rev": o.view.rev, "step": step,
                **values}
        o = engine.handle(FLOW, o.state, CardAction.from_data(data), NOW, ctx)
        assert o.view.error is None, (step, o.view.error)
    assert o.view.phase is Phase.SUMMARY
    o = click(o, SUBMIT)
    assert o.view.phase is Phase.DONE
    answers = o.state["answers"]
    assert answers["data_categories"] == ["ordinary", "special"]
    assert answers["system"] == {"id": "reg-7", "label": "Elevregistret"}
    assert answers["other_info"] is None
    assert answers["aware_at"] == "2026-11-21T09:15:00+01:00"
    assert answers["ceased_at"] == "2026-11-20T16:00:00+01:00"
    assert set(answers) == set(ASKED)  # every step of the journey, nothing else
    facts = breach_facts(answers)
    assert facts.people_low == facts.people_high == 25
    assert facts.ongoing is False


def test_complete_by_typing_only_gives_the_same_report():
    o = typed(engine.start(FLOW, NOW, CTX), *TYPED)
    assert o.view.phase is Phase.SUMMARY, o.view
    o = typed(o, "skicka")
    assert o.view.phase is Phase.DONE
    clicked = engine.start(FLOW, NOW, {**CTX, "choices": REGISTER})
    for step, values in CLICKS:
        data = {"action": ANSWER, "instance": "inst-1", "rev": clicked.view.rev, "step": step,
                **values}
        clicked = engine.handle(FLOW, clicked.state, CardAction.from_data(data), NOW,
                                {**CTX, "choices": REGISTER})
    by_click, by_text = clicked.state["answers"], o.state["answers"]
    assert {k: v for k, v in by_text.items() if k != "system"} == {
        k: v for k, v in by_click.items() if k != "system"}
    assert by_text["system"] == {"id": None, "label": "Elevregistret"}  # no register given


def test_typed_record_pick_matches_the_register():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("system"))
    o = typed(o, "löne", ctx={**CTX, "choices": REGISTER})
    assert o.state["answers"]["system"] == {"id": "reg-9", "label": "Lönesystemet"}


def test_wrong_answer_same_question_with_error_and_nothing_lost():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("aware_at"))
    before = o.state
    o = typed(o, "på fredag typ")
    assert o.view.question.step_id == "aware_at"
    assert o.view.error.key == "dialog.error.datetime"
    assert o.view.question.value_text == "på fredag typ"  # the draft is shown to fix
    assert o.state == before and not o.changed
    o = typed(o, "idag 9:15")
    assert o.view.question.step_id == "ongoing" and o.view.error is None


def test_required_step_cannot_be_skipped_or_left_empty():
    o = engine.start(FLOW, NOW, CTX)
    refused = click(o, SKIP)
    assert refused.view.error.key == "dialog.error.required" and not refused.changed
    empty = click(o, ANSWER, flow_value="")
    assert empty.view.error.key == "dialog.error.required"
    assert empty.state == o.state


def test_skip_optional_and_back_keeps_answers():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("system"))
    assert o.view.question.step_id == "system" and not o.view.question.required
    o = click(o, SKIP)
    assert o.view.question.step_id == "processor"
    assert o.state["answers"]["system"] is None
    o = click(o, BACK)
    assert o.view.question.step_id == "system"
    # Back, question by question, over the branches taken, to the number of people.
    steps_back = ASKED.index("system") - ASKED.index("people_count")
    o = typed(o, *["tillbaka"] * (steps_back - 1))
    assert o.view.question.step_id == "records_count"
    o = typed(o, "tillbaka")
    assert o.view.question.step_id == "people_count"
    assert o.view.question.value_text == "ca 25"  # the earlier answer, pre-filled
    assert o.state["answers"]["records_count"] == {"min": 1, "max": 1, "approx": False}


def test_back_on_first_question_is_explained():
    o = click(engine.start(FLOW, NOW, CTX), BACK)
    assert o.view.error.key == "dialog.error.no_back"


def test_cancel_asks_first_then_continue_or_cancel():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("discovered_at"))
    asked = click(o, CANCEL)
    assert asked.view.phase is Phase.CONFIRM_CANCEL
    resumed = click(asked, CANCEL_ABORT)
    assert resumed.view.phase is Phase.ASKING
    assert resumed.view.question.step_id == "discovered_at"
    assert resumed.state["answers"] == o.state["answers"]
    cancelled = typed(typed(resumed, "avbryt"), "ja")
    assert cancelled.view.phase is Phase.CANCELLED
    again = typed(cancelled, "1")
    assert again.view.notice.key == "dialog.notice.finished" and not again.changed


def test_cancel_confirm_by_click():
    o = click(click(engine.start(FLOW, NOW, CTX), CANCEL), CANCEL_CONFIRM)
    assert o.view.phase is Phase.CANCELLED


def test_stale_card_is_refused_with_no_change():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("occurred_at"))
    old_card = o.view
    assert old_card.question.step_id == "occurred_at"
    o = typed(o, "igår 8:00")
    data = {"action": ANSWER, "instance": old_card.instance, "rev": old_card.rev,
            "step": old_card.question.step_id, "flow_date": "2026-11-19"}
    stale = engine.handle(FLOW, o.state, CardAction.from_data(data), NOW, CTX)
    assert stale.view.notice.key == "dialog.notice.stale"
    assert stale.state == o.state and not stale.changed
    assert stale.view.question.step_id == "discovered_at"  # shows where we really are


@pytest.mark.parametrize(
    "forged",
    [
        {"instance": "someone-else"},
        {"rev": 99},
        {"rev": "x"},
        {"step": "aware_at"},  # right revision, but not the step being asked
    ],
)
def test_forged_or_mismatched_card_data_is_refused(forged):
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("discovered_at"))
    assert o.view.question.step_id == "discovered_at"
    data = {"action": ANSWER, "instance": "inst-1", "rev": o.view.rev,
            "step": "discovered_at", "flow_date": "2026-11-20", **forged}
    refused = engine.handle(FLOW, o.state, CardAction.from_data(data), NOW, CTX)
    assert refused.view.notice.key == "dialog.notice.stale"
    assert refused.state == o.state


def test_forged_choice_value_is_refused():
    o = click(engine.start(FLOW, NOW, CTX), ANSWER, flow_value="drop_table")
    assert o.view.error.key == "dialog.error.choice"
    assert o.state["answers"] == {}


def test_summary_edit_and_branch_opened_by_the_edit():
    o = typed(engine.start(FLOW, NOW, CTX), *TYPED)
    assert o.view.phase is Phase.SUMMARY
    cause = next(i for i in o.view.summary if i.step_id == "cause")
    assert cause.text == t("sv", "incident.cause.human_error")
    o = click(o, EDIT, step="cause")
    assert o.view.question.step_id == "cause"
    o = typed(o, "annat")  # "other" needs a description: asked before the summary
    assert o.view.question.step_id == "cause_other"
    o = typed(o, "Skrivaren skrev ut på fel våning")
    assert o.view.phase is Phase.SUMMARY
    summary = [i.step_id for i in o.view.summary]
    assert summary.count("cause_other") == 1
    assert summary.index("cause_other") == summary.index("cause") + 1
    # "ändra N" edits the N:th answer in the summary; back to the human factor:
    # the branch disappears.
    o = typed(o, f"ändra {summary.index('cause') + 1}")
    assert o.view.question.step_id == "cause"
    o = typed(o, "1")
    assert o.view.phase is Phase.SUMMARY
    assert "cause_other" not in [i.step_id for i in o.view.summary]
    done = typed(o, "skicka")
    assert "cause_other" not in done.state["answers"]
    assert export_row(FLOW, done.state["answers"], "sv")["cause_other"] == ""


def test_personal_data_warning_mask_rewrite_keep():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("description"))
    assert o.view.question.step_id == "description"
    text = "Brev om 19811218-9876 skickades till anna@exempel.se"
    warned = typed(o, text)
    assert warned.view.phase is Phase.PII_WARNING
    assert warned.view.pii.kinds == ("personnummer", "email")
    assert "9876" not in warned.view.pii.masked

    masked = click(warned, PII_MASK, step="description")
    labels = MASK_LABELS["sv"]
    assert masked.state["answers"]["description"] == (
        f"Brev om {labels['personnummer']} skickades till {labels['email']}")
    assert not record_fields(FLOW, masked.state)["pii_flagged"]

    rewritten = typed(warned, "1")
    assert rewritten.view.question.step_id == "description"
    assert rewritten.view.question.value_text == text
    assert "description" not in rewritten.state["answers"]
    clean = typed(warned, "Ett brev skickades till fel adress")  # rewriting directly
    assert clean.state["answers"]["description"] == "Ett brev skickades till fel adress"

    kept = click(warned, PII_KEEP, step="description")
    assert kept.state["answers"]["description"] == text
    assert record_fields(FLOW, kept.state)["pii_flagged"]
    # Rewriting it later without the number removes the flag.
    fixed = typed(typed(kept, "tillbaka"), "Brev skickades till fel mottagare")
    assert not record_fields(FLOW, fixed.state)["pii_flagged"]


def test_resume_from_json_round_trip():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("subject_categories"))
    stored = json.loads(json.dumps(o.state))
    view = engine.show(FLOW, stored, CTX)
    assert view.question.step_id == o.view.question.step_id == "subject_categories"
    assert view.rev == o.view.rev
    o2 = typed(engine.Outcome(stored, view, False), *typed_from("subject_categories"), "skicka")
    assert o2.view.phase is Phase.DONE
    assert o2.state["answers"]["description"] == TYPED[ASKED.index("description")]


# Steps asked only on a branch; none is on the way before anything is answered.
BRANCHES = {"ceased_at", "cause_other", "data_other", "subjects_other", "encryption",
            "recipients", "retrieval", "processor_name"}


def test_progress_follows_the_path():
    o = engine.start(FLOW, NOW, CTX)
    start_total = len(FLOW.steps) - len(BRANCHES)
    assert (o.view.question.position, o.view.question.total) == (1, start_total)
    o = typed(o, *typed_before("cause"))
    at_cause = ASKED.index("cause") + 1
    # The way so far opened the end of the breach and who could see the data (whether
    # they came back depends on who it was: not known yet).
    opened = {"ceased_at", "encryption", "recipients"}
    assert (o.view.question.position, o.view.question.total) == (
        at_cause, start_total + len(opened))
    o = typed(o, "annat")
    assert o.view.question.step_id == "cause_other"
    assert (o.view.question.position, o.view.question.total) == (
        at_cause + 1, start_total + len(opened) + 1)


def test_record_fields_and_export_row():
    o = typed(engine.start(FLOW, NOW, CTX), *TYPED, "skicka")
    fields = record_fields(FLOW, o.state)
    assert fields["aware_at"].isoformat() == "2026-11-21T08:15:00+00:00"
    assert fields["occurred_at"].isoformat() == "2026-11-20T07:00:00+00:00"
    assert fields["ceased_at"].isoformat() == "2026-11-20T15:00:00+00:00"
    assert set(fields) == {"occurred_at", "discovered_at", "aware_at", "ceased_at",
                           "pii_flagged"}
    row = export_row(FLOW, o.state["answers"], "en")
    assert row["breach_type"] == t("en", "incident.breach_type.misdirected")
    assert row["aware_at"] == "2026-11-21 09:15"
    assert row["people_count"] == t("en", "dialog.number.approx", n="25")
    assert row["data_categories"].startswith(t("en", "incident.data.ordinary"))
    assert row["other_info"] == ""


def test_unknown_occurrence_and_date_only_awareness():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("description"), "Beskrivning",
              "vet inte", "igår", "igår")
    assert o.view.question.step_id == "ongoing"
    fields = record_fields(FLOW, o.state)
    assert fields["occurred_at"] is None
    # A day without a time counts from its start: the earlier, careful deadline.
    assert fields["aware_at"].isoformat() == "2026-11-19T23:00:00+00:00"


def test_awareness_before_discovery_is_refused():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("description"), "Beskrivning",
              "igår 8:00", "idag 9:00")
    o = typed(o, "igår 10:00")
    assert o.view.error.key == "incident.error.aware_before_discovered"


def test_english_user_types_english():
    ctx = {"lang": "en", "instance": "i2"}
    o = typed(engine.start(FLOW, NOW, ctx), "a breach", "loss",
              "A laptop was stolen from a car", "yesterday 16:00", "yesterday 18:00", "now",
              "no", "don't know", "an employee told", "attack", "identity, financial",
              "staff and residents", "unknown", "more than 100", "no", "don't know",
              "identity theft, worry", "lasting", "skip", "don't know", "skip", "HR", "skip",
              ctx=ctx)
    assert o.view.phase is Phase.SUMMARY, o.view
    answers = o.state["answers"]
    assert answers["event"] == "breach"
    assert answers["breach_type"] == "loss"
    assert answers["ceased_at"] == "unknown"
    assert answers["discovery"] == "employee"
    assert answers["cause"] == "external_attack"
    assert answers["data_categories"] == ["identity_numbers", "financial"]
    assert answers["subject_categories"] == ["staff", "residents"]
    assert answers["encryption"] == "no"
    assert answers["recipients"] == "unknown"
    assert "retrieval" not in answers  # nothing to get back from unknown recipients
    assert answers["consequences"] == ["identity_fraud", "distress"]
    assert answers["permanence"] == "lasting"
    assert answers["processor"] == "unknown"


# What only follows a breach that happened: whether it goes on, and who got the data
# and what it may lead to.
BREACH_ONLY = {"ongoing", "ceased_at", "encryption", "recipients", "retrieval",
               "consequences", "permanence"}


def answer_as_asked(o, texts):
    """Answer whatever is asked from `texts` (step id → typed text) until it stops
    asking; returns the outcome and the steps asked."""
    asked = []
    while o.view.phase is Phase.ASKING:
        step = o.view.question.step_id
        asked.append(step)
        o = typed(o, texts[step])
        assert o.view.error is None, (step, o.view.error)
    return o, asked


def test_near_miss_skips_ongoing_and_the_confidentiality_questions():
    texts = {step: text for step, _, text in JOURNEY}
    # Misdirected is a breach of confidentiality: only the near miss skips its questions.
    o = typed(engine.start(FLOW, NOW, CTX), "tillbud")
    assert o.state["answers"]["event"] == "near_miss"
    o, asked = answer_as_asked(o, texts)
    assert o.view.phase is Phase.SUMMARY
    assert ["event", *asked] == [s for s in ASKED if s not in BREACH_ONLY]
    assert asked[asked.index("aware_at") + 1] == "discovery"
    assert asked[asked.index("records_count") + 1] == "system"
    assert not BREACH_ONLY & {i.step_id for i in o.view.summary}
    done = typed(o, "skicka")
    assert done.view.phase is Phase.DONE
    assert done.state["answers"]["breach_type"] == "misdirected"
    assert breach_facts(done.state["answers"]).event is EventType.NEAR_MISS
    row = export_row(FLOW, done.state["answers"], "sv")
    assert all(row[step] == "" for step in BREACH_ONLY)
    assert record_fields(FLOW, done.state)["ceased_at"] is None


def test_changing_the_event_in_the_summary_asks_or_drops_the_breach_questions():
    texts = {step: text for step, _, text in JOURNEY}
    near_miss, _ = answer_as_asked(typed(engine.start(FLOW, NOW, CTX), "tillbud"), texts)
    assert near_miss.view.phase is Phase.SUMMARY
    # A near miss that did happen after all: what a breach needs is asked, then back
    # to the summary.
    o = typed(click(near_miss, EDIT, step="event"), "1")
    o, asked = answer_as_asked(o, texts)
    assert asked == [s for s in ASKED if s in BREACH_ONLY]
    assert o.view.phase is Phase.SUMMARY
    assert [i.step_id for i in o.view.summary] == list(ASKED)
    # And back to a near miss: the breach's answers leave the summary and the report.
    o = typed(click(o, EDIT, step="event"), "tillbud")
    assert o.view.phase is Phase.SUMMARY
    assert not BREACH_ONLY & {i.step_id for i in o.view.summary}
    done = typed(o, "skicka")
    assert not BREACH_ONLY & set(done.state["answers"])


@pytest.mark.parametrize(("ongoing", "then"), [("nej", "ceased_at"), ("ja", "discovery"),
                                                 ("vet inte", "discovery")])
def test_ceased_at_is_asked_only_when_no_longer_ongoing(ongoing, then):
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("ongoing"), ongoing)
    assert o.view.question.step_id == then
    on_path = [i.step_id for i in typed(o, *typed_from(then)).view.summary]
    assert ("ceased_at" in on_path) is (then == "ceased_at")


def test_ceased_at_not_before_occurrence_and_may_be_unknown():
    o = typed(engine.start(FLOW, NOW, CTX), *typed_before("ceased_at"))
    assert o.view.question.step_id == "ceased_at"
    refused = typed(o, "i förrgår")  # occurred yesterday at 8
    assert refused.view.error.key == "incident.error.ceased_before_occurred"
    assert refused.state == o.state and not refused.changed
    o = typed(o, "vet inte")
    assert o.view.question.step_id == "discovery"
    assert o.state["answers"]["ceased_at"] == "unknown"
    assert record_fields(FLOW, o.state)["ceased_at"] is None


def test_a_summary_saved_under_the_previous_version_asks_what_is_new_first():
    # A report finished under version 1 (no "event" question) and left at its summary.
    o = typed(engine.start(FLOW, NOW, CTX), *TYPED, ctx=CTX)
    assert o.view.phase is Phase.SUMMARY
    old = json.loads(json.dumps(o.state))
    old["version"] = FLOW.version - 1
    del old["answers"]["event"]

    view = engine.show(FLOW, old, CTX)

    assert view.phase is Phase.ASKING and view.question.step_id == "event"
    assert o.state["answers"]["description"] == old["answers"]["description"]  # kept
