"""Reminders of a rights request's deadline, as the handler and the DSO notice them:
7 and 2 days before the last day, on the day, and daily once it has passed, until
the request is answered. Real dates: received Saturday 31 January 2026, one month
ends Saturday 28 February, so the last day is Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from compliance.deadlines import rights_request_deadline
from features.rights.reminders import RIGHTS_DEADLINE
from features.rights.rules.reminders import (
    LadderSettings,
    RequestFacts,
    due_steps,
    ladder_settings,
    request_step,
)
from i18n import t
from storage.models import Person, RightsRequest
from tests.cards.test_official_renderer import TEAMS_SAFE_BYTES, check_with_node
from tests.support.cards import action_named, actions_of, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock
from tests.support.reminders import reminder_cards as reminders
from tests.support.reminders import run

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LADDER = LadderSettings()
DUE = date(2026, 3, 2)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def step_at(now: datetime, due: date = DUE, settings: LadderSettings = LADDER) -> str | None:
    step = request_step(RequestFacts("r1", due), settings, now)
    return step.name if step else None


# -- the ladder, pure ------------------------------------------------------------------------

def test_received_on_31_january_the_last_day_is_monday_2_march():
    assert rights_request_deadline(date(2026, 1, 31)) == DUE


@pytest.mark.parametrize(("now", "step"), [
    (local(2026, 2, 23, 7, 59), None),  # 7 days before, before eight o'clock
    (local(2026, 2, 23, 8, 0), "d7"),
    (local(2026, 2, 27, 12, 0), "d7"),
    (local(2026, 2, 28, 8, 0), "d2"),  # a Saturday: the legal clock runs on weekends
    (local(2026, 3, 2, 7, 0), "d2"),
    (local(2026, 3, 2, 8, 0), "d0"),
    (local(2026, 3, 3, 8, 0), "over1"),
    (local(2026, 3, 9, 9, 0), "over7"),
])
def test_each_step_falls_due_at_eight_on_its_day(now, step):
    assert step_at(now) == step


def test_after_a_missed_run_only_the_latest_step_is_due():
    # The bot was stopped over the weekend: the 2-day step is skipped, the day's comes.
    [(_, step)] = due_steps([RequestFacts("r1", DUE)], LADDER, local(2026, 3, 2, 10, 0))
    assert step.name == "d0" and step.days_left == 0
    [(_, late)] = due_steps([RequestFacts("r1", DUE)], LADDER, local(2026, 3, 12, 10, 0))
    assert late.name == "over10" and late.overdue == 10


def test_the_steps_follow_local_time_across_the_change_to_summer_time():
    # Due Monday 30 March 2026; summer time began on Sunday 29 March at 02:00.
    due = date(2026, 3, 30)
    d2 = request_step(RequestFacts("r1", due), LADDER, local(2026, 3, 28, 8, 0))
    d0 = request_step(RequestFacts("r1", due), LADDER, local(2026, 3, 30, 8, 0))
    assert (d2.name, d2.at.utcoffset().total_seconds()) == ("d2", 3600)
    assert (d0.name, d0.at.utcoffset().total_seconds()) == ("d0", 7200)
    assert step_at(local(2026, 3, 30, 7, 59), due) == "d2"


def test_an_answered_request_and_an_organisations_own_ladder():
    assert request_step(RequestFacts("r1", DUE, open=False), LADDER,
                        local(2026, 3, 5, 9, 0)) is None
    weekly = ladder_settings({"days_before": [10], "overdue_every_days": 7, "hour": 9})
    assert step_at(local(2026, 2, 20, 9, 0), settings=weekly) == "d10"
    assert step_at(local(2026, 3, 2, 9, 0), settings=weekly) == "d10"  # no step on the day
    assert step_at(local(2026, 3, 8, 9, 0), settings=weekly) == "d10"
    assert step_at(local(2026, 3, 9, 9, 0), settings=weekly) == "over1"
    assert ladder_settings({"days_before": "x", "hour": 30}) == LADDER


# -- against a real database, through the outbox ----------------------------------------

LOGGED = local(2026, 2, 2, 9, 0)


class Office:
    def __init__(self, desk: Desk, dana: Any, sara: Any, erik: Any, request_id: str) -> None:
        self.desk, self.dana, self.sara, self.erik = desk, dana, sara, erik
        self.request_id = request_id


async def open_office(db, registry) -> Office:
    desk = await Desk.open(db, registry)
    desk.clock = fixed_clock(LOGGED)
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    erik = await desk.person("Erik Ek")
    await desk.press(sara, {"action": "flow.start", "flow": "rights_log"})
    # Access (registerutdrag), received 31 January by e-mail; Sara handles it.
    for text in ("2", "2026-01-31", "e-post", "1", "E-tjänst ärende 4711", "hoppa över",
                 "1", "skicka"):
        await desk.say(sara, text)
    async with desk.db.session(readonly=True) as session:
        [request] = list(await session.scalars(select(RightsRequest)))
    assert request.due_on == DUE and request.handler_person_id == sara.who.person_id
    desk.notifier.sent.clear()
    return Office(desk, dana, sara, erik, str(request.id))


@pytest.fixture
async def office(sqlite_db, registry) -> Office:
    return await open_office(sqlite_db, registry)


@pytest.fixture
async def office_on_both(db, registry) -> Office:
    """On SQLite and on PostgreSQL."""
    return await open_office(db, registry)


async def test_seven_days_before_the_handler_and_the_dso_are_reminded(office):
    due = await run(office.desk, RIGHTS_DEADLINE, local(2026, 2, 23, 8, 30))
    sara, dana = office.sara.who.person_id, office.dana.who.person_id
    assert sorted(d.key for d in due) == sorted(
        f"rights_deadline:{office.request_id}:d7:{p}" for p in (sara, dana))

    [card] = reminders(office.desk, office.sara)
    shown = texts_of_card(card)
    assert t("sv", "rights.reminder.title", reference="REG-2026-0001") in shown
    assert t("sv", "rights.reminder.step.left", days=7) in shown
    assert "måndag 2 mars 2026" in shown
    assert t("sv", "rights.topic.access.title") in shown
    assert "Sara Svensson" in shown  # the handler
    assert len(reminders(office.desk, office.dana)) == 1
    assert reminders(office.desk, office.erik) == []


async def test_the_reminder_opens_the_request_and_offers_a_snooze(office):
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 2, 28, 9, 0))
    [card] = reminders(office.desk, office.sara)
    assert t("sv", "rights.reminder.step.left", days=2) in texts_of_card(card)
    assert action_named(card, "reminder.snooze")["data"] == {
        "action": "reminder.snooze", "policy": "rights_deadline", "record": office.request_id}
    assert [c["value"] for c in inputs_of(card)["days"]["choices"]] == ["1", "3", "7", "14"]

    opened = await office.desk.press(office.sara,
                                     action_named(card, "rights.open_below")["data"])
    [request_card] = opened.messages
    assert "REG-2026-0001" in texts_of_card(request_card)
    # A stranger pressing the same button sees nothing of it.
    refused = await office.desk.press(office.erik,
                                      action_named(card, "rights.open_below")["data"])
    assert refused.messages == [t("sv", "rights.not_allowed")]


async def test_evaluating_twice_queues_once_and_overdue_is_daily(office_on_both):
    office = office_on_both
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 2, 8, 0))
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 2, 16, 0))
    [today] = reminders(office.desk, office.sara)
    assert t("sv", "rights.reminder.step.today") in texts_of_card(today)

    await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 3, 8, 0))
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 5, 8, 0))  # a day was missed
    [_, one_late, three_late] = reminders(office.desk, office.sara)
    assert t("sv", "rights.reminder.step.late_one") in texts_of_card(one_late)
    assert t("sv", "rights.reminder.step.late", days=3) in texts_of_card(three_late)
    assert t("sv", "rights.reminder.late") in texts_of_card(three_late)


async def test_once_answered_the_reminder_no_longer_applies(office):
    async with office.desk.db.session(readonly=True) as session:
        assert await RIGHTS_DEADLINE.still_applies(session, office.request_id, LOGGED)
    office.sara.clock = fixed_clock(local(2026, 2, 20, 10, 0))
    card = (await office.desk.press(office.sara, {"action": "rights.open",
                                                  "rights_request": office.request_id})
            ).replace_card
    withdraw = next(a["data"] for a in actions_of(card)
                    if a["data"].get("form") == "rights.withdraw")
    form = (await office.desk.press(office.sara, withdraw)).replace_card
    await office.desk.press(office.sara, {**action_named(form, "rights.withdraw")["data"],
                                          "note": "Återkallad per telefon."})
    async with office.desk.db.session(readonly=True) as session:
        assert not await RIGHTS_DEADLINE.still_applies(session, office.request_id, LOGGED)
        assert not await RIGHTS_DEADLINE.still_applies(session, "nonsense", LOGGED)
    assert await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 3, 9, 0)) == []


async def test_the_cards_are_valid_small_and_in_the_recipients_language(office):
    async with office.desk.db.session() as session:
        person = await session.get(Person, office.dana.who.person_id)
        person.preferred_language = "en"
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 2, 23, 9, 0))
    await run(office.desk, RIGHTS_DEADLINE, local(2026, 3, 4, 9, 0))
    cards = reminders(office.desk, office.dana) + reminders(office.desk, office.sara)
    english = texts_of_card(cards[0])
    assert t("en", "rights.reminder.step.left", days=7) in english
    assert "Monday 2 March 2026" in english
    report = check_with_node([{"name": f"r{i}", "card": c} for i, c in enumerate(cards)])
    assert all(not r["errors"] for r in report.values()), report
    assert all(len(str(c).encode()) < TEAMS_SAFE_BYTES for c in cards)
