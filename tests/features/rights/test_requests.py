"""A data subject's request, logged and handled in chat as its users would do it: staff
log it, the DSO is told, the clock is kept (and extended only within the rules), the
checkpoints come before the answer, and every refusal is audited."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cards.safe import inert
from i18n import t
from storage.models import AuditEntry, RightsRequest, RightsRequestEvent
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Received Wednesday 14 January 2026; one month is Saturday 14 February, so the
# answer is due Monday 16 February 2026.
RECEIVED = "2026-01-14"
NOW = datetime(2026, 1, 20, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def log_request(desk: Desk, who: Any, *, rights: str = "2", handler: str = "1",
                      received: str = RECEIVED, extra: tuple[str, ...] = ()) -> dict:
    """Sara's way: the button, then typed answers, then "skicka"; the receipt card."""
    started = await desk.press(who, {"action": "flow.start", "flow": "rights_log"})
    assert started.messages or started.replace_card
    for text in (rights, received, "e-post", "1", "E-tjänst ärende 4711", "hoppa över",
                 handler, *extra):
        await desk.say(who, text)
    [receipt] = (await desk.say(who, "skicka")).messages
    return receipt


async def stored(desk: Desk) -> list[RightsRequest]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(RightsRequest)
                                          .order_by(RightsRequest.reference)))


async def refusals(desk: Desk, action: str) -> list[AuditEntry]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(AuditEntry).where(
            AuditEntry.action.like("rights_request.refused.%"),
            AuditEntry.detail["card_action"].as_string() == action)))


async def press_on(desk: Desk, who: Any, card: dict, action: str, **inputs: Any) -> Any:
    return await desk.press(who, {**action_named(card, action)["data"], **inputs})


async def form(desk: Desk, who: Any, card: dict, form_id: str) -> dict:
    button = next(a for a in _actions(card) if a["data"].get("form") == form_id)
    return (await desk.press(who, button["data"])).replace_card


def _actions(card: dict) -> list[dict]:
    from tests.support.cards import actions_of

    return actions_of(card)


async def test_staff_log_a_request_and_the_dso_gets_it_with_its_deadline(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    receipt = await log_request(desk, sara)
    shown = texts_of_card(receipt)
    assert t("sv", "rights.logged", reference="REG-2026-0001",
             due="måndag 16 februari 2026") in shown
    # Why the day moved is said in words, so nobody recounts it by hand.
    assert "14 februari 2026 är en lördag" in shown
    [request] = await stored(desk)
    assert (request.received_on, request.due_on, request.status) == (
        date(2026, 1, 14), date(2026, 2, 16), "received")
    assert request.rights == ["access"] and request.channel == "email"
    assert request.handler_person_id == sara.who.person_id
    told = desk.notifier.to(dana.who.person_id)
    assert t("sv", "rights.told.logged", reference="REG-2026-0001") in told
    card = next(m for m in told if isinstance(m, dict))
    assert "REG-2026-0001" in texts_of_card(card)
    assert action_named(card, "rights.form_start")  # the DSO's buttons


async def test_an_extension_is_refused_when_the_person_was_told_too_late(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara)
    [request] = await stored(desk)
    dana.clock = fixed_clock(datetime(2026, 2, 20, 9, 0, tzinfo=STOCKHOLM))  # a month on
    card = (await desk.press(dana, {"action": "rights.open",
                                    "rights_request": str(request.id)})).replace_card
    extend = await form(desk, dana, card, "rights.extend")
    answer = await press_on(desk, dana, extend, "rights.extend", further_months="2",
                            extension_reason="Många handlingar i flera system.",
                            extension_told_on="2026-02-17")
    again = answer.replace_card
    shown = texts_of_card(again)
    assert t("sv", "rights.extension.told_too_late") in shown
    assert "Många handlingar i flera system." in str(again)  # what was typed is kept
    [unchanged] = await stored(desk)
    assert (unchanged.due_on, unchanged.further_months) == (date(2026, 2, 16), 0)


async def test_an_extension_told_within_the_first_month_moves_the_deadline(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara)
    [request] = await stored(desk)
    card = (await desk.press(dana, {"action": "rights.open",
                                    "rights_request": str(request.id)})).replace_card
    extend = await form(desk, dana, card, "rights.extend")
    done = (await press_on(desk, dana, extend, "rights.extend", further_months="2",
                           extension_reason="Många handlingar i flera system.",
                           extension_told_on="2026-01-19")).replace_card
    # Received 14 January 2026 + three months = Tuesday 14 April 2026.
    assert t("sv", "rights.clock.due", due="tisdag 14 april 2026") in texts_of_card(done)
    [extended] = await stored(desk)
    assert (extended.due_on, extended.further_months) == (date(2026, 4, 14), 2)
    async with desk.db.session(readonly=True) as session:
        [event] = list(await session.scalars(select(RightsRequestEvent).where(
            RightsRequestEvent.kind == "extended")))
    assert event.data["changes"]["due_on"] == {"old": "2026-02-16", "new": "2026-04-14"}


async def test_access_is_answered_only_after_identity_and_the_secrecy_assessment(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara)
    [request] = await stored(desk)
    card = (await desk.press(sara, {"action": "rights.open",
                                    "rights_request": str(request.id)})).replace_card
    answer_form = await form(desk, sara, card, "rights.answer")
    refused = (await press_on(desk, sara, answer_form, "rights.answer", outcome="granted",
                              answered_on="2026-01-20")).replace_card
    shown = texts_of_card(refused)
    assert t("sv", "rights.missing.identity") in shown
    assert t("sv", "rights.missing.secrecy") in shown

    identity = await form(desk, sara, card, "rights.identity")
    card = (await press_on(desk, sara, identity, "rights.identity",
                           identity_method="e_id", identity_verified_on="2026-01-19")
            ).replace_card
    secrecy = await form(desk, sara, card, "rights.secrecy")
    card = (await press_on(desk, sara, secrecy, "rights.secrecy",
                           secrecy_result="no_secrecy", secrecy_by="Eva Ek, registrator",
                           secrecy_on="2026-01-20")).replace_card
    answer_form = await form(desk, sara, card, "rights.answer")
    closed = (await press_on(desk, sara, answer_form, "rights.answer", outcome="granted",
                             answered_on="2026-01-20")).replace_card
    assert t("sv", "rights.done.answered", reference="REG-2026-0001") in texts_of_card(closed)
    [answered] = await stored(desk)
    assert (answered.status, answered.outcome, answered.answered_on) == (
        "answered", "granted", date(2026, 1, 20))
    assert t("sv", "rights.told.answered", reference="REG-2026-0001") in \
        desk.notifier.to(dana.who.person_id)

    # The same button again (a second device): nothing new, and it says so.
    again = (await press_on(desk, sara, answer_form, "rights.answer", outcome="refused",
                            answered_on="2026-01-20")).replace_card
    assert t("sv", "rights.already.answered") in texts_of_card(again)
    [still] = await stored(desk)
    assert still.outcome == "granted"


async def test_a_refusal_needs_its_reasons_and_the_appeal_information(desk):
    await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara, rights="4")  # erasure
    [request] = await stored(desk)
    card = (await desk.press(sara, {"action": "rights.open",
                                    "rights_request": str(request.id)})).replace_card
    answer_form = await form(desk, sara, card, "rights.answer")
    refused = (await press_on(desk, sara, answer_form, "rights.answer", outcome="refused",
                              answered_on="2026-01-20")).replace_card
    shown = texts_of_card(refused)
    assert t("sv", "rights.missing.reason") in shown and t("sv", "rights.missing.appeal") in shown
    closed = (await press_on(desk, sara, refused, "rights.answer", outcome="refused",
                             answered_on="2026-01-20", appeal_info_given="yes",
                             outcome_reason="Handlingarna ska bevaras enligt arkivlagen.")
              ).replace_card
    assert t("sv", "rights.done.answered", reference="REG-2026-0001") in texts_of_card(closed)


async def test_someone_else_cannot_act_on_the_request_and_the_refusal_is_audited(desk):
    await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    erik = await desk.person("Erik Ek")
    await log_request(desk, sara)
    [request] = await stored(desk)
    answer = await desk.press(erik, {"action": "rights.answer", "rights_request": str(
        request.id), "rev": request.revision, "outcome": "no_data",
        "answered_on": "2026-01-20"})
    assert answer.messages == [t("sv", "rights.not_allowed")]
    looked = await desk.press(erik, {"action": "rights.open", "rights_request": str(request.id)})
    assert looked.messages == [t("sv", "rights.not_allowed")]
    assert await refusals(desk, "rights.answer")
    [unchanged] = await stored(desk)
    assert unchanged.status == "received"
    forged = await desk.press(erik, {"action": "rights.open", "rights_request": str(uuid.uuid4())})
    assert forged.messages == [t("sv", "rights.not_found")]


async def test_the_dso_sees_open_requests_the_most_urgent_first(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara, received="2026-01-19")  # due Thursday 19 February
    await log_request(desk, sara, received="2026-01-02")  # due Monday 2 February
    [listed] = (await desk.say(dana, "begäranden")).messages
    shown = texts_of_card(listed)
    assert shown.index("REG-2026-0002") < shown.index("REG-2026-0001")
    assert "måndag 2 februari 2026" in shown
    mine = texts_of_card((await desk.say(sara, "mina ärenden")).messages[0])
    assert "REG-2026-0001" in mine and "REG-2026-0002" in mine
    typed = (await desk.say(sara, "REG-2026-0002")).messages[0]
    assert "REG-2026-0002" in texts_of_card(typed)
    staff = (await desk.say(sara, "begäranden")).messages
    assert "REG-2026" not in str(staff)


async def test_the_dso_names_a_handler_who_is_told_and_the_history_names_them(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    await log_request(desk, sara, handler="3")  # "the DSO assigns it"
    [request] = await stored(desk)
    assert request.handler_person_id is None
    card = (await desk.press(dana, {"action": "rights.open",
                                    "rights_request": str(request.id)})).replace_card
    named = await form(desk, dana, card, "rights.handler")
    bad = (await press_on(desk, dana, named, "rights.handler",
                          handler_email="inte en adress")).replace_card
    assert t("sv", "dialog.form.email") in texts_of_card(bad)
    await press_on(desk, dana, bad, "rights.handler", handler_email="Olle.Ek@BN.example")
    [assigned] = await stored(desk)
    assert assigned.handler_person_id is not None
    told = desk.notifier.to(assigned.handler_person_id)
    assert t("sv", "rights.told.handler", reference="REG-2026-0001") in told
    history = (await desk.press(dana, {"action": "rights.history",
                                       "rights_request": str(request.id)})).replace_card
    assert inert("olle.ek@bn.example") in texts_of_card(history)  # shown, never a link
