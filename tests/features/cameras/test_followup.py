"""The cameras' follow-up: reminders (erasure coming with the material not secured, no
decision after three working days, assessments of interests to review), the
summary's figures, and the legal grounds as dated data.

Real dates: summer time began on Sunday 29 March 2026 at 02:00; Good Friday
(3 April) and Easter Monday (6 April) 2026 are not working days. The issue's
example: retention 7 days, window 27 March 22:00–23:00, so erasure begins on
3 April 2026 at 22:00 (the earlier of 7 calendar days and 168 hours).
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.cli_camera_grounds import add_grounds_commands
from chat.summaries import period_of
from compliance.workdays import after_working_days, working_days_between
from features.cameras.followup.grounds import (
    add_ground,
    end_ground,
    ground_valid_on,
    grounds_valid_on,
)
from features.cameras.followup.reminders import (
    CAMERA_ASSESSMENT_REVIEW,
    CAMERA_ERASURE,
    CAMERA_NO_DECISION,
)
from features.cameras.followup.rules import (
    CameraFacts,
    DecisionFacts,
    DecisionSettings,
    ErasureFacts,
    decision_settings,
    decision_step,
    due_for_review,
    erasure_step,
    erasure_steps,
    review_months,
)
from features.cameras.followup.summary import SECTION
from i18n import t
from storage.errors import InvalidInput
from storage.models import Camera, CameraLegalGround, FootageRequest, ReminderSetting
from storage.repos import OrganisationRepository
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk
from tests.support.reminders import reminder_cards, run

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


ERASURE_AT = local(2026, 4, 3, 22, 0)  # the example
STEPS = erasure_steps({"hours": [48, 12]})


def erasure_at(now: datetime, erasure: datetime = ERASURE_AT, **facts: Any) -> str | None:
    step = erasure_step(ErasureFacts("r1", erasure, **facts), STEPS, now)
    return step.name if step else None


# -- the rules, pure -------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "step"), [
    (local(2026, 4, 1, 21, 59), None),
    (local(2026, 4, 1, 22, 0), "h48"),
    (local(2026, 4, 2, 10, 0), "h48"),  # logged on 2 April: 36 hours left
    (local(2026, 4, 3, 9, 59), "h48"),
    (local(2026, 4, 3, 10, 0), "h12"),
    (local(2026, 4, 3, 21, 59), "h12"),
    (local(2026, 4, 3, 22, 0), None),  # erased: nothing more to nag about
])
def test_the_erasure_steps_at_48_and_12_hours_before(now, step):
    assert erasure_at(now) == step


def test_after_a_missed_run_only_the_latest_erasure_step_is_due():
    # Nobody ran between 1 April and the afternoon of Good Friday: only the 12-hour step.
    assert erasure_at(local(2026, 4, 3, 15, 0)) == "h12"


def test_the_erasure_clock_counts_elapsed_hours_across_the_change_to_summer_time():
    # Erased Monday 30 March 09:00 (summer time); 48 elapsed hours before is Saturday
    # 28 March 08:00 (winter time), not 09:00.
    erasure = local(2026, 3, 30, 9, 0)
    assert erasure_at(local(2026, 3, 28, 7, 59), erasure) is None
    assert erasure_at(local(2026, 3, 28, 8, 0), erasure) == "h48"
    assert erasure_at(local(2026, 3, 29, 20, 59), erasure) == "h48"
    assert erasure_at(local(2026, 3, 29, 21, 0), erasure) == "h12"


def test_secured_closed_or_unknown_erasure_is_not_due():
    now = local(2026, 4, 3, 12, 0)
    assert erasure_at(now, secured=True) is None
    assert erasure_at(now, closed=True) is None
    assert erasure_step(ErasureFacts("r1", None), STEPS, now) is None


def test_the_erasure_settings_are_read_safely():
    assert erasure_steps({}) == (48, 12)
    assert erasure_steps({"hours": 48}) == (48,)
    assert erasure_steps({"hours": [6, 72, 24, 24]}) == (72, 24, 6)
    assert erasure_steps({"hours": ["x", 0, 1000]}) == (48, 12)


@pytest.mark.parametrize(("received", "first"), [
    # Thursday before Easter: Good Friday, the weekend and Easter Monday do not count.
    (local(2026, 4, 2, 10, 0), local(2026, 4, 9, 10, 0)),
    # Across the change to summer time: the same time of day, one hour less elapsed.
    (local(2026, 3, 26, 15, 0), local(2026, 3, 31, 15, 0)),
    # Received on a Saturday: Monday, Tuesday, Wednesday.
    (local(2026, 3, 28, 11, 0), local(2026, 4, 1, 11, 0)),
])
def test_three_swedish_working_days_after_the_request_came(received, first):
    assert after_working_days(received, 3) == first


def test_the_change_to_summer_time_keeps_the_time_of_day():
    first = after_working_days(local(2026, 3, 26, 15, 0), 3)
    assert first.utcoffset() == timedelta(hours=2)
    elapsed = first.astimezone(ZoneInfo("UTC")) - local(2026, 3, 26, 15, 0).astimezone(
        ZoneInfo("UTC"))
    assert elapsed == timedelta(days=5, hours=-1)


def test_no_decision_is_due_after_three_working_days_then_weekly():
    facts = DecisionFacts("r1", local(2026, 4, 2, 10, 0))
    ladder = DecisionSettings()

    def step(now: datetime) -> str | None:
        found = decision_step(facts, ladder, now)
        return found.name if found else None

    assert step(local(2026, 4, 8, 23, 0)) is None
    assert step(local(2026, 4, 9, 10, 0)) == "w0"
    assert step(local(2026, 4, 16, 9, 59)) == "w0"
    assert step(local(2026, 4, 16, 10, 0)) == "w1"
    assert step(local(2026, 5, 1, 10, 0)) == "w3"  # a missed run: only the latest
    assert decision_step(DecisionFacts("r1", facts.received_at, decided=True), ladder,
                         local(2026, 4, 20, 10, 0)) is None
    assert working_days_between(facts.received_at, local(2026, 4, 9, 10, 0)) == 3
    assert decision_settings({"working_days": "x", "then_every_days": 0}) == ladder
    assert decision_settings({"working_days": 0}).working_days == 0


def test_assessments_missing_or_older_than_the_review_interval():
    cameras = [CameraFacts("old", date(2025, 11, 30)), CameraFacts("new", date(2026, 6, 1)),
               CameraFacts("none", None), CameraFacts("gone", None, active=False)]
    assert [c.id for c in due_for_review(cameras, 12, date(2026, 11, 29))] == ["none"]
    assert [c.id for c in due_for_review(cameras, 12, date(2026, 11, 30))] == ["none", "old"]
    assert [c.id for c in due_for_review(cameras, 3, date(2026, 11, 30))] == [
        "none", "old", "new"]
    assert review_months({"months": 24}) == 24
    assert review_months({"months": 0}) == review_months({}) == 12


# -- against a real database -------------------------------------------------------------------

class Office:
    def __init__(self, desk: Desk, dana: Any, rolf: Any, erik: Any) -> None:
        self.desk, self.dana, self.rolf, self.erik = desk, dana, rolf, erik
        self.cameras: dict[str, uuid.UUID] = {}


async def add_camera(desk: Desk, reference: str, **values: Any) -> Camera:
    async with desk.db.session() as session:
        camera = Camera(organisation_id=desk.organisation_id, reference=reference,
                        name=values.pop("name", f"Kamera {reference}"), **values)
        session.add(camera)
        await session.flush()
        return camera


async def add_request(desk: Desk, reference: str, cameras: Sequence[uuid.UUID],
                      received_at: datetime, **values: Any) -> FootageRequest:
    async with desk.db.session() as session:
        request = FootageRequest(
            organisation_id=desk.organisation_id, reference=reference,
            requester_kind="police", requester_name="Polismyndigheten",
            camera_ids=[str(c) for c in cameras],
            window_start=local(2026, 3, 27, 22, 0), window_end=local(2026, 3, 27, 23, 0),
            received_at=received_at, status=values.pop("status", "received"), **values)
        session.add(request)
        await session.flush()
        return request


async def change(desk: Desk, request_id: uuid.UUID, **values: Any) -> None:
    async with desk.db.session() as session:
        request = await session.get(FootageRequest, request_id)
        for key, value in values.items():
            setattr(request, key, value)


@pytest.fixture
async def office(sqlite_db, registry) -> Office:
    desk = await Desk.open(sqlite_db, registry)
    office = Office(desk, await desk.person("Dana Dataskyddsombud", "dso"),
                    await desk.person("Rolf Ansvarig"), await desk.person("Erik Ek"))
    rolf = office.rolf.who.person_id
    for reference, values in {
        "K-1": dict(name="Resecentrum entré", responsible_person_id=rolf,
                    retention_hours=168, assessment_on=date(2024, 1, 10)),
        "K-2": dict(name="Torget", count=4, retention_hours=168),  # nobody; no assessment
        "K-3": dict(name="Nedmonterad", status="removed"),
        "K-4": dict(name="Livebild simhall", recording=False, assessment_on=date(2026, 5, 1),
                    responsible_person_id=rolf),
        "K-5": dict(name="Skolgården", count=2, assessment_on=date(2026, 2, 1),
                    responsible_person_id=rolf),  # recording with no retention
    }.items():
        office.cameras[reference] = (await add_camera(desk, reference, **values)).id
    return office


def keys(due) -> list[str]:
    return sorted(d.key for d in due)


async def test_erasure_coming_the_responsible_person_and_the_dso_get_the_urgent_card(office):
    desk, rolf, dana = office.desk, office.rolf.who.person_id, office.dana.who.person_id
    request = await add_request(desk, "KAM-2026-0001",
                                [office.cameras["K-1"], office.cameras["K-2"]],
                                local(2026, 3, 30, 10, 0), erasure_at=ERASURE_AT)
    assert await run(desk, CAMERA_ERASURE, local(2026, 4, 1, 12, 0)) == []
    due = await run(desk, CAMERA_ERASURE, local(2026, 4, 2, 10, 0))
    assert keys(due) == sorted(f"camera_erasure:{request.id}:h48:{p}" for p in (rolf, dana))
    [card] = reminder_cards(desk, office.rolf, CAMERA_ERASURE)
    shown = texts_of_card(card)
    assert t("sv", "cameras.followup.erasure_title", reference="KAM-2026-0001") in shown
    assert t("sv", "cameras.followup.erasure_step.hours", hours=36) in shown
    assert "fredag 3 april 2026 kl. 22:00" in shown
    assert "Resecentrum entré, Torget" in shown
    assert action_named(card, "reminder.snooze")["data"] == {
        "action": "reminder.snooze", "policy": "camera_erasure", "record": str(request.id)}
    assert len(reminder_cards(desk, office.dana, CAMERA_ERASURE)) == 1
    assert reminder_cards(desk, office.erik) == []

    # Evaluated again: queued once. Twelve hours before: the second step, in English too.
    await run(desk, CAMERA_ERASURE, local(2026, 4, 2, 16, 0))
    assert len(reminder_cards(desk, office.rolf, CAMERA_ERASURE)) == 1
    await run(desk, CAMERA_ERASURE, local(2026, 4, 3, 12, 0))
    assert len(reminder_cards(desk, office.rolf, CAMERA_ERASURE)) == 2

    async with desk.db.session(readonly=True) as session:
        assert await CAMERA_ERASURE.still_applies(session, str(request.id),
                                                  local(2026, 4, 3, 12, 0))
    await change(desk, request.id, secured_at=local(2026, 4, 3, 13, 0),
                 secured_by_person_id=rolf, status="secured")
    async with desk.db.session(readonly=True) as session:
        assert not await CAMERA_ERASURE.still_applies(session, str(request.id),
                                                      local(2026, 4, 3, 14, 0))
        assert not await CAMERA_ERASURE.still_applies(session, "nonsense",
                                                      local(2026, 4, 3, 14, 0))
    assert await run(desk, CAMERA_ERASURE, local(2026, 4, 3, 14, 0)) == []
    assert CAMERA_ERASURE.legal and CAMERA_ERASURE.defaults == {"hours": [48, 12]}


async def test_a_closed_request_or_one_already_erased_is_not_nagged(office):
    desk = office.desk
    closed = await add_request(desk, "KAM-2026-0002", [office.cameras["K-1"]],
                               local(2026, 4, 2, 10, 0), erasure_at=ERASURE_AT,
                               closed_at=local(2026, 4, 2, 11, 0), status="closed")
    await add_request(desk, "KAM-2026-0003", [office.cameras["K-1"]],
                      local(2026, 4, 2, 10, 0), erasure_at=local(2026, 4, 1, 8, 0),
                      status="too_late")
    assert await run(desk, CAMERA_ERASURE, local(2026, 4, 3, 12, 0)) == []
    async with desk.db.session(readonly=True) as session:
        assert not await CAMERA_ERASURE.still_applies(session, str(closed.id),
                                                      local(2026, 4, 3, 12, 0))


async def test_no_decision_after_three_working_days_the_dso_is_reminded(office):
    desk, dana = office.desk, office.dana.who.person_id
    request = await add_request(desk, "KAM-2026-0004", [office.cameras["K-1"]],
                                local(2026, 4, 2, 10, 0), erasure_at=ERASURE_AT)
    assert await run(desk, CAMERA_NO_DECISION, local(2026, 4, 8, 16, 0)) == []
    due = await run(desk, CAMERA_NO_DECISION, local(2026, 4, 9, 10, 0))
    assert keys(due) == [f"camera_no_decision:{request.id}:w0:{dana}"]
    [card] = reminder_cards(desk, office.dana, CAMERA_NO_DECISION)
    assert t("sv", "cameras.followup.decision_step", days=3) in texts_of_card(card)
    assert reminder_cards(desk, office.rolf, CAMERA_NO_DECISION) == []

    await change(desk, request.id, decision="partial", decided_on=date(2026, 4, 10),
                 status="decided")
    async with desk.db.session(readonly=True) as session:
        assert not await CAMERA_NO_DECISION.still_applies(session, str(request.id),
                                                          local(2026, 4, 16, 10, 0))
    assert await run(desk, CAMERA_NO_DECISION, local(2026, 4, 16, 10, 0)) == []


async def test_cameras_to_review_one_card_a_month_per_responsible_person(office):
    desk = office.desk
    rolf, dana = office.rolf.who.person_id, office.dana.who.person_id
    org = desk.organisation_id
    due = await run(desk, CAMERA_ASSESSMENT_REVIEW, local(2026, 11, 30, 9, 0))
    assert keys(due) == sorted(f"camera_assessment_review:{org}:{p}:2026-11"
                               for p in (rolf, dana))
    [mine] = reminder_cards(desk, office.rolf, CAMERA_ASSESSMENT_REVIEW)
    shown = texts_of_card(mine)
    # K-1's assessment is from January 2024; K-4 and K-5 are recent; K-3 is removed.
    assert t("sv", "cameras.followup.review_step_one", months=12) in shown
    assert "K-1 Resecentrum entré" in shown and "K-5" not in shown and "K-3" not in shown
    [dsos] = reminder_cards(desk, office.dana, CAMERA_ASSESSMENT_REVIEW)
    assert "K-2 Torget" in texts_of_card(dsos)  # nobody answers for it
    assert t("sv", "cameras.followup.review_none") in texts_of_card(dsos)

    # Once a month: the same month queues nothing new.
    await run(desk, CAMERA_ASSESSMENT_REVIEW, local(2026, 11, 30, 15, 0))
    assert len(reminder_cards(desk, office.rolf, CAMERA_ASSESSMENT_REVIEW)) == 1

    # The organisation's own interval: 36 months, so K-1 (January 2024) is not due yet.
    async with desk.db.session() as session:
        session.add(ReminderSetting(organisation_id=org, policy="camera_assessment_review",
                                    settings={"months": 36}))
    due = await run(desk, CAMERA_ASSESSMENT_REVIEW, local(2026, 12, 1, 9, 0), {"months": 36})
    assert keys(due) == [f"camera_assessment_review:{org}:{dana}:2026-12"]
    async with desk.db.session(readonly=True) as session:
        assert not await CAMERA_ASSESSMENT_REVIEW.still_applies(
            session, f"{org}:{rolf}", local(2026, 12, 1, 9, 0))
        assert await CAMERA_ASSESSMENT_REVIEW.still_applies(
            session, f"{org}:{dana}", local(2026, 12, 1, 9, 0))
        assert not await CAMERA_ASSESSMENT_REVIEW.still_applies(
            session, "nonsense", local(2026, 12, 1, 9, 0))


# -- the summary's figures ---------------------------------------------------------------------

async def test_the_figures_equal_counts_of_the_seeded_rows(office):
    desk = office.desk
    k1, k2 = office.cameras["K-1"], office.cameras["K-2"]
    seeded = [  # (received, decision, status, erasure_at, handed over)
        (local(2026, 1, 1, 0, 30), "disclose", "handed_over", local(2026, 1, 5, 0, 0), True),
        (local(2026, 3, 2, 9, 0), "partial", "handed_over", local(2026, 3, 6, 0, 0), True),
        (local(2026, 4, 2, 10, 0), "partial", "decided", ERASURE_AT, False),
        (local(2026, 5, 4, 9, 0), "refuse", "closed", local(2026, 5, 8, 0, 0), False),
        (local(2026, 6, 1, 9, 0), None, "too_late", local(2026, 5, 20, 0, 0), False),
        (local(2026, 7, 1, 9, 0), None, "received", None, False),
        (local(2026, 8, 1, 9, 0), None, "closed", local(2026, 7, 30, 0, 0), False),
        (local(2025, 12, 31, 23, 30), "disclose", "handed_over", local(2026, 1, 2), True),
    ]
    for number, (received, decision, status, erasure, handed) in enumerate(seeded, 1):
        await add_request(desk, f"KAM-X-{number:04d}", [k1, k2], received, decision=decision,
                          status=status, erasure_at=erasure,
                          handed_over_at=received + timedelta(days=2) if handed else None)
    # Another organisation's camera and request are not counted.
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        session.add(Camera(organisation_id=other.id, reference="K-1", name="Annan", count=9))
        session.add(FootageRequest(
            organisation_id=other.id, reference="KAM-2026-0001", requester_kind="police",
            camera_ids=[], window_start=local(2026, 2, 1, 1, 0),
            window_end=local(2026, 2, 1, 2, 0), received_at=local(2026, 2, 2, 9, 0),
            status="received", decision="disclose"))

    async with desk.db.session(readonly=True) as session:
        cameras = list(await session.scalars(select(Camera).where(
            Camera.organisation_id == desk.organisation_id)))
        requests = list(await session.scalars(select(FootageRequest).where(
            FootageRequest.organisation_id == desk.organisation_id)))
        found = {f.key: f for f in await SECTION.figures(
            session, [desk.organisation_id], period_of(2026, local(2026, 11, 30, 9, 0)))}

    active = [c for c in cameras if c.status == "active"]
    year = [r for r in requests if r.received_at.astimezone(STOCKHOLM).year == 2026]
    expected = {
        "cameras.registered": sum(c.count for c in active),
        "cameras.incomplete": sum(c.count for c in active if c.assessment_on is None
                                  or (c.recording and c.retention_hours is None)),
        "cameras.requests": len(year),
        "cameras.disclosed": sum(r.decision == "disclose" for r in year),
        "cameras.disclosed_in_part": sum(r.decision == "partial" for r in year),
        "cameras.refused": sum(r.decision == "refuse" for r in year),
        "cameras.too_late": sum(r.status == "too_late" or (
            r.erasure_at is not None and r.erasure_at < r.received_at) for r in year),
        "cameras.handed_over": sum(r.handed_over_at is not None for r in year),
    }
    assert {k: f.value for k, f in found.items()} == expected
    assert expected == {"cameras.registered": 1 + 4 + 1 + 2, "cameras.incomplete": 4 + 2,
                        "cameras.requests": 7, "cameras.disclosed": 1,
                        "cameras.disclosed_in_part": 2, "cameras.refused": 1,
                        "cameras.too_late": 2, "cameras.handed_over": 2}
    assert found["cameras.incomplete"].of == 8 and found["cameras.refused"].of == 7
    assert found["cameras.registered"].command == "kameror"
    assert found["cameras.incomplete"].command == "kameror ofullständiga"
    assert SECTION.name == "cameras" and SECTION.order == 40
    for figure in found.values():
        assert t("en", figure.label_key) and t("sv", figure.label_key)


async def test_the_figures_on_postgresql_too(db, registry):
    desk = await Desk.open(db, registry)
    camera = await add_camera(desk, "K-1", count=3, retention_hours=48)
    await add_request(desk, "KAM-2026-0001", [camera.id], local(2026, 4, 2, 10, 0),
                      erasure_at=local(2026, 4, 1, 0, 0), status="too_late")
    async with desk.db.session(readonly=True) as session:
        found = {f.key: f.value for f in await SECTION.figures(
            session, [desk.organisation_id], period_of(2026, local(2026, 11, 30, 9, 0)))}
    assert found["cameras.registered"] == 3 and found["cameras.incomplete"] == 3
    assert found["cameras.requests"] == 1 and found["cameras.too_late"] == 1


# -- the legal grounds as dated data ---------------------------------------------------------

async def test_the_grounds_valid_on_a_day_and_an_organisations_own_rule(office):
    desk, org = office.desk, office.desk.organisation_id
    async with desk.db.session() as session:
        other, _ = await OrganisationRepository(session).upsert("sn", "Socialnämnden")
        shared = [g.code for g in await grounds_valid_on(session, org, date(2026, 4, 2))]
        assert "osl_32_3a" in shared and len(shared) == 7
        # A new rule in force from 1 July 2026 (e.g. after Ds 2024:11).
        await add_ground(session, org, "ds_2024_11", "Ny regel om utlämnande till polisen",
                         "New rule on disclosure to the police", valid_from=date(2026, 7, 1))
        # The general clause replaced by the organisation's own wording, ending in 2026.
        await add_ground(session, org, "osl_10_27", "Generalklausulen (egen lydelse)",
                         "The general clause (own wording)", valid_to=date(2026, 12, 31))

    async with desk.db.session(readonly=True) as session:
        def codes(grounds):
            return [g.code for g in grounds]

        june = codes(await grounds_valid_on(session, org, date(2026, 6, 30)))
        july = await grounds_valid_on(session, org, date(2026, 7, 1))
        next_year = codes(await grounds_valid_on(session, org, date(2027, 1, 1)))
        assert "ds_2024_11" not in june and "ds_2024_11" in codes(july)
        assert codes(july) == sorted(codes(july))
        [general] = [g for g in july if g.code == "osl_10_27"]
        assert general.organisation_id == org and general.label_sv.endswith("(egen lydelse)")
        assert "osl_10_27" not in next_year  # the shared one does not come back
        assert await ground_valid_on(session, org, "ds_2024_11", date(2026, 6, 30)) is None
        assert (await ground_valid_on(session, org, "ds_2024_11", date(2026, 7, 1))).label_en
        # Another organisation is offered only the shared grounds.
        theirs = codes(await grounds_valid_on(session, other.id, date(2027, 1, 1)))
        assert "ds_2024_11" not in theirs and "osl_10_27" in theirs

    async with desk.db.session() as session:
        ended = await end_ground(session, org, "osl_32_3a", date(2026, 9, 30))
        assert ended.organisation_id == org and ended.valid_to == date(2026, 9, 30)
        with pytest.raises(InvalidInput):
            await add_ground(session, org, "Bad Code!", "x", "y")
        with pytest.raises(InvalidInput):
            await add_ground(session, org, "late", "x", "y", valid_from=date(2026, 2, 1),
                             valid_to=date(2026, 1, 1))
        with pytest.raises(InvalidInput):
            await end_ground(session, org, "no_such_ground", date(2026, 1, 1))
    async with desk.db.session(readonly=True) as session:
        october = [g.code for g in await grounds_valid_on(session, org, date(2026, 10, 1))]
        assert "osl_32_3a" not in october
        shared_rows = list(await session.scalars(select(CameraLegalGround).where(
            CameraLegalGround.organisation_id.is_(None))))
        assert len(shared_rows) == 7 and all(g.valid_to is None for g in shared_rows)


def test_the_grounds_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from bot.cli import UserError, main
    from bot.settings import Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["org", "add", "bn", "Bildningsnämnden"]) == 0

    parser = argparse.ArgumentParser(prog="dsobot")
    cameras = parser.add_subparsers(dest="command").add_parser("cameras")
    add_grounds_commands(cameras.add_subparsers(dest="cameras_command"))

    def dsobot(*argv: str) -> str:
        capsys.readouterr()
        args = parser.parse_args(list(argv))
        assert args.handler(Settings.load(), args) == 0
        return capsys.readouterr().out

    out = dsobot("cameras", "grounds", "add", "--org", "bn", "--code", "ds_2024_11",
                 "--sv", "Ny regel", "--en", "New rule", "--from", "2026-07-01")
    assert "ds_2024_11" in out and "own" in out and "2026-07-01" in out
    assert "ds_2024_11" not in dsobot("cameras", "grounds", "list", "--org", "bn",
                                      "--on", "2026-06-30")
    listed = dsobot("cameras", "grounds", "list", "--org", "bn", "--on", "2026-07-01")
    assert "ds_2024_11" in listed and "osl_32_3a" in listed
    dsobot("cameras", "grounds", "end", "--org", "bn", "--code", "osl_32_3a",
           "--on", "2026-08-31")
    assert "osl_32_3a" not in dsobot("cameras", "grounds", "list", "--org", "bn",
                                     "--on", "2026-09-01")
    assert "osl_32_3a" in dsobot("cameras", "grounds", "list", "--org", "bn", "--all")
    with pytest.raises(UserError):
        args = parser.parse_args(["cameras", "grounds", "list", "--org", "nobody"])
        args.handler(Settings.load(), args)
    with pytest.raises(SystemExit):
        parser.parse_args(["cameras", "grounds", "list", "--org", "bn", "--on", "1 juli"])


def test_hours_left_are_elapsed_hours():
    from features.cameras.followup.rules import hours_left

    assert hours_left(local(2026, 3, 30, 9, 0), local(2026, 3, 28, 9, 0)) == 47
    assert hours_left(local(2026, 3, 30, 9, 0), local(2026, 3, 31, 9, 0)) == 0


def test_the_reminder_cards_validate_render_and_stay_small(registry):
    from tests.cards.test_official_renderer import TEAMS_SAFE_BYTES, check_with_node

    names = ("reminder_camera_erasure", "reminder_camera_no_decision",
             "reminder_camera_review")
    assert set(names) <= set(registry.samples)
    cards = [registry.samples[n](lang) for n in names for lang in ("sv", "en")]
    report = check_with_node([{"name": f"c{i}", "card": c} for i, c in enumerate(cards)])
    assert all(not r["errors"] for r in report.values()), report
    assert all(len(str(c).encode()) < TEAMS_SAFE_BYTES for c in cards)
    review = texts_of_card(registry.samples["reminder_camera_review"]("sv"))
    assert t("sv", "cameras.followup.review_more", count=3) in review


def test_a_step_already_covered_by_the_alert_at_logging_is_not_sent_again():
    erasure = datetime(2026, 4, 3, 22, 0, tzinfo=STOCKHOLM)
    logged = datetime(2026, 4, 2, 10, 0, tzinfo=STOCKHOLM)  # 36 hours before: urgent
    facts = ErasureFacts("r1", erasure, received_at=logged)
    assert erasure_step(facts, STEPS, logged + timedelta(hours=1)) is None  # h48: told
    later = erasure_step(facts, STEPS, erasure - timedelta(hours=11))
    assert later is not None and later.name == "h12"
