"""Snoozing a reminder from its card: only its recipient (or a DSO) may, for 1 to 30
days as Swedes write them; the card updates in place; a second click says it is
snoozed already; a stranger is refused and the refusal is in the audit trail. While
snoozed, the policy's reminders about that record are not queued."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cards import elements as el
from chat.registry import Feature, Registry
from chat.reminders import Due
from features.reminders.policies import UNFINISHED_DRAFTS
from features.reminders.runner import evaluate
from i18n import t
from i18n.dates import long_date
from storage.models import AuditEntry, ReminderSnooze
from storage.repos import OutboxRepository
from tests.support.cards import actions_of, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STHLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=STHLM)
RECORD = "a" * 32
POLICY = "unfinished_drafts"


def reminder_card() -> dict:
    """A reminder card as the capabilities build it: its own button and the snooze."""
    return el.card([
        el.heading("Rapporten väntar"),
        el.container([el.columns([
            el.column([el.input_choice_set("days", [("1 dag", "1"), ("7 dagar", "7")],
                                           value="7", style="compact")]),
            el.column([el.action_set([el.action_execute(
                "Skjut upp", "reminder.snooze", {"policy": POLICY, "record": RECORD})])],
                width="auto"),
        ])]),
        el.action_set([el.action_submit("Fortsätt", "flow.resume_draft",
                                        {"instance": RECORD})]),
    ], lang="sv")


@pytest.fixture
async def desk(db, registry) -> Desk:
    desk = await Desk.open(db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def remind(desk: Desk, person_id: int, org: int | None = None) -> None:
    async with desk.db.session() as session:
        await OutboxRepository(session).enqueue(
            person_id=person_id, message=reminder_card(), kind=f"reminder.{POLICY}",
            key=f"reminder:{POLICY}:{RECORD}:{person_id}", record_type="flow", record_id=RECORD,
            organisation_id=org or desk.organisation_id)


def press(days: str = "7", **changes) -> dict:
    return {"action": "reminder.snooze", "policy": POLICY, "record": RECORD, "days": days,
            **changes}


async def snoozes(desk: Desk) -> list[ReminderSnooze]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(ReminderSnooze)))


async def audited(desk: Desk, action: str) -> list[AuditEntry]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_the_recipient_snoozes_and_the_card_says_until_when(desk):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    card = (await desk.press(sara, press("7"))).replace_card
    until = long_date((NOW + timedelta(days=7)).date(), "sv")
    assert t("sv", "reminders.snooze.done", until=until) in texts_of_card(card)
    assert until == "tisdag 17 mars 2026"
    # The same card, in place: its own button stays, the snooze control is gone.
    assert "Rapporten väntar" in texts_of_card(card)
    assert [a["data"]["action"] for a in actions_of(card) if "data" in a] == [
        "flow.resume_draft"]
    assert "days" not in inputs_of(card)
    [snooze] = await snoozes(desk)
    assert (snooze.policy, snooze.record_id, snooze.until, snooze.by_person_id) == (
        POLICY, RECORD, NOW + timedelta(days=7), sara.who.person_id)
    [entry] = await audited(desk, "reminder.snoozed")
    assert entry.detail["days"] == 7 and entry.record_id == RECORD


async def test_a_second_click_says_it_is_snoozed_already(desk):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    await desk.press(sara, press("7"))
    again = (await desk.press(sara, press("1"))).replace_card
    assert t("sv", "reminders.snooze.already",
             until="tisdag 17 mars 2026") in texts_of_card(again)
    [snooze] = await snoozes(desk)
    assert snooze.until == NOW + timedelta(days=7)
    assert len(await audited(desk, "reminder.snoozed")) == 1


@pytest.mark.parametrize("days,until", [("7,0", "tisdag 17 mars 2026"),
                                        (" 1 ", "onsdag 11 mars 2026"),
                                        ("30", "torsdag 9 april 2026")])
async def test_days_as_swedes_write_them(desk, days, until):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    card = (await desk.press(sara, press(days))).replace_card
    assert t("sv", "reminders.snooze.done", until=until) in texts_of_card(card)


@pytest.mark.parametrize("days", ["0", "31", "2,5", "en vecka", ""])
async def test_days_outside_one_to_thirty_are_refused(desk, days):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    answer = await desk.press(sara, press(days))
    assert answer.messages == [t("sv", "reminders.snooze.days", max=30)]
    assert await snoozes(desk) == []


async def test_a_stranger_may_not_snooze_and_the_refusal_is_audited(desk):
    sara = await desk.person("Sara Svensson")
    per = await desk.person("Per Persson")
    await remind(desk, sara.who.person_id)
    answer = await desk.press(per, press("7"))
    assert answer.messages == [t("sv", "reminders.snooze.not_yours")]
    assert await snoozes(desk) == []
    [entry] = await audited(desk, "reminder.snooze_refused")
    assert (entry.actor_person_id, entry.record_id, entry.detail["policy"]) == (
        per.who.person_id, RECORD, POLICY)


async def test_a_reminder_in_another_organisation_is_not_snoozed_by_its_dso(desk):
    other = await Desk.open(desk.db, desk.registry, slug="sn", name="Socialnämnden")
    olle = await other.person("Olle Olsson")
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    await remind(desk, olle.who.person_id, org=other.organisation_id)
    answer = await desk.press(dana, press("7"))
    assert answer.messages == [t("sv", "reminders.snooze.not_yours")]


async def test_the_dso_may_snooze_a_reminder_of_the_organisation(desk):
    sara = await desk.person("Sara Svensson")
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    await remind(desk, sara.who.person_id)
    card = (await desk.press(dana, press("3"))).replace_card
    assert t("sv", "reminders.snooze.done", until="fredag 13 mars 2026") in texts_of_card(card)
    [snooze] = await snoozes(desk)
    assert snooze.by_person_id == dana.who.person_id


async def test_an_unknown_policy_or_record_changes_nothing(desk):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    for data in (press(policy="nonsense"), press(record=None), press(record={"id": 1})):
        answer = await desk.press(sara, data)
        assert answer.messages == [t("sv", "reminders.snooze.unknown")]
    assert await snoozes(desk) == []


async def test_a_snoozed_record_is_not_reminded_of_again_until_the_day(desk):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    await desk.press(sara, press("7"))

    async def find(session, org_id, settings, now):
        return [Due(key=f"{POLICY}:{RECORD}:again:{now.date()}", person_id=sara.who.person_id,
                    build=lambda lang, session: _text(lang), record_type="flow",
                    record_id=RECORD)]

    async def _text(lang):
        return "igen"

    policy = type(UNFINISHED_DRAFTS)(name=POLICY, label_key=UNFINISHED_DRAFTS.label_key,
                                     find=find, legal=True)
    registry = Registry([Feature("again", reminder_policies=(policy,))])
    assert (await evaluate(desk.db, registry, NOW + timedelta(days=2)))["snoozed"] == 1
    assert (await evaluate(desk.db, registry, NOW + timedelta(days=8)))["queued"] == 1


async def test_two_clicks_at_once_snooze_once(desk):
    sara = await desk.person("Sara Svensson")
    await remind(desk, sara.who.person_id)
    first, second = await asyncio.gather(desk.press(sara, press("7")),
                                         desk.press(sara, press("3")))
    said = sorted(texts_of_card(a.replace_card).splitlines()[-1] for a in (first, second))
    assert any(line.startswith("Uppskjuten till") for line in said)
    assert any(line.startswith("Påminnelsen är redan uppskjuten") for line in said)
    assert len(await snoozes(desk)) == 1
    assert len(await audited(desk, "reminder.snoozed")) == 1
