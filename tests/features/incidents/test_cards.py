"""The incident cards: the DSO's card in each state, the list, the reporter's cards.

Rendering and validity of every sample is checked by test_official_renderer;
these tests check what the cards say and which actions they offer.
"""

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT
from cards.safe import inert
from features.incidents.cards.case_file import case_file_card
from features.incidents.cards.dso import dso_incident_card
from features.incidents.cards.forms import FORMS, form_for
from features.incidents.cards.imy import imy_text_card
from features.incidents.cards.list import incident_list_card
from features.incidents.cards.reporter import (
    reporter_answered_card,
    reporter_confirmation_card,
    reporter_question_card,
    reporter_status_card,
)
from features.incidents.cards.samples import AWARE, sample_item, sample_owned, sample_view
from features.incidents.rules.severity import Adjustment
from features.incidents.views import CorrectionView, EventView, QuestionView
from i18n import t
from tests.support.texts import text_pattern

LANGS = ("sv", "en")


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def actions(card):
    """Execute actions by their action; a form's button as "incident.form:<form id>"."""
    found = {}
    for n in walk(card):
        if n.get("type") == "Action.Execute":
            data = n["data"]
            key = f"{data['action']}:{data['form']}" if "form" in data else data["action"]
            found[key] = n
    return found


def show_cards(card):
    return {n["title"]: n["card"] for n in walk(card) if n.get("type") == "Action.ShowCard"}


def inputs(card):
    return {n["id"]: n for n in walk(card) if str(n.get("type", "")).startswith("Input.")}


def texts(card):
    return " ".join(n.get("text", "") + n.get("value", "") for n in walk(card)
                    if isinstance(n.get("text", n.get("value")), str))


def whole_case(lang, view):
    """Every page of the case file."""
    pages = [case_file_card(lang, view, 1)]
    while any(a["data"].get("page") == len(pages) + 1 for a in actions_of_card(pages[-1])):
        pages.append(case_file_card(lang, view, len(pages) + 1))
    return {"type": "AdaptiveCard", "body": pages}


def actions_of_card(card):
    return [n for n in walk(card) if n.get("type") == "Action.Execute"]


def size(card):
    return len(json.dumps(card, ensure_ascii=False).encode())


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_incident_offers_take_and_carries_id_and_revision(lang):
    card = dso_incident_card(lang, sample_view(lang))
    found = actions(card)
    assert set(found) == {
        "incident.take", "incident.form:incident.ask", "incident.form:incident.decide",
        "incident.form:incident.advise", "incident.form:incident.subjects",
        "incident.form:incident.register", "incident.correct_start", "incident.imy",
        "incident.case_file"}  # nothing decided yet: no "close"
    for verb, action in found.items():
        assert action["data"]["incident"] == "inc-7"
        # What changes the incident names the revision the card showed.
        assert action["data"].get("rev") == (None if verb == "incident.case_file" else 3)
    # The measures and the adjustment are with the factors, in the whole case.
    whole = actions(whole_case(lang, sample_view(lang)))
    assert {"incident.form:incident.measures", "incident.form:incident.adjust"} <= set(whole)
    # The forms are cards of their own: the incident card holds no inputs.
    assert inputs(card) == {}


@pytest.mark.parametrize("lang", LANGS)
def test_each_form_is_its_own_card_starting_from_the_record(lang):
    view = sample_view(lang)
    ask = inputs(form_for(lang, view, "incident.ask"))
    assert ask["question"]["isRequired"] and ask["question"]["isMultiline"]
    adjust = inputs(form_for(lang, view, "incident.adjust"))
    assert adjust["reason"]["isRequired"]
    assert {c["value"] for c in adjust["factor"]["choices"]} == {
        "dpc", "ei", "confidentiality", "integrity", "availability", "malicious"}
    decide = form_for(lang, view, "incident.decide")
    fields = inputs(decide)
    assert {c["value"] for c in fields["decision"]["choices"]} == {"notified", "not_notifiable"}
    assert fields["decided_by"]["isRequired"] and fields["decided_capacity"]["isRequired"]
    # The notification is a time, not a date: a date input and a time input.
    assert fields["imy_notified_at"]["type"] == "Input.Date"
    assert fields["imy_notified_at_time"]["type"] == "Input.Time"
    assert "late_reason" not in fields  # 20 hours in: no delay to explain yet
    assert set(actions(decide)) == {"incident.decide", "incident.open"}
    subjects = inputs(form_for(lang, view, "incident.subjects"))
    assert {c["value"] for c in subjects["subjects_informed"]["choices"]} == {
        "yes", "no", "not_yet"}
    assert {c["value"] for c in subjects["art34_exception"]["choices"]} == {
        "unintelligible", "risk_removed", "disproportionate"}


def test_take_is_hidden_once_someone_owns_it_and_close_needs_a_decision():
    owned = actions(dso_incident_card("sv", sample_owned("sv")))
    assert "incident.take" not in owned and "incident.form:incident.close" not in owned
    decided = sample_owned("sv", decision="not_notifiable", status="not_notifiable",
                     justification="Endast en känd mottagare som raderat mejlet.")
    assert "incident.form:incident.close" in actions(dso_incident_card("sv", decided))


def test_a_closed_incident_shows_no_edit_actions():
    view = sample_owned("sv", decision="notified", status="closed")
    card = dso_incident_card("sv", view)
    assert set(actions(card)) == {"incident.imy", "incident.case_file",
                                  "incident.form:incident.reopen"}
    assert inputs(card) == {}


def test_the_card_offers_only_what_the_viewer_may_do():
    # An admin where the controller records its own decisions: decide, read, no more.
    admin = sample_owned("sv", may=frozenset({"view", "imy_text", "decide"}))
    assert {k for k in actions(dso_incident_card("sv", admin))} == {
        "incident.form:incident.decide", "incident.form:incident.subjects", "incident.imy",
        "incident.case_file"}


def test_the_clock_shows_time_left_and_the_deadline_in_stockholm_time():
    # Aware 09:30 CET on Friday 27 March; summer time starts on Sunday, so the
    # deadline 72 elapsed hours later is 10:30 CEST on Monday 30 March.
    card = dso_incident_card("sv", sample_view("sv", now=AWARE + timedelta(hours=20)))
    shown = texts(card)
    assert t("sv", "dso.clock.deadline", when="2026-03-30 10:30") in shown
    assert t("sv", "dso.clock.left", span="2 dygn 4 tim") in shown
    clock = next(n for n in walk(card) if n.get("style") == "emphasis"
                 and "2 dygn" in json.dumps(n, ensure_ascii=False))
    assert "Attention" not in json.dumps(clock)


@pytest.mark.parametrize("hours", [50, 80])
def test_under_a_day_left_or_overdue_is_shown_in_the_attention_colour(hours):
    card = dso_incident_card("en", sample_view("en", now=AWARE + timedelta(hours=hours)))
    clock = text_pattern("en", "dso.clock.overdue" if hours > 72 else "dso.clock.left")
    big = next(n for n in walk(card) if n.get("size") == "Large" and n.get("type") == "TextBlock"
               and clock.fullmatch(n["text"]))
    assert big["color"] == "Attention"
    if hours > 72:
        assert t("en", "dso.clock.overdue", span="8 h") in big["text"]


def test_a_late_report_says_reasons_for_the_delay_must_be_recorded():
    view = sample_view("sv", submitted_at=AWARE + timedelta(hours=73),
                       now=AWARE + timedelta(hours=74))
    assert view.submitted_late
    card = dso_incident_card("sv", view)
    assert t("sv", "dso.clock.late") in texts(card)
    assert "late_reason" in inputs(form_for("sv", view, "incident.decide"))
    assert not sample_view("sv").submitted_late


def test_key_facts_are_shown_without_identity_numbers_or_email_addresses():
    card = dso_incident_card("sv", sample_view("sv", pii_flag=True))
    encoded = json.dumps(card, ensure_ascii=False)
    assert "811218-9876" not in encoded and "elev@skola" not in encoded
    shown = texts(card)
    assert t("sv", "dialog.number.approx", n="20–30") in shown  # people affected
    subjects = [t("sv", f"incident.subjects.{key}") for key in ("pupils", "children")]
    assert ", ".join(subjects) in shown
    assert t("sv", "dso.pii_flag") in shown


def test_the_assessment_is_advice_with_factors_reasons_and_adjustments():
    view = sample_view("sv", adjustments={"ei": Adjustment(0.5, "Bara initialer i mejlet")})
    shown = texts(whole_case("sv", view))
    assert t("sv", "incident.severity.why.damage_likely") in texts(dso_incident_card("sv", view))
    # 4 × 0.5 + 0.25 = 2.25: the adjustment lowers the score to medium, but pupils'
    # health data stay data where damage is to be treated as likely: high risk.
    assert view.assessment.score == 2.25
    assert t("sv", "incident.severity.suggestion.likely_high_risk") in shown
    assert t("sv", "incident.severity.why.damage_likely") in shown
    assert t("sv", "dso.severity.decision_is_yours") in shown
    assert t("sv", "incident.severity.reason.dpc_special") in shown
    assert t("sv", "dso.severity.adjusted", computed="1", reason="Bara initialer i mejlet") in shown
    assert t("sv", "incident.edpb.vulnerable_people") in shown
    assert t("sv", "incident.edpb.number_of_people", count="20–30") in shown


def test_decision_questions_history_and_notice_are_shown():
    view = sample_owned("en", decision="notified", status="notified_imy",
                  decided_by="Eva Ek", decided_capacity="Head of department by delegation",
                  imy_reference="DI-2026-1234", subjects_informed=False,
                  subjects_informed_reason="Letters go out next week")
    card = dso_incident_card("en", view, notice=t("en", "handling.stale"))
    assert card["body"][0]["style"] == "warning"
    assert inert(t("en", "handling.stale")) in card["body"][0]["items"][0]["text"]
    shown = texts(whole_case("en", view))
    assert "DI-2026-1234" in shown and "Letters go out next week" in shown
    assert t("en", "dso.questions.no_answer") in shown  # the second question is open
    assert t("en", "dso.event.taken", who="Dina DSO") in shown
    assert "Eva Ek, Head of department by delegation" in shown
    decide = inputs(form_for("en", view, "incident.decide"))
    assert decide["decision"]["value"] == "notified"  # the form starts from the record


def test_the_card_stays_small_with_everything_long():
    many_q = tuple(QuestionView(f"q{n}", AWARE + timedelta(minutes=n), HOSTILE_NAME,
                                HOSTILE_LONG, HOSTILE_LONG, AWARE + timedelta(hours=n))
                   for n in range(30))
    many_e = tuple(EventView(AWARE + timedelta(minutes=n), HOSTILE_LONG, "taken", HOSTILE_LONG)
                   for n in range(100))
    long_answers = {k: HOSTILE_LONG for k in ("description", "measures", "unit", "other_info",
                                               "processor_name", "cause_other")}
    view = sample_view("sv", answers=long_answers, questions=many_q, events=many_e,
                       submitted_at=AWARE + timedelta(hours=80), owner_name=HOSTILE_LONG,
                       reporter_name=HOSTILE_LONG, decision="not_notifiable",
                       justification=HOSTILE_LONG, subjects_informed_reason=HOSTILE_LONG,
                       late_reason=HOSTILE_LONG, measures=HOSTILE_LONG, imy_reference=HOSTILE_LONG,
                       adjustments={k: Adjustment(v, HOSTILE_LONG) for k, v in
                                    (("dpc", 2), ("ei", 1), ("malicious", 0.5))})
    view = replace(view, summary=[(label, HOSTILE_LONG) for label, _ in view.summary])
    corrections = tuple(CorrectionView(AWARE, HOSTILE_LONG, "description", HOSTILE_LONG,
                                       HOSTILE_LONG, HOSTILE_LONG) for _ in range(20))
    view = replace(view, corrections=corrections, dso_advice="notify",
                   dso_advice_note=HOSTILE_LONG, decided_by=HOSTILE_LONG,
                   decided_capacity=HOSTILE_LONG, diarienummer=HOSTILE_LONG)
    card = dso_incident_card("sv", view, notice=HOSTILE_LONG)
    assert size(card) < 25 * 1024
    prefilled = replace(view, justification="å" * 300, subjects_informed_reason="å" * 300,
                        late_reason="å" * 300, measures="å" * 300)
    for form_id in FORMS:
        assert size(form_for("sv", prefilled, form_id, notice=HOSTILE_LONG)) < 15 * 1024
    # Too long to pre-fill: the field stays empty and says the text is kept.
    decide = inputs(form_for("sv", view, "incident.decide"))
    assert "value" not in decide["justification"]
    assert decide["justification"]["placeholder"] == t("sv", "dialog.form.keep")


def test_the_list_puts_the_most_urgent_first_with_an_open_action():
    items = [sample_item(1, "in_review", 10), sample_item(2, "submitted", 80),
             sample_item(3, "notified_imy", 90), sample_item(4, "awaiting_reporter", 60)]
    card = incident_list_card("sv", items)
    refs = [n["text"][2:15] for n in walk(card)
            if n.get("type") == "TextBlock" and str(n.get("text", "")).startswith("**PUI")]
    assert refs == ["PUI-2026-0002", "PUI-2026-0004", "PUI-2026-0001", "PUI-2026-0003"]
    opens = [n["data"] for n in walk(card) if n.get("type") == "Action.Execute"]
    assert opens[0] == {"action": "incident.open", "incident": "inc-2"}
    shown = texts(card)
    assert t("sv", "dso.clock.overdue", span="8 tim") in shown
    assert t("sv", "dso.clock.left", span="2 dygn 14 tim") in shown


def test_an_empty_list_says_so():
    card = incident_list_card("en", [])
    assert t("en", "dso.list.empty") in texts(card)


@pytest.mark.parametrize("lang", LANGS)
def test_the_confirmation_says_what_happens_next(lang):
    card = reporter_confirmation_card(lang, reference="PUI-2026-0007", dso_name="Dina DSO",
                                      submitted_late=True, incident_id="inc-7", revision=1)
    shown = texts(card)
    assert "PUI-2026-0007" in shown and "Dina DSO" in shown
    for key in ("next_questions", "next_status", "no_forward", "follow", "late",
                "correct_until"):
        assert t(lang, f"dso.reporter.{key}") in shown
    # The reporter may correct the report until a DSO takes it.
    assert actions(card)["incident.correct_start"]["data"]["incident"] == "inc-7"
    plain = reporter_confirmation_card(lang, reference="PUI-2026-0007", dso_name=None,
                                       submitted_late=False, incident_id="inc-7", revision=1)
    assert t(lang, "dso.reporter.late") not in texts(plain)
    assert t(lang, "dso.reporter.next_dso_unnamed") in texts(plain)


def test_the_reporter_answers_the_dsos_question_in_place():
    card = reporter_question_card("sv", reference="PUI-2026-0007", incident_id="inc-7",
                                  question_id="q2", asked_by="Dina DSO", question=HOSTILE_TEXT)
    answer = inputs(card)["answer"]
    assert answer["isRequired"] and answer["isMultiline"]
    assert actions(card)["incident.reply"]["data"] == {
        "action": "incident.reply", "incident": "inc-7", "question": "q2"}
    assert "evil.example/login" not in texts(card)
    done = reporter_answered_card("sv", reference="PUI-2026-0007", question="Vem fick mejlet?",
                                  answer="En vårdnadshavare")
    assert not actions(done) and not inputs(done)
    assert "En vårdnadshavare" in texts(done)


@pytest.mark.parametrize("status", ["submitted", "in_review", "awaiting_reporter",
                                    "notified_imy", "not_notifiable", "closed"])
def test_every_status_has_plain_words_for_the_reporter(status):
    card = reporter_status_card("sv", reference="PUI-2026-0007", status=status)
    shown = texts(card)
    assert t("sv", f"incident.case_status.{status}") in shown
    assert t("sv", f"dso.reporter.status.{status}") in shown


def test_the_imy_card_reminds_that_the_notification_is_an_official_document():
    card = imy_text_card("en", reference="PUI-2026-0007", notification="Vad har hänt?\nX",
                         subjects_notice=None)
    shown = texts(card)
    assert t("en", "imy.card.official") in shown
    assert t("en", "imy.card.no_subjects") in shown
    assert not show_cards(card) and not inputs(card)


def test_the_list_shows_the_diarienummer_and_puts_near_misses_off_the_clock():
    items = [sample_item(1, "in_review", 10),
             sample_item(2, "submitted", 80, near_miss=True, diarienummer="BN 2026/12")]
    card = incident_list_card("sv", items)
    shown = texts(card)
    refs = [n["text"][2:15] for n in walk(card)
            if n.get("type") == "TextBlock" and str(n.get("text", "")).startswith("**PUI")]
    assert refs == ["PUI-2026-0001", "PUI-2026-0002"]  # the near miss is not overdue
    assert t("sv", "dso.list.near_miss") in shown and "BN 2026/12" in shown
    assert t("sv", "dso.clock.overdue", span="8 tim") not in shown
