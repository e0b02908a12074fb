"""The incident reminders a DSO notices: the 72-hour ladder (24, 48, 60 and 70 hours
after awareness while nothing is decided, then overdue daily and escalated) and the
reminder to supplement a preliminary notification to IMY. Real dates throughout,
across the change to winter time on Sunday 25 October 2026 (03:00 CEST → 02:00 CET).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.localtime import format_datetime
from features.incidents.reminders import IMY_SUPPLEMENT, INCIDENT_DEADLINE
from features.incidents.repo import IncidentRepository
from features.incidents.rules.reminders import (
    DeadlineFacts,
    LadderSettings,
    SupplementFacts,
    deadline_step,
    due_steps,
    ladder_settings,
    supplement_step,
)
from i18n import t
from storage.models import Person
from storage.repos import OrganisationSettingsRepository
from tests.cards.test_official_renderer import TEAMS_SAFE_BYTES, check_with_node
from tests.features.incidents.steps import form_data, report_at_the_desk
from tests.support.cards import action_named, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock
from tests.support.reminders import reminder_cards as reminders
from tests.support.reminders import run

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LADDER = LadderSettings()
# Saturday evening before the clocks go back: 22:30 CEST is 20:30 UTC.
AWARE = datetime(2026, 10, 24, 22, 30, tzinfo=STOCKHOLM)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def facts(**given: Any) -> DeadlineFacts:
    return DeadlineFacts(**{"id": "i1", "clock_start": AWARE, **given})


# -- the ladder, pure ------------------------------------------------------------------------

def test_24_hours_after_awareness_across_the_change_to_winter_time_is_21_30():
    # 24 elapsed hours after 22:30 on Saturday is 21:30 on Sunday: the night had 25 hours.
    assert deadline_step(facts(), LADDER, local(2026, 10, 25, 21, 29)) is None
    step = deadline_step(facts(), LADDER, local(2026, 10, 25, 21, 30))
    assert step is not None and step.name == "h24" and step.hours == 24
    assert format_datetime(step.at) == "2026-10-25 21:30"


@pytest.mark.parametrize(("now", "step"), [
    (local(2026, 10, 26, 21, 30), "h48"),
    (local(2026, 10, 27, 9, 30), "h60"),
    (local(2026, 10, 27, 19, 29), "h60"),
    (local(2026, 10, 27, 19, 30), "h70"),
    (local(2026, 10, 27, 21, 30), "over1"),  # the deadline itself: 72 h, 21:30 local
    (local(2026, 10, 28, 21, 29), "over1"),
    (local(2026, 10, 28, 21, 30), "over2"),
])
def test_each_step_of_the_ladder_falls_due_at_its_hour(now, step):
    assert deadline_step(facts(), LADDER, now).name == step


def test_after_a_missed_run_only_the_latest_step_is_due():
    # The bot was stopped from Sunday to Tuesday noon: 24 and 48 hours were missed.
    found = due_steps([facts()], LADDER, local(2026, 10, 27, 12, 0))
    assert [(f.id, s.name) for f, s in found] == [("i1", "h60")]
    # Stopped for three days after the deadline: one overdue reminder, the latest.
    [(_, late)] = due_steps([facts()], LADDER, local(2026, 10, 30, 22, 0))
    assert late.name == "over4" and late.escalated


def test_the_same_moment_gives_the_same_step_so_the_key_is_stable():
    now = local(2026, 10, 26, 22, 0)
    assert deadline_step(facts(), LADDER, now) == deadline_step(facts(), LADDER, now)
    later = now + timedelta(hours=5)
    assert deadline_step(facts(), LADDER, later).name == "h48"  # still the same step


def test_no_reminder_once_decided_closed_or_for_a_near_miss():
    now = local(2026, 10, 27, 12, 0)
    assert deadline_step(facts(decided=True), LADDER, now) is None
    assert deadline_step(facts(closed=True), LADDER, now) is None
    assert deadline_step(facts(near_miss=True), LADDER, now) is None


def test_an_organisations_own_hours_and_careless_settings():
    own = ladder_settings({"hours": [12, 36], "overdue_every_hours": 12})
    assert deadline_step(facts(), own, local(2026, 10, 25, 21, 30)).name == "h12"
    assert deadline_step(facts(), own, local(2026, 10, 28, 9, 30)).name == "over2"
    # Nonsense falls back to what is sensible; hours at or past 72 are not steps.
    careless = ladder_settings({"hours": [72, "x", -3, 24], "overdue_every_hours": 0})
    assert careless.hours == (24,) and careless.overdue_every_hours == 24
    assert ladder_settings({}).hours == (24, 48, 60, 70)


def test_the_supplement_falls_due_four_weeks_after_a_preliminary_notification():
    # Notified on Friday 20 March 2026 at 10:00 CET; summer time began on 29 March.
    notified = local(2026, 3, 20, 10, 0)
    pending = SupplementFacts("i1", notified, preliminary=True, supplemented=False)
    assert supplement_step(pending, 28, local(2026, 4, 17, 10, 59)) is None
    step = supplement_step(pending, 28, local(2026, 4, 17, 11, 0))
    assert step is not None and step.name == "d28"
    done = SupplementFacts("i1", notified, preliminary=True, supplemented=True)
    complete = SupplementFacts("i1", notified, preliminary=False, supplemented=False)
    later = local(2026, 5, 1, 9, 0)
    assert supplement_step(done, 28, later) is None
    assert supplement_step(complete, 28, later) is None


# -- against a real database, through the outbox ----------------------------------------

NOW = local(2026, 11, 23, 10, 0)  # Monday; 25 hours back is Sunday 09:00
TYPED_25_HOURS_BACK = {"occurred_at": "igår 8:00", "discovered_at": "igår 8:30",
                       "aware_at": "igår 9:00", "ceased_at": "igår 8:45"}


class Office:
    def __init__(self, desk: Desk, dana: Any, stina: Any, ann: Any) -> None:
        self.desk, self.dana, self.stina, self.ann = desk, dana, stina, ann

    async def report(self, **typed: str) -> str:
        receipt = await report_at_the_desk(self.desk, self.stina,
                                           **{**TYPED_25_HOURS_BACK, **typed})
        assert receipt is not None
        async with self.desk.db.session(readonly=True) as session:
            [incident] = await IncidentRepository(session).for_organisation(
                self.desk.organisation_id)
        return str(incident.id)

    async def stored(self, incident_id: str):
        async with self.desk.db.session(readonly=True) as session:
            return await IncidentRepository(session).get(self.desk.organisation_id,
                                                         uuid.UUID(incident_id))


async def open_office(db, registry) -> Office:
    desk = await Desk.open(db, registry)
    desk.clock = fixed_clock(NOW)
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    ann = await desk.person("Ann Admin", "admin")
    desk.notifier.sent.clear()
    return Office(desk, dana, stina, ann)


@pytest.fixture
async def office(sqlite_db, registry) -> Office:
    return await open_office(sqlite_db, registry)


@pytest.fixture
async def office_on_both(db, registry) -> Office:
    """On SQLite and on PostgreSQL."""
    return await open_office(db, registry)


async def test_a_report_25_hours_after_awareness_brings_the_dso_the_24_hour_reminder(
        office_on_both):
    office = office_on_both
    incident_id = await office.report()
    due = await run(office.desk, INCIDENT_DEADLINE, NOW)

    assert [d.key for d in due] == [
        f"incident_deadline:{incident_id}:h24:{office.dana.who.person_id}"]
    [card] = reminders(office.desk, office.dana)
    shown = texts_of_card(card)
    assert t("sv", "incident.reminder.deadline.step", hours=24) in shown
    # 72 - 25 = 47 hours left, until Wednesday 09:00.
    assert t("sv", "incident.reminder.deadline.left", span="1 dygn 23 tim",
             when="2026-11-25 09:00") in shown
    assert t("sv", "incident.reminder.deadline.no_decision") in shown
    assert "PUI-2026-0001" in shown
    assert "Ett brev med betyg skickades till fel vårdnadshavare." in shown
    # Staff and admins (where the DSO records decisions) are not nagged.
    assert reminders(office.desk, office.stina) == []
    assert reminders(office.desk, office.ann) == []


async def test_the_reminder_opens_the_case_and_offers_a_snooze_of_chosen_days(office):
    incident_id = await office.report()
    await run(office.desk, INCIDENT_DEADLINE, NOW)
    [card] = reminders(office.desk, office.dana)

    snooze = action_named(card, "reminder.snooze")
    assert snooze["type"] == "Action.Execute"
    assert snooze["data"] == {"action": "reminder.snooze", "policy": "incident_deadline",
                              "record": incident_id}
    days = inputs_of(card)["days"]
    assert days["type"] == "Input.ChoiceSet"
    assert [c["value"] for c in days["choices"]] == ["1", "3", "7", "14"]

    opened = await office.desk.press(office.dana, action_named(card, "incident.open")["data"])
    [case] = opened.messages  # the case under the reminder, which stays
    assert t("sv", "dso.title", reference="PUI-2026-0001") in texts_of_card(case)


async def test_evaluating_twice_queues_once_and_a_later_step_is_a_new_reminder(office):
    await office.report()
    first = await run(office.desk, INCIDENT_DEADLINE, NOW)
    again = await run(office.desk, INCIDENT_DEADLINE, NOW + timedelta(hours=3))
    assert [d.key for d in again] == [d.key for d in first]
    assert len(reminders(office.desk, office.dana)) == 1

    # 48 hours after awareness: Tuesday 09:00.
    await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 24, 9, 0))
    [_, second] = reminders(office.desk, office.dana)
    assert t("sv", "incident.reminder.deadline.step", hours=48) in texts_of_card(second)


async def test_overdue_reminders_are_daily_and_reach_the_escalation_contacts(office_on_both):
    office = office_on_both
    await office.report()
    overdue = local(2026, 11, 25, 15, 0)  # six hours after the deadline
    await run(office.desk, INCIDENT_DEADLINE, overdue)

    [dsos_card] = reminders(office.desk, office.dana)
    shown = texts_of_card(dsos_card)
    assert t("sv", "incident.reminder.deadline.step_overdue") in shown
    assert t("sv", "incident.reminder.deadline.overdue", span="6 tim",
             when="2026-11-25 09:00") in shown
    assert t("sv", "incident.reminder.deadline.late_reasons") in shown
    # By default the organisation's admins are its escalation contacts.
    [admins_card] = reminders(office.desk, office.ann)
    assert t("sv", "incident.reminder.deadline.escalated") in texts_of_card(admins_card)

    # The same day again: nothing new. The next day: once more.
    await run(office.desk, INCIDENT_DEADLINE, overdue + timedelta(hours=12))
    assert len(reminders(office.desk, office.dana)) == 1
    await run(office.desk, INCIDENT_DEADLINE, overdue + timedelta(hours=19))
    assert len(reminders(office.desk, office.dana)) == 2


async def test_escalation_goes_to_the_addresses_the_organisation_names(office):
    await office.report()
    ola = await office.desk.person("Ola Förvaltningschef")
    async with office.desk.db.session() as session:
        person = await session.get(Person, ola.who.person_id)
        person.email = "ola.chef@example.se"
    await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 25, 10, 0),
              {"escalate_to": ["Ola.Chef@example.se", "nobody@example.se"]})

    [card] = reminders(office.desk, ola)
    shown = texts_of_card(card)
    assert t("sv", "incident.reminder.deadline.escalated") in shown
    # Ola has no seat on the case: the reference and the clock, not what happened.
    assert "PUI-2026-0001" in shown and "vårdnadshavare" not in shown
    assert "incident.open" not in str(card)
    assert reminders(office.desk, office.ann) == []  # named contacts replace the admins


async def test_a_near_miss_is_never_reminded(office):
    incident_id = await office.report(event="2")
    assert (await office.stored(incident_id)).near_miss
    assert await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 26, 10, 0)) == []


async def test_once_a_decision_is_recorded_the_reminder_no_longer_applies(office):
    incident_id = await office.report()
    assert INCIDENT_DEADLINE.still_applies is not None
    async with office.desk.db.session(readonly=True) as session:
        assert await INCIDENT_DEADLINE.still_applies(session, incident_id, NOW)

    case = (await office.desk.press(office.dana, {"action": "incident.open",
                                                  "incident": incident_id})).replace_card
    await office.desk.press(office.dana, {
        **form_data(case, "incident.decide"), "decision": "not_notifiable",
        "decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef",
        "justification": "Mottagaren raderade brevet oläst.", "own_assessment": "low"})
    assert (await office.stored(incident_id)).decision == "not_notifiable"

    async with office.desk.db.session(readonly=True) as session:
        assert not await INCIDENT_DEADLINE.still_applies(session, incident_id, NOW)
        assert not await INCIDENT_DEADLINE.still_applies(session, str(uuid.uuid4()), NOW)
        assert not await INCIDENT_DEADLINE.still_applies(session, "not-an-id", NOW)
    assert await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 25, 15, 0)) == []


async def test_a_preliminary_notification_is_followed_by_the_supplement_reminder(office):
    incident_id = await office.report()
    case = (await office.desk.press(office.dana, {"action": "incident.open",
                                                  "incident": incident_id})).replace_card
    await office.desk.press(office.dana, {
        **form_data(case, "incident.decide"), "decision": "notified",
        "decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef",
        "imy_notified_at": "2026-11-23", "imy_notified_at_time": "09:30",
        "notification_phase": "preliminary", "own_assessment": "medium"})
    stored = await office.stored(incident_id)
    assert stored.notification_phase == "preliminary" and stored.imy_supplement_at is None

    # Nothing about the 72 hours any more; the supplement after 28 days.
    assert await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 26, 10, 0)) == []
    assert await run(office.desk, IMY_SUPPLEMENT, local(2026, 12, 21, 9, 29)) == []
    [due] = await run(office.desk, IMY_SUPPLEMENT, local(2026, 12, 21, 9, 30))
    assert due.key == f"imy_supplement:{incident_id}:d28:{office.dana.who.person_id}"
    [card] = reminders(office.desk, office.dana)
    shown = texts_of_card(card)
    assert t("sv", "incident.reminder.supplement.step", days=28) in shown
    assert t("sv", "incident.reminder.supplement.text", when="2026-11-23 09:30") in shown
    async with office.desk.db.session(readonly=True) as session:
        assert await IMY_SUPPLEMENT.still_applies(session, incident_id, NOW)


async def test_where_the_controller_decides_its_admins_are_reminded_of_the_supplement(office):
    async with office.desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(office.desk.organisation_id,
                                                          dso_records_decisions=False)
    incident_id = await office.report()
    async with office.desk.db.session() as session:
        await IncidentRepository(session).update(
            office.desk.organisation_id, uuid.UUID(incident_id),
            (await office.stored(incident_id)).revision, decision="notified",
            status="notified_imy", notification_phase="preliminary",
            imy_notified_at=local(2026, 11, 23, 9, 30))
    await run(office.desk, IMY_SUPPLEMENT, local(2027, 1, 4, 9, 0))
    assert len(reminders(office.desk, office.ann)) == 1
    assert len(reminders(office.desk, office.dana)) == 1


async def test_the_reminder_cards_are_valid_small_and_read_in_english_too(office):
    incident_id = await office.report()
    async with office.desk.db.session() as session:
        person = await session.get(Person, office.dana.who.person_id)
        person.preferred_language = "en"
    await run(office.desk, INCIDENT_DEADLINE, NOW)
    await run(office.desk, INCIDENT_DEADLINE, local(2026, 11, 25, 15, 0))
    cards = reminders(office.desk, office.dana) + reminders(office.desk, office.ann)
    assert len(cards) == 3
    english = texts_of_card(cards[0])
    assert t("en", "incident.reminder.deadline.step", hours=24) in english
    assert t("en", "reminder_kit.snooze_button") in english
    report = check_with_node([{"name": f"r{i}", "card": c} for i, c in enumerate(cards)])
    assert all(not r["errors"] for r in report.values()), report
    assert all(len(str(c).encode()) < TEAMS_SAFE_BYTES for c in cards)
    assert incident_id in str(cards[0])
