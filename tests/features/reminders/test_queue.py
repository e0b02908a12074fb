"""The queue on the DSO's card: counts over 30 days, each message that did not arrive
with what to do about it in words, "resend" that queues it again (once, audited, only
in the DSO's own organisation), and the operator's `dsobot reminders list` lines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from features.reminders.queue import queue_lines
from i18n import t
from storage.errors import InvalidInput
from storage.models import AuditEntry, OutboxAttempt, OutboxMessage, OutboxState, utcnow
from storage.repos import OutboxRepository
from tests.support.cards import action_where, nodes_of, texts_of_card
from tests.support.handler import Desk


@pytest.fixture
async def desk(db, registry) -> Desk:
    return await Desk.open(db, registry)


async def lost(desk: Desk, person_id: int, *, kind: str = "incident.alert",
               state: str = "undeliverable", error: str | None = None,
               outcome: str | None = None, org: int | None = None) -> int:
    """A message the dispatcher gave up on, as it leaves one."""
    async with desk.db.session() as session:
        outbox = OutboxRepository(session)
        await outbox.enqueue(person_id=person_id, message={"type": "AdaptiveCard"}, kind=kind,
                             organisation_id=org or desk.organisation_id)
        row = await session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        await session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
            state=state, last_error=error, attempts=5))
        if outcome:
            session.add(OutboxAttempt(message_id=row.id, outcome=outcome, at=utcnow()))
        return row.id


async def overview(desk: Desk, who) -> dict:
    [card] = (await desk.say(who, "påminnelser")).messages
    return card


@pytest.mark.parametrize("error,advice", [
    ("blocked", "reminders.advice.blocked"),
    ("not_installed", "reminders.advice.not_installed"),
    ("gone", "reminders.advice.gone"),
    ("too_large", "reminders.advice.too_large"),
    ("refused", "reminders.advice.refused"),
])
async def test_each_undeliverable_message_says_what_to_do(desk, error, advice):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    await lost(desk, olle.who.person_id, error=error)
    shown = texts_of_card(await overview(desk, dana))
    assert t("sv", advice, name="Olle Olsson") in shown
    assert t("sv", "reminders.kind.incident_alert") in shown
    assert "Olle Olsson" in shown


async def test_the_blocked_wording_names_the_person_and_the_way_out(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    await lost(desk, olle.who.person_id, error="blocked")
    shown = texts_of_card(await overview(desk, dana))
    assert "Olle Olsson har blockerat boten eller tagit bort den" in shown
    assert "öppna boten i Teams" in shown


async def test_a_failed_message_offers_to_be_sent_again(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    await lost(desk, olle.who.person_id, state="failed", error="http 503",
               kind="reminder.unfinished_drafts")
    card = await overview(desk, dana)
    shown = texts_of_card(card)
    assert t("sv", "reminders.advice.failed", name="Olle Olsson") in shown
    assert t("sv", "reminders.kind.reminder",
             name=t("sv", "reminders.policy.unfinished_drafts")) in shown
    assert t("sv", "reminders.queue.resend") in shown


async def test_the_reason_is_read_from_the_last_attempt_when_no_error_was_written(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    # As the test dispatcher leaves a message to someone unreachable: no error code,
    # only the attempt's outcome.
    await lost(desk, olle.who.person_id, error=None, outcome="blocked")
    assert t("sv", "reminders.advice.blocked", name="Olle Olsson") in texts_of_card(
        await overview(desk, dana))


async def test_the_queue_is_counted_over_thirty_days(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    await lost(desk, olle.who.person_id, error="gone")
    await lost(desk, olle.who.person_id, state="failed", error="http 500")
    old = await lost(desk, olle.who.person_id, error="blocked")
    async with desk.db.session() as session:
        await session.execute(update(OutboxMessage).where(OutboxMessage.id == old).values(
            created_at=utcnow() - timedelta(days=31)))
        await OutboxRepository(session).enqueue(person_id=olle.who.person_id, message="hej",
                                                kind="chat.private_offer",
                                                organisation_id=desk.organisation_id,
                                                due_at=utcnow() + timedelta(days=1))
    card = await overview(desk, dana)
    facts = {f["title"]: f["value"] for f in _facts(card)}
    assert facts[t("sv", "reminders.queue.undeliverable")] == "1"
    assert facts[t("sv", "reminders.queue.failed")] == "1"
    assert facts[t("sv", "reminders.queue.queued")] == "1"
    # The one older than 30 days is not listed.
    resends = [n for n in nodes_of(card) if n.get("type") == "Action.Execute"
               and n["data"]["action"] == "reminders.resend"]
    assert len(resends) == 2


def _facts(card: dict) -> list[dict]:
    return [f for node in nodes_of(card) if node.get("type") == "FactSet"
            for f in node["facts"]]


async def test_resend_queues_the_message_again_once_and_is_audited(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    message_id = await lost(desk, olle.who.person_id, error="blocked")
    card = await overview(desk, dana)
    button = action_where(card, action="reminders.resend", message=message_id)
    answer = await desk.press(dana, button["data"])
    assert t("sv", "reminders.queue.resent", person="Olle Olsson") in texts_of_card(
        answer.replace_card)
    # Queued again, due now, attempts counted afresh: the dispatcher delivered it.
    assert desk.notifier.to(olle.who.person_id) == [{"type": "AdaptiveCard"}]
    async with desk.db.session(readonly=True) as session:
        row = await session.get(OutboxMessage, message_id)
        [entry] = list(await session.scalars(select(AuditEntry).where(
            AuditEntry.action == "reminders.resent")))
    assert (row.state, row.attempts, row.last_error) == (OutboxState.SENT.value, 1, None)
    assert entry.record_id == str(message_id) and entry.detail["reason"] == "blocked"
    # A second click finds it sent, and says so; nothing is queued again.
    again = await desk.press(dana, button["data"])
    assert t("sv", "reminders.queue.already_sent", person="Olle Olsson") in texts_of_card(
        again.replace_card)
    assert len(desk.notifier.to(olle.who.person_id)) == 1


async def test_resend_is_for_the_dso_and_for_the_own_organisation_only(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    other = await Desk.open(desk.db, desk.registry, slug="sn", name="Socialnämnden")
    olle = await other.person("Olle Olsson")
    theirs = await lost(desk, olle.who.person_id, error="blocked", org=other.organisation_id)
    answer = await desk.press(dana, {"action": "reminders.resend", "message": theirs})
    assert answer.messages == [t("sv", "reminders.queue.not_found")]
    refused = await desk.press(sara, {"action": "reminders.resend", "message": theirs})
    assert refused.messages == [t("sv", "reminders.not_allowed")]
    async with desk.db.session(readonly=True) as session:
        assert (await session.get(OutboxMessage, theirs)).state == "undeliverable"
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert {"reminders.resend_refused", "reminders.refused"} <= actions


async def test_the_operator_lists_the_queue_line_by_line(desk):
    olle = await desk.person("Olle Olsson")
    first = await lost(desk, olle.who.person_id, error="blocked")
    async with desk.db.session() as session:
        await OutboxRepository(session).enqueue(person_id=olle.who.person_id, message="hej",
                                                kind="reminder.unfinished_drafts",
                                                organisation_id=desk.organisation_id)
    lines = await queue_lines(desk.db, "bn", None)
    assert len(lines) == 2
    blocked = next(line for line in lines if line.split()[0] == str(first))
    assert "undeliverable" in blocked and "incident.alert" in blocked
    assert "Olle Olsson" in blocked and "attempts 5" in blocked and "error blocked" in blocked
    assert [line.split()[1] for line in await queue_lines(desk.db, "bn", "queued")] == ["queued"]
    with pytest.raises(InvalidInput):
        await queue_lines(desk.db, "finns-inte", None)
    with pytest.raises(InvalidInput):
        await queue_lines(desk.db, "bn", "lost")
