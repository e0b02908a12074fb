"""Through the real Agents Playground: data subjects' rights (issue "Data-subject rights",
"Done means"): questions in plain words, a question the bot cannot answer relayed to
the DSO and back, and a request logged, extended and answered after the secrecy
assessment."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from features.rights.rules.clock import due
from i18n import t
from i18n.dates import long_date
from tests.e2e.harness import Playground, PlaygroundUser
from tests.e2e.test_playground_incidents import click_through

pytestmark = pytest.mark.e2e
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


def en(key: str, **params: object) -> str:
    return t("en", key, **params)


async def ask(person: PlaygroundUser, question: str) -> str:
    [answer] = [m for m in await person.send(question) if m.cards]
    return answer.shown_text


async def test_staff_questions_get_the_right_explanations_in_their_language(
    playground: Playground,
):
    sara, emma = await playground.user("sara"), await playground.user("emma")
    await sara.install()
    await emma.install()
    for question, topic in (("vill ha ut alla uppgifter ni har om mig", "access"),
                            ("kan ni radera min ansökan?", "erasure"),
                            ("får jag flytta mina uppgifter till en annan tjänst", "portability")):
        shown = await ask(sara, question)
        assert sv(f"rights.topic.{topic}.title") in shown, (question, shown[:300])
        assert sv(f"rights.topic.{topic}.staff") in shown
    shown = await ask(emma, "A resident invoked the right to be forgotten, what do we do?")
    assert en("rights.topic.erasure.title") in shown
    assert en("rights.explain.staff") in shown


async def test_a_question_the_bot_cannot_answer_goes_to_the_dso_and_back(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    await sara.install()
    question = "Måste vi lämna ut mejl där den som frågar bara nämns i förbigående?"
    [offer] = [m for m in await sara.send(f"rättigheter {question}") if m.cards]
    assert sv("rights.explainer.not_sure") in offer.shown_text
    await sara.click(sv("rights.action.send_to_dso"))
    assert sv("rights.question.sent") in offer.shown_text

    card = await dana.wait_for(lambda m: question in m.shown_text and bool(m.cards))
    answer = "Ja, om mejlet är en allmän handling; pröva sekretessen först."
    await dana.click(sv("rights.action.send_answer"), {"answer": answer})
    assert sv("rights.question.answer_sent") in card.shown_text
    back = await sara.wait_for(lambda m: answer in m.shown_text)
    assert sv("rights.question.asker_title") in back.shown_text


async def test_a_request_is_logged_extended_and_answered_after_the_secrecy_assessment(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    await sara.install()
    received = (datetime.now(STOCKHOLM) - timedelta(days=2)).date()
    assert [m for m in await sara.send("rättigheter") if m.cards]
    await sara.click(sv("rights.action.log"))
    await click_through(sara, answers={
        "rights": {"flow_value": "access"},
        "received": {"flow_date": received.isoformat(), "flow_time": ""},
        "channel": {"flow_value": "eservice"},
        "identity": {"flow_value": "not_yet"},
        "requester_ref": {"flow_value": "E-tjänst ärende 4711"},
        "handler": {"flow_value": "me"},
    })
    receipt = sara.messages[-1]
    await sara.click(sv("common.submit"))
    reference = re.search(r"REG-\d{4}-\d{4}", receipt.shown_text).group()
    deadline = long_date(due(received).due, "sv")
    assert sv("rights.logged", reference=reference, due=deadline) in receipt.shown_text

    card = await dana.wait_for(lambda m: reference in m.shown_text and bool(m.cards))
    today = datetime.now(STOCKHOLM).date().isoformat()
    await dana.click(sv("rights.action.extend"))
    await dana.click(sv("rights.action.extend"), {
        "further_months": "1", "extension_reason": "Uppgifterna finns i fem system.",
        "extension_told_on": today})
    assert sv("rights.done.extended") in card.shown_text
    assert sv("rights.clock.extended", months=1) in card.shown_text

    await dana.click(sv("rights.action.identity"))
    await dana.click(sv("rights.action.save"), {"identity_method": "e_id",
                                                "identity_verified_on": today})
    await dana.click(sv("rights.action.answer"))
    await dana.click(sv("rights.action.close_answered"), {"outcome": "granted",
                                                          "answered_on": today})
    assert sv("rights.missing.secrecy") in card.shown_text  # the checkpoint comes first
    await dana.click(sv("common.cancel"))
    await dana.click(sv("rights.action.secrecy"))
    await dana.click(sv("rights.action.save"), {"secrecy_result": "no_secrecy",
                                                "secrecy_by": "Dana Dataskyddsombud",
                                                "secrecy_on": today})
    await dana.click(sv("rights.action.answer"))
    await dana.click(sv("rights.action.close_answered"), {"outcome": "granted",
                                                          "answered_on": today})
    assert sv("rights.done.answered", reference=reference) in card.shown_text
    cases = (await sara.send("mina ärenden"))[-1].shown_text
    assert reference in cases and sv("rights.status.answered") in cases
