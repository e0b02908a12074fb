"""The platform's own reminders: a report left unfinished is nudged about once, a day
later, with "continue" and "throw away" that work; the DSO's weekly digest (off by
default) comes on the week's first working day with the counts that need attention."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from features.reminders.policies import UNFINISHED_DRAFTS
from features.reminders.runner import evaluate
from i18n import t
from storage.models import (
    FlowInstance,
    OutboxMessage,
    ReminderSetting,
    RightsRequest,
    utcnow,
)
from storage.repos import OutboxRepository
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk

STHLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


async def reminders_of(desk: Desk, kind: str) -> list[OutboxMessage]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == kind).order_by(OutboxMessage.id)))


async def left_at(desk: Desk, moment: datetime) -> None:
    """Every draft was last touched at `moment`."""
    async with desk.db.session() as session:
        await session.execute(update(FlowInstance).values(updated_at=moment))


async def test_an_unfinished_report_is_nudged_about_once_a_day_later(desk, registry):
    sara = await desk.person("Sara Svensson")
    started = await desk.press(sara, {"action": "flow.start", "flow": "rights_log"})
    assert started.messages or started.replace_card
    now = utcnow()
    await left_at(desk, now - timedelta(hours=2))
    await evaluate(desk.db, registry, now)
    assert await reminders_of(desk, "reminder.unfinished_drafts") == []  # too soon
    await left_at(desk, now - timedelta(hours=25))
    await evaluate(desk.db, registry, now)
    await evaluate(desk.db, registry, now + timedelta(hours=3))
    [row] = await reminders_of(desk, "reminder.unfinished_drafts")
    assert (row.person_id, row.record_type) == (sara.who.person_id, "flow")
    card = row.message
    shown = texts_of_card(card)
    assert t("sv", "reminders.drafts.title") in shown
    assert t("sv", "rights.flow.title") in shown
    assert "Fråga 1 av" in shown
    # "Continue" shows the report where it stood.
    resumed = await desk.press(sara, action_named(card, "flow.resume_draft")["data"])
    assert resumed.messages
    # "Throw away" asks the dialog's own question first.
    discard = await desk.press(sara, action_named(card, "flow.cancel")["data"])
    assert t("sv", "dialog.cancel.title") in texts_of_card(discard.replace_card)


async def test_an_old_or_finished_draft_is_not_nudged_about(desk, registry):
    sara = await desk.person("Sara Svensson")
    await desk.press(sara, {"action": "flow.start", "flow": "rights_log"})
    now = utcnow()
    await left_at(desk, now - timedelta(days=20))
    await evaluate(desk.db, registry, now)
    assert await reminders_of(desk, "reminder.unfinished_drafts") == []
    async with desk.db.session() as session:
        await session.execute(update(FlowInstance).values(status="cancelled",
                                                          updated_at=now - timedelta(days=2)))
    await evaluate(desk.db, registry, now)
    assert await reminders_of(desk, "reminder.unfinished_drafts") == []


async def test_a_draft_taken_up_again_no_longer_needs_its_reminder(desk):
    sara = await desk.person("Sara Svensson")
    await desk.press(sara, {"action": "flow.start", "flow": "rights_log"})
    now = utcnow()
    async with desk.db.session() as session:
        [draft] = list(await session.scalars(select(FlowInstance)))
        assert await UNFINISHED_DRAFTS.still_applies(session, draft.id.hex, now + timedelta(
            hours=2))
        # Just touched: the nudge would come too late.
        assert not await UNFINISHED_DRAFTS.still_applies(session, draft.id.hex, now)
        assert not await UNFINISHED_DRAFTS.still_applies(session, uuid.uuid4().hex, now)
        assert not await UNFINISHED_DRAFTS.still_applies(session, "garbled", now)


# -- the weekly digest ------------------------------------------------------------------------

MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=STHLM)  # week 10


async def switch_on_digest(desk: Desk) -> None:
    async with desk.db.session() as session:
        session.add(ReminderSetting(organisation_id=desk.organisation_id,
                                    policy="weekly_digest", enabled=True, settings={}))


async def test_the_digest_is_off_unless_switched_on(desk, registry):
    await desk.person("Dana Dataskyddsombud", "dso")
    await evaluate(desk.db, registry, MONDAY)
    assert await reminders_of(desk, "reminder.weekly_digest") == []


async def test_the_dso_gets_the_digest_on_monday_morning_once(desk, registry):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    olle = await desk.person("Olle Olsson")
    await switch_on_digest(desk)
    async with desk.db.session() as session:
        outbox = OutboxRepository(session)
        await outbox.enqueue(person_id=olle.who.person_id, message="x", kind="incident.alert",
                             organisation_id=desk.organisation_id)
        await session.execute(update(OutboxMessage).values(state="undeliverable"))
        session.add(RightsRequest(organisation_id=desk.organisation_id,
                                  reference="REG-2026-0001", rights=["access"],
                                  received_on=MONDAY.date(), channel="email",
                                  status="received", due_on=MONDAY.date() + timedelta(days=30)))
    await evaluate(desk.db, registry, MONDAY - timedelta(days=1))  # Sunday: not yet
    assert await reminders_of(desk, "reminder.weekly_digest") == []
    await evaluate(desk.db, registry, MONDAY)
    await evaluate(desk.db, registry, MONDAY + timedelta(hours=3))
    [row] = await reminders_of(desk, "reminder.weekly_digest")
    assert row.person_id == dana.who.person_id
    # Sent at eight, when the office opens.
    assert row.due_at == MONDAY.replace(hour=8)
    shown = texts_of_card(row.message)
    assert t("sv", "reminders.digest.title", week=10) in shown
    facts = {f["title"]: f["value"] for f in row.message["body"][2]["facts"]}
    assert facts[t("sv", "reminders.digest.rights")] == "1"
    assert facts[t("sv", "reminders.digest.incidents")] == "0"
    assert facts[t("sv", "reminders.digest.undelivered")] == "1"
    assert t("sv", "reminders.digest.undelivered_hint") in shown


async def test_after_easter_monday_the_digest_comes_on_tuesday(desk, registry):
    await desk.person("Dana Dataskyddsombud", "dso")
    await switch_on_digest(desk)
    easter_monday = datetime(2026, 4, 6, 9, 0, tzinfo=STHLM)
    await evaluate(desk.db, registry, easter_monday)
    assert await reminders_of(desk, "reminder.weekly_digest") == []
    await evaluate(desk.db, registry, easter_monday + timedelta(days=1))
    [row] = await reminders_of(desk, "reminder.weekly_digest")
    assert t("sv", "reminders.digest.title", week=15) in texts_of_card(row.message)
