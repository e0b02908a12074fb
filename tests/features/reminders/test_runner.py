"""The runner: every policy for every organisation, queued once, snoozes and settings
minded, office hours kept for all but the legal clocks, and one failing policy never
stopping the others. Small fake policies, installed through a registry of their own."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from chat.registry import Feature, Registry
from chat.reminders import Due, ReminderPolicy
from features.reminders.runner import evaluate
from storage.models import OutboxMessage, ReminderSetting, ReminderSnooze
from tests.support.handler import Desk

STHLM = ZoneInfo("Europe/Stockholm")
TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=STHLM)
SATURDAY_NIGHT = datetime(2026, 3, 7, 23, 0, tzinfo=STHLM)
MONDAY_EIGHT = datetime(2026, 3, 9, 8, 0, tzinfo=STHLM)
SECRET = "Elevens personnummer 010101-0101 i ärendet"


class Fake:
    """A policy reminding each of `people` about record `r-<person>`."""

    def __init__(self, name: str, people: list[int], *, legal: bool = False,
                 enabled_by_default: bool = True, fails: bool = False,
                 defaults: Mapping[str, Any] | None = None) -> None:
        self.people = people
        self.fails = fails
        self.built: list[tuple[int, str]] = []
        self.seen: list[dict[str, Any]] = []
        self.policy = ReminderPolicy(name=name, label_key="reminders.policy.weekly_digest",
                                     find=self.find, defaults=defaults or {"hours": 24},
                                     legal=legal, enabled_by_default=enabled_by_default)

    async def find(self, session: Any, org_id: int, settings: Mapping[str, Any],
                   now: datetime) -> list[Due]:
        self.seen.append(dict(settings))
        if self.fails:
            raise RuntimeError(SECRET)
        return [Due(key=f"{self.policy.name}:{org_id}:{person}", person_id=person,
                    build=self._builder(person), record_type="test",
                    record_id=f"r-{person}") for person in self.people]

    def _builder(self, person: int) -> Any:
        async def build(lang: str, session: Any) -> dict[str, Any]:
            self.built.append((person, lang))
            return {"type": "AdaptiveCard", "version": "1.5", "lang": lang,
                    "body": [{"type": "TextBlock", "text": f"{self.policy.name} {lang}"}]}

        return build


def registry_of(*fakes: Fake) -> Registry:
    return Registry([Feature("fakes", reminder_policies=tuple(f.policy for f in fakes))])


@pytest.fixture
async def desk(db, registry) -> Desk:
    return await Desk.open(db, registry)


async def rows(desk: Desk) -> list[OutboxMessage]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_a_policy_evaluated_twice_queues_once(desk):
    sara = await desk.person("Sara Svensson")
    fake = Fake("nudge", [sara.who.person_id])
    registry = registry_of(fake)
    first = await evaluate(desk.db, registry, TUESDAY_MORNING)
    second = await evaluate(desk.db, registry, TUESDAY_MORNING + timedelta(minutes=5))
    assert (first["queued"], second["queued"], second["already"]) == (1, 0, 1)
    [row] = await rows(desk)
    assert (row.key, row.kind, row.person_id, row.organisation_id) == (
        f"reminder:nudge:{desk.organisation_id}:{sara.who.person_id}", "reminder.nudge",
        sara.who.person_id, desk.organisation_id)
    assert (row.record_type, row.record_id, row.state) == ("test", f"r-{sara.who.person_id}",
                                                          "queued")
    # Built once: a reminder queued before is not built again.
    assert fake.built == [(sara.who.person_id, "sv")]
    assert first["by_policy"] == {"nudge": 1}


async def test_each_reminder_is_built_in_its_recipients_language(desk):
    sara = await desk.person("Sara Svensson")
    emma = await desk.person("Emma English", locale="en")
    fake = Fake("nudge", [sara.who.person_id, emma.who.person_id])
    await evaluate(desk.db, registry_of(fake), TUESDAY_MORNING)
    by_person = {row.person_id: row.message["lang"] for row in await rows(desk)}
    assert by_person == {sara.who.person_id: "sv", emma.who.person_id: "en"}


async def test_a_snoozed_record_is_not_queued_until_the_snooze_ends(desk):
    sara = await desk.person("Sara Svensson")
    olle = await desk.person("Olle Olsson")
    fake = Fake("nudge", [sara.who.person_id, olle.who.person_id])
    async with desk.db.session() as session:
        session.add(ReminderSnooze(organisation_id=desk.organisation_id, policy="nudge",
                                   record_id=f"r-{sara.who.person_id}",
                                   until=TUESDAY_MORNING + timedelta(days=3)))
    done = await evaluate(desk.db, registry_of(fake), TUESDAY_MORNING)
    assert (done["queued"], done["snoozed"]) == (1, 1)
    assert [r.person_id for r in await rows(desk)] == [olle.who.person_id]
    # Once the snooze has run out, the reminder comes.
    later = await evaluate(desk.db, registry_of(fake), TUESDAY_MORNING + timedelta(days=3))
    assert later["queued"] == 1
    assert {r.person_id for r in await rows(desk)} == {sara.who.person_id, olle.who.person_id}


async def test_office_hours_hold_back_all_but_legal_clocks(desk):
    sara = await desk.person("Sara Svensson")
    review = Fake("review", [sara.who.person_id])
    deadline = Fake("deadline", [sara.who.person_id], legal=True)
    await evaluate(desk.db, registry_of(review, deadline), SATURDAY_NIGHT)
    due = {row.kind: row.due_at for row in await rows(desk)}
    assert due["reminder.deadline"] == SATURDAY_NIGHT
    assert due["reminder.review"] == MONDAY_EIGHT


async def test_an_organisations_own_office_hours_are_kept(desk):
    sara = await desk.person("Sara Svensson")
    async with desk.db.session() as session:
        session.add(ReminderSetting(organisation_id=desk.organisation_id, policy="office_hours",
                                    settings={"start": "09:30"}))
    await evaluate(desk.db, registry_of(Fake("review", [sara.who.person_id])), SATURDAY_NIGHT)
    [row] = await rows(desk)
    assert row.due_at == MONDAY_EIGHT.replace(hour=9, minute=30)


async def test_a_disabled_policy_queues_nothing_and_settings_reach_the_policy(desk):
    sara = await desk.person("Sara Svensson")
    off = Fake("off", [sara.who.person_id])
    tuned = Fake("tuned", [sara.who.person_id], defaults={"hours": 24, "months": 12})
    optional = Fake("optional", [sara.who.person_id], enabled_by_default=False)
    async with desk.db.session() as session:
        session.add(ReminderSetting(organisation_id=desk.organisation_id, policy="off",
                                    enabled=False, settings={}))
        session.add(ReminderSetting(organisation_id=desk.organisation_id, policy="tuned",
                                    settings={"hours": 48}))
    done = await evaluate(desk.db, registry_of(off, tuned, optional), TUESDAY_MORNING)
    assert [r.kind for r in await rows(desk)] == ["reminder.tuned"]
    assert done["disabled"] == 2
    assert off.seen == [] and optional.seen == []
    # The organisation's values over the policy's defaults.
    assert tuned.seen == [{"hours": 48, "months": 12}]
    # Switched on by the organisation, an optional policy runs.
    async with desk.db.session() as session:
        session.add(ReminderSetting(organisation_id=desk.organisation_id, policy="optional",
                                    enabled=True, settings={}))
    await evaluate(desk.db, registry_of(off, tuned, optional), TUESDAY_MORNING)
    assert sorted(r.kind for r in await rows(desk)) == ["reminder.optional", "reminder.tuned"]


async def test_one_failing_policy_does_not_stop_the_others(desk, caplog):
    sara = await desk.person("Sara Svensson")
    broken = Fake("broken", [sara.who.person_id], fails=True)
    fine = Fake("fine", [sara.who.person_id])
    with caplog.at_level(logging.INFO):
        done = await evaluate(desk.db, registry_of(broken, fine), TUESDAY_MORNING)
    assert (done["failed"], done["queued"]) == (1, 1)
    assert [r.kind for r in await rows(desk)] == ["reminder.fine"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "broken" in logged and "RuntimeError" in logged
    assert SECRET not in logged  # what went wrong is named, never the content


async def test_every_organisation_is_evaluated(desk):
    sara = await desk.person("Sara Svensson")
    other = await Desk.open(desk.db, desk.registry, slug="sn", name="Socialnämnden")
    olle = await other.person("Olle Olsson")
    fake = Fake("nudge", [sara.who.person_id, olle.who.person_id])
    done = await evaluate(desk.db, registry_of(fake), TUESDAY_MORNING)
    assert done["organisations"] == 2 and done["queued"] == 4
    assert {r.organisation_id for r in await rows(desk)} == {desk.organisation_id,
                                                             other.organisation_id}


async def test_a_naive_now_is_refused(desk):
    with pytest.raises(ValueError):
        await evaluate(desk.db, registry_of(), datetime(2026, 3, 10, 10, 0))


def test_the_runner_answers_in_utc():
    assert TUESDAY_MORNING.astimezone(UTC).hour == 9
