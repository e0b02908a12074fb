"""Asking about rights in chat: a typed question gets its topic (and why), anything the
bot is not sure of goes to the DSO once, and the DSO's answer comes back and is kept."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from i18n import t
from storage.models import AuditEntry, RightsQuestion
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk, fixed_clock

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
UNSURE = "Måste vi lämna ut mejl där den som frågar bara nämns i förbigående?"


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def questions(desk: Desk) -> list[RightsQuestion]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(RightsQuestion)))


async def test_a_typed_question_gets_its_topic_and_why(desk):
    sara = await desk.person("Sara Svensson")
    [card] = (await desk.say(sara, "Någon vill ha ett registerutdrag, vad gör jag?")).messages
    shown = texts_of_card(card)
    assert t("sv", "rights.topic.access.title") in shown
    assert t("sv", "rights.topic.access.staff") in shown
    assert "registerutdrag" in shown  # the word that decided is shown back
    emma = await desk.person("Emma Carter", locale="en")
    [card] = (await desk.say(emma, "can they make us delete everything? right to be "
                                   "forgotten")).messages
    assert t("en", "rights.topic.erasure.title") in texts_of_card(card)


async def test_an_ordinary_message_is_not_taken_for_a_rights_question(desk):
    sara = await desk.person("Sara Svensson")
    [card] = (await desk.say(sara, "hur bokar jag ett mötesrum")).messages
    assert t("sv", "rights.explain.ask_title") not in texts_of_card(card)


async def test_an_unsure_question_goes_to_the_dso_once_and_the_answer_comes_back(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    [offer] = (await desk.say(sara, f"rättigheter {UNSURE}")).messages
    assert t("sv", "rights.explainer.not_sure") in texts_of_card(offer)
    send = action_named(offer, "rights.ask_dso")["data"]
    receipt = (await desk.press(sara, {**send, "question": UNSURE})).replace_card
    assert t("sv", "rights.question.sent") in texts_of_card(receipt)
    again = (await desk.press(sara, {**send, "question": UNSURE})).replace_card  # double click
    assert UNSURE in texts_of_card(again)
    [question] = await questions(desk)
    assert (question.question, question.status) == (UNSURE, "open")

    told = desk.notifier.to(dana.who.person_id)
    assert t("sv", "rights.told.question") in told
    card = next(m for m in told if isinstance(m, dict))
    assert UNSURE in texts_of_card(card)
    answer = "Ja, om mejlet är en allmän handling; pröva sekretessen först."
    reply = action_named(card, "rights.dso_answer")["data"]
    done = (await desk.press(dana, {**reply, "answer": answer})).replace_card
    assert t("sv", "rights.question.answer_sent") in texts_of_card(done)
    back = desk.notifier.to(sara.who.person_id)[-1]
    assert answer in texts_of_card(back) and UNSURE in texts_of_card(back)
    [kept] = await questions(desk)
    assert (kept.status, kept.answer, kept.answered_by_person_id) == (
        "answered", answer, dana.who.person_id)
    # A second answer on the same card changes nothing.
    second = (await desk.press(dana, {**reply, "answer": "Något annat"})).replace_card
    assert t("sv", "rights.question.already_answered") in texts_of_card(second)


async def test_only_a_dso_answers_and_a_refusal_is_audited(desk):
    await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    erik = await desk.person("Erik Ek")
    [offer] = (await desk.say(sara, f"rättigheter {UNSURE}")).messages
    await desk.press(sara, {**action_named(offer, "rights.ask_dso")["data"], "question": UNSURE})
    [question] = await questions(desk)
    answer = await desk.press(erik, {"action": "rights.dso_answer",
                                     "rights_question": str(question.id), "rev": 1,
                                     "answer": "Nej."})
    assert answer.messages == [t("sv", "rights.not_allowed")]
    async with desk.db.session(readonly=True) as session:
        refused = list(await session.scalars(select(AuditEntry).where(
            AuditEntry.action.like("rights_question.refused.%"))))
    assert refused
    [unchanged] = await questions(desk)
    assert unchanged.status == "open"


async def test_a_question_with_an_identity_number_is_held_back_until_the_asker_decides(desk):
    await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    [offer] = (await desk.say(sara, f"rättigheter {UNSURE}")).messages
    typed = "Gäller 19121212-1212, måste vi lämna ut allt?"
    asked = (await desk.press(sara, {**action_named(offer, "rights.ask_dso")["data"],
                                     "question": typed})).replace_card
    assert t("sv", "dialog.form.pii_choice") in texts_of_card(asked)
    assert await questions(desk) == []
    masked = (await desk.press(sara, {**action_named(asked, "rights.ask_dso")["data"],
                                      "question": typed, "pii_choice": "mask"})).replace_card
    assert t("sv", "rights.question.sent") in texts_of_card(masked)
    [question] = await questions(desk)
    assert "19121212-1212" not in question.question


async def test_a_question_beginning_with_the_word_for_a_request_is_still_a_question(desk):
    sara = await desk.person("Sara Svensson")
    [card] = (await desk.say(sara, "begäran om registerutdrag, vad gör jag nu?")).messages
    assert t("sv", "rights.topic.access.title") in texts_of_card(card)
    [typed] = (await desk.say(sara, "REG-2026-0042")).messages
    assert typed == t("sv", "rights.not_found")
