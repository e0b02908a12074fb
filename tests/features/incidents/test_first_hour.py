"""What staff and the DSO hit in their first hour, each as they would say it.

(Group-chat privacy and greetings: tests/chat/test_group_privacy.py; names:
tests/compliance/test_pii_names.py; typing dates and decimals: tests/dialogs;
where things sit on a card: tests/cards/test_card_layout.py.)
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cards.safe import ZWSP, inert
from features.incidents.cards.imy import imy_text_card
from features.incidents.cards.samples import CONTROLLER, sample_owned
from features.incidents.imy_text import imy_notification_text
from features.incidents.letter import subjects_notice_text
from i18n import t
from tests.features.incidents.steps import case_file_text, form_data, report_at_the_desk
from tests.support.cards import action_named, action_where, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def _filed(desk: Desk, **typed: str):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    receipt = await report_at_the_desk(desk, stina, **typed)
    cards = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    return dana, stina, receipt, (cards[-1] if cards else None)


def _incident_of(card: dict) -> str:
    return next(a["data"]["incident"] for a in _actions(card) if "incident" in a["data"])


def _actions(card: dict) -> list[dict]:
    from tests.support.cards import actions_of

    return [a for a in actions_of(card) if a.get("data")]


async def test_the_dso_reads_a_1500_character_report_in_full_with_the_whole_history(desk):
    description = ("Ett mejl med elevernas omdömen skickades till fel klass. " * 30)[:1500]
    dana, _, _, alert = await _filed(desk, description=description)
    incident = _incident_of(alert)
    for n in range(40):  # a long history
        await desk.press(dana, {**form_data(
            (await desk.press(dana, {"action": "incident.open", "incident": incident}))
            .replace_card, "incident.measures"), "measures": f"Åtgärd nummer {n}."})

    async def press(data: dict) -> dict:
        return (await desk.press(dana, data)).replace_card

    whole = await case_file_text(press, incident)
    assert inert(description, None) in whole  # every character, nothing cut
    assert whole.count(t("sv", "dso.event.measures_recorded", who="Dana Dataskyddsombud")) == 40
    assert t("sv", "dso.event.submitted", who="Stina Skola") in whole
    # The alert itself stays short: it says nothing about text "kept elsewhere".
    assert len(json.dumps(alert, ensure_ascii=False)) < 12_000


async def test_sending_a_report_twice_shows_the_same_receipt_twice(desk):
    stina = await desk.person("Stina Skola")
    await desk.person("Dana Dataskyddsombud", "dso")
    answer = await desk.say(stina, "rapportera incident")
    [card] = answer.messages
    from tests.features.incidents.steps import TYPED, step_of

    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        card = (await desk.say(stina, TYPED[step])).messages[0]
    submit = action_named(card, "flow.submit")["data"]

    first = (await desk.press(stina, submit)).replace_card
    second = (await desk.press(stina, submit)).replace_card  # the double click

    reference = re.search(r"PUI-\d{4}-\d{4}", texts_of_card(first)).group()
    assert reference in texts_of_card(second)
    assert t("sv", "dso.reporter.thanks") in texts_of_card(second)
    async with desk.db.session(readonly=True) as session:
        from features.incidents.repo import IncidentRepository

        assert len(await IncidentRepository(session).for_organisation(
            desk.organisation_id)) == 1


async def test_a_typed_message_while_the_dso_asks_is_offered_as_the_answer(desk):
    dana, stina, _, alert = await _filed(desk)
    await desk.press(dana, {**form_data(alert, "incident.ask"),
                            "question": "Vilka elever fick mejlet?"})

    offered = (await desk.say(stina, "Klass 7B, ungefär 25 elever.")).messages[0]

    shown = texts_of_card(offered)
    assert "Vilka elever fick mejlet?" in shown  # the question it would answer
    assert t("sv", "dso.reporter.typed_offer") in shown
    send = action_named(offered, "incident.reply")["data"]
    done = (await desk.press(stina, {**send, "answer": "Klass 7B, ungefär 25 elever."}))
    assert "Klass 7B" in texts_of_card(done.replace_card)


async def test_a_typed_answer_with_a_personnummer_is_shown_as_the_dso_would_see_it(desk):
    dana, stina, _, alert = await _filed(desk)
    await desk.press(dana, {**form_data(alert, "incident.ask"), "question": "Vem gällde det?"})

    offered = (await desk.say(stina, "Det gällde 811218-9876.")).messages[0]

    assert "pii_choice" in json.dumps(offered)  # hide or keep, before anything is sent
    assert t("sv", "dialog.pii.kinds.personnummer") in texts_of_card(offered)


async def test_without_an_open_question_a_typed_message_is_not_taken_as_an_answer(desk):
    _, stina, _, _ = await _filed(desk)
    [card] = (await desk.say(stina, "Klass 7B")).messages
    assert t("sv", "help.title") in texts_of_card(card)


async def test_the_receipt_is_honest_when_the_organisation_has_no_dso(desk):
    stina = await desk.person("Stina Skola")
    shown = texts_of_card(await report_at_the_desk(desk, stina))
    assert t("sv", "dso.reporter.next_unreached") in shown
    assert t("sv", "dso.reporter.next_dso_unnamed") not in shown


async def test_an_alert_that_cannot_be_delivered_shows_on_the_dsos_card(desk):
    # The alert is queued with the report; Teams then refuses it for good (blocked).
    desk.notifier.reachable = False
    dana, _, receipt, alert = await _filed(desk)
    assert alert is None
    assert t("sv", "dso.reporter.next_dso", name="Dana Dataskyddsombud") in texts_of_card(receipt)
    desk.notifier.reachable = True
    listed = await desk.say(dana, "incidenter")
    incident = next(a["data"]["incident"] for m in listed.messages if isinstance(m, dict)
                    for a in _actions(m) if "incident" in a.get("data", {}))
    opened = await desk.press(dana, {"action": "incident.open", "incident": incident})
    assert t("sv", "dso.alert_failed") in texts_of_card(opened.replace_card)


async def test_an_adjustment_is_written_in_words_and_swedish_numbers(desk):
    dana, _, _, alert = await _filed(desk)
    await desk.press(dana, {**form_data(alert, "incident.adjust"), "factor": "confidentiality",
                            "value": "0,25", "reason": "Mottagaren är känd."})
    card = (await desk.press(dana, {"action": "incident.open",
                                    "incident": _incident_of(alert)})).replace_card
    shown = texts_of_card(card)
    assert "confidentiality=0.25" not in shown
    assert t("sv", "dso.event.severity_adjusted_with", who="Dana Dataskyddsombud",
             factor=t("sv", "incident.severity.factor.confidentiality"), value="0,25") in shown


async def test_closing_asks_first_and_a_closed_case_is_listed_and_reopened_with_a_reason(desk):
    dana, _, _, alert = await _filed(desk, event="tillbud")
    incident = _incident_of(alert)
    asked = (await desk.press(dana, action_where(alert, action="incident.form",
                                                 form="incident.close")["data"])).replace_card
    assert t("sv", "dso.form.close_intro") in texts_of_card(asked)  # nothing closed yet
    await desk.press(dana, action_named(asked, "incident.close")["data"])

    [listing] = (await desk.say(dana, "incidenter stängda")).messages
    assert t("sv", "dso.list.closed_title") in texts_of_card(listing)
    reference = re.search(r"PUI-\d{4}-\d{4}", texts_of_card(listing)).group()
    [open_list] = (await desk.say(dana, "incidenter")).messages
    assert reference not in texts_of_card(open_list)

    card = (await desk.press(dana, {"action": "incident.open", "incident": incident}))
    refused = await desk.press(dana, {**form_data(card.replace_card, "incident.reopen")})
    assert inert(t("sv", "dso.form.reopen_reason_error")) in texts_of_card(
        refused.replace_card) or t("sv", "dialog.error.required") in texts_of_card(
        refused.replace_card)
    await desk.press(dana, {**form_data(card.replace_card, "incident.reopen"),
                            "reason": "Nya uppgifter: mejlet nådde ändå en extern mottagare."})
    [open_list] = (await desk.say(dana, "incidenter")).messages
    assert reference in texts_of_card(open_list)


async def test_a_reference_typed_alone_opens_that_incident(desk):
    dana, _, _, alert = await _filed(desk)
    reference = re.search(r"PUI-\d{4}-\d{4}", texts_of_card(alert)).group()
    [card] = (await desk.say(dana, reference)).messages
    assert t("sv", "dso.title", reference=reference) in texts_of_card(card)
    [nothing] = (await desk.say(dana, "PUI-2026-9999")).messages
    assert nothing == t("sv", "handling.not_found_lookup")  # a look-up changes nothing anyway


async def test_the_dso_is_not_told_who_their_own_dso_is(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    from chat.platform.welcome import welcome_for

    card = await welcome_for(desk.db, desk.registry, dana.who)
    shown = texts_of_card(card)
    assert t("sv", "welcome.you_are_dso") in shown
    assert "Dana Dataskyddsombud" not in shown.replace(t("sv", "welcome.title",
                                                         name="Dana Dataskyddsombud"), "")


def test_the_imy_text_copies_clean_each_label_on_its_own_line():
    view = sample_owned("sv", answers={
        "description": "Ett mejl (med bilaga) till fel adress, se www.skolan.example.",
        "measures": "Mottagaren har raderat mejlet.", "unit": "Skolan", "other_info": "Inget.",
        "processor_name": "IT-bolaget AB", "system": {"id": None, "label": "Skolportalen"}},
        measures="Vi har bett mottagaren radera mejlet.")
    notification = imy_notification_text(view, CONTROLLER)
    card = imy_text_card("sv", reference=view.reference, notification=notification,
                         subjects_notice=subjects_notice_text(view, CONTROLLER, "sv"))
    runs = [i for n in card["body"] for c in [n, *n.get("items", [])]
            if c.get("type") == "RichTextBlock" for i in c["inlines"]]
    copied = "\n".join(r["text"] for r in runs)
    assert ZWSP not in copied and "\\" not in copied  # no invisible marks, no escapes
    assert "Ett mejl (med bilaga) till fel adress, se www.skolan.example." in copied
    assert "dso@kommun.example" in copied  # our own DSO's address, plain
    labels = [r["text"] for r in runs if r.get("weight") == "Bolder"]
    assert len(labels) >= 10  # each label a line of its own, in bold
    assert all("\n" not in r["text"] for r in runs)


def test_the_letter_never_holds_internal_option_labels():
    for answers in ({"breach_type": "unsure", "data_categories": ["other"],
                     "recipients": "unknown_or_many"},
                    {"breach_type": "misdirected", "data_categories": ["identity_numbers"],
                     "recipients": "known_other", "retrieval": "unknown"}):
        view = sample_owned("sv", answers=answers)
        for lang in ("sv", "en"):
            letter = subjects_notice_text(view, CONTROLLER, lang)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", letter), letter


async def test_a_name_kept_in_the_description_stays_out_of_lists(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    start = (await desk.say(stina, "rapportera incident")).messages[0]
    from tests.features.incidents.steps import TYPED, step_of

    card = start
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        said = "Journalanteckning om Lisa Berg skickades fel." if step == "description" \
            else TYPED[step]
        card = (await desk.say(stina, said)).messages[0]
        if step == "description":
            # The guard points the name out; Stina keeps it on purpose.
            assert t("sv", "dialog.pii.kinds.name") in texts_of_card(card)
            card = (await desk.press(stina, action_named(card, "flow.pii_keep")["data"])
                    ).replace_card
    await desk.say(stina, "skicka")

    [mine] = (await desk.say(stina, "mina ärenden")).messages
    [listing] = (await desk.say(dana, "incidenter")).messages
    for shown in (texts_of_card(mine), texts_of_card(listing)):
        assert "Lisa Berg" not in shown and "[namn]" in shown.replace("\\", "")
