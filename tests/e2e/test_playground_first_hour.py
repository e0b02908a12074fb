"""Through the real Agents Playground: what the first hour showed (issue "What staff
and the DSO hit in their first hour", "Done means")."""

from __future__ import annotations

import json
import re

import pytest

from cards.safe import inert
from i18n import t
from tests.e2e.harness import Playground, find_action, input_values
from tests.e2e.test_playground_incidents import (
    alert_for,
    click_through,
    report_by_clicking,
    start_report_by_button,
)
from tests.features.incidents.steps import clicked_inputs

pytestmark = pytest.mark.e2e
DESCRIPTION = ("Ett mejl med elevernas omdömen och närvaro skickades till fel klass. " * 30)[:1500]
DECIDER = {"decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef enligt delegationsordning"}


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


async def test_the_dso_reads_a_long_report_in_full_and_sees_a_refusal_by_the_form(
    playground: Playground,
):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    answers = clicked_inputs()
    answers["description"] = {"flow_value": DESCRIPTION}
    reference = await report_by_clicking(sara, answers)
    alert = await dana.wait_for(alert_for(reference))

    await dana.click(sv("dso.action.case_file"))
    whole = alert.shown_text
    while find_action(alert.cards[-1], sv("dso.case.next")) is not None:
        await dana.click(sv("dso.case.next"))
        whole += alert.shown_text
    assert inert(DESCRIPTION, None) in whole  # all 1,500 characters
    await dana.click(sv("dso.case.back"))

    await dana.click(sv("dso.action.decide"))
    await dana.click(sv("dso.action.save"), {"decision": "not_notifiable", **DECIDER})
    form = alert.cards[-1]
    shown = alert.shown_text
    # The refusal is on the form's own card, right above the inputs, which keep what
    # was entered.
    assert inert(sv("handling.decision_needs_justification")) in shown
    assert input_values(form)["decided_by"] == "Eva Ek"
    order = [n for n in form["body"] if n.get("type") != "FactSet"]
    notice = next(i for i, n in enumerate(order) if n.get("style") == "warning")
    first_input = next(i for i, n in enumerate(order) if str(n.get("type")).startswith("Input"))
    assert notice < first_input


async def test_sara_answers_the_dsos_question_by_typing(playground: Playground):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    reference = await report_by_clicking(sara)
    await dana.wait_for(alert_for(reference))
    await dana.click(sv("dso.action.ask"))
    await dana.click(sv("dso.action.send"), {"question": "Vilka elever fick mejlet?"})
    await sara.wait_for(lambda m: "Vilka elever fick mejlet?" in m.shown_text)

    replies = await sara.send("Klass 7B, ungefär 25 elever.")
    offer = replies[-1]
    assert sv("dso.reporter.typed_offer") in offer.shown_text
    assert input_values(offer.cards[-1])["answer"] == "Klass 7B, ungefär 25 elever."
    await sara.click(sv("dso.reporter.send"))
    assert sv("dso.reporter.answered_thanks") in offer.shown_text
    told = await dana.wait_for(lambda m: "Klass 7B" in m.shown_text)
    assert "Klass 7B" in told.shown_text


async def test_a_double_clicked_send_shows_the_receipt_twice(playground: Playground):
    dana, sara = await playground.user("dana"), await playground.user("sara")
    await dana.install()
    await start_report_by_button(sara)
    await click_through(sara)
    summary = sara.messages[-1]
    send = find_action(summary.cards[-1], sv("common.submit"))
    assert send is not None

    await sara.click(sv("common.submit"))  # the first click: the summary becomes the receipt
    reference = re.search(r"PUI-\d{4}-\d{4}", summary.shown_text).group()
    # The second click on the same button, as Teams sends it when the card had not yet
    # been replaced on the screen.
    again = await sara.click_again(summary, send)

    shown = json.dumps(again, ensure_ascii=False)
    assert reference in shown and sv("dso.reporter.thanks") in shown
    cases = (await sara.send("mina ärenden"))[-1].shown_text
    assert len(re.findall(r"PUI-\d{4}-\d{4}", cases)) == 1
