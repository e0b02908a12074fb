"""The register's reminders as object owners notice them: one card a month listing the
entries not confirmed for a year, confirmed row by row on the card (which then says
who confirmed and when; a second click does nothing new; an entry changed meanwhile
is not confirmed), what is missing, changes waiting for approval after two working
days, and DPIA follow-ups. Real dates: Monday 23 November 2026 in Stockholm.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from cards import reminder_kit as kit
from cards.gallery import HOSTILE_LONG, HOSTILE_NAME
from chat.reminders import ReminderPolicy
from compliance.localtime import month_of
from compliance.workdays import after_working_days
from features.register.reminders import (
    DPIA_FOLLOWUP,
    REGISTER_APPROVALS,
    REGISTER_INCOMPLETE,
    REGISTER_REVIEW,
)
from features.register.repo import RegisterRepository
from features.register.rules.reminders import (
    ApprovalFacts,
    ApprovalSettings,
    ReviewFacts,
    approval_settings,
    approval_step,
    due_for_review,
    follow_up_date,
    follow_up_due,
    review_months,
)
from i18n import t
from storage.models import ActivityVersion, AuditEntry, Person, ProcessingActivity
from storage.repos import OrganisationSettingsRepository
from tests.cards.test_official_renderer import TEAMS_SAFE_BYTES, check_with_node
from tests.support.cards import action_named, actions_of, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock
from tests.support.reminders import reminder_cards as reminders
from tests.support.reminders import run

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


# -- the rules, pure -------------------------------------------------------------------------

def test_an_entry_is_due_for_review_twelve_months_after_it_was_last_confirmed():
    confirmed = ReviewFacts("a", date(2025, 11, 23), date(2020, 1, 1))
    never = ReviewFacts("b", None, date(2025, 11, 1))
    leap = ReviewFacts("c", date(2024, 2, 29), date(2020, 1, 1))
    retired = ReviewFacts("d", date(2020, 1, 1), date(2020, 1, 1), retired=True)
    assert due_for_review([confirmed, never, leap, retired], 12, date(2026, 11, 22)) == \
        [leap, never]  # the longest unconfirmed first; the retired never
    assert due_for_review([confirmed], 12, date(2026, 11, 23)) == [confirmed]
    assert due_for_review([leap], 12, date(2025, 2, 27)) == []
    assert due_for_review([leap], 12, date(2025, 2, 28)) == [leap]
    assert review_months({"months": 6}) == 6 and review_months({"months": "x"}) == 12


def test_the_month_is_the_step_of_a_monthly_reminder_in_stockholm_time():
    # 23:30 UTC on 31 October is already 1 November in Stockholm.
    assert month_of(datetime.fromisoformat("2026-10-31T23:30:00+00:00")) == "2026-11"


def test_an_approval_is_due_after_two_swedish_working_days_then_weekly():
    # Asked on Maundy Thursday 2 April 2026 at 15:00; Good Friday and Easter Monday
    # are holidays: the two working days are Tuesday 7 and Wednesday 8 April.
    facts = ApprovalFacts("r", "owner", local(2026, 4, 2, 15, 0))
    ladder = ApprovalSettings()
    assert after_working_days(facts.waiting_since, 2) == local(2026, 4, 8, 15, 0)
    assert approval_step(facts, ladder, local(2026, 4, 8, 14, 59)) is None
    assert approval_step(facts, ladder, local(2026, 4, 8, 15, 0)).name == "owner.0"
    assert approval_step(facts, ladder, local(2026, 4, 15, 15, 0)).name == "owner.1"
    # Stopped for a fortnight: only the latest weekly step.
    assert approval_step(facts, ladder, local(2026, 4, 30, 9, 0)).name == "owner.3"
    # A new stage starts the ladder again, under another name.
    at_dso = ApprovalFacts("r", "dso", local(2026, 4, 9, 9, 0))
    assert approval_step(at_dso, ladder, local(2026, 4, 13, 9, 0)).name == "dso.0"
    assert approval_settings({"working_days": 0, "then_every_days": "x"}) == \
        ApprovalSettings(0, 7)


def test_working_days_across_the_change_to_summer_time_keep_the_time_of_day():
    # Friday 27 March 2026 10:00 CET; summer time begins on Sunday 29 March.
    due = after_working_days(local(2026, 3, 27, 10, 0), 2)
    assert due == local(2026, 3, 31, 10, 0) and due.utcoffset().total_seconds() == 7200


def test_a_dpia_follow_up_is_due_from_its_day_on():
    assert follow_up_due(date(2026, 11, 23), date(2026, 11, 23))
    assert not follow_up_due(date(2026, 11, 24), date(2026, 11, 23))
    assert not follow_up_due(date(2026, 11, 1), date(2026, 11, 23), retired=True)
    assert follow_up_date("2026-11-20") == date(2026, 11, 20)
    assert follow_up_date("nästa vår") is None and follow_up_date(None) is None


# -- against a real database -----------------------------------------------------------------

ENTRY: dict[str, Any] = {
    "name": "Elevhälsans journalföring", "purposes": ["Dokumentera elevhälsans insatser"],
    "subject_categories": ["Elever"], "data_categories": ["Namn", "Hälsouppgifter"],
    "special_categories": ["health"], "art9_basis": ["9.2h"], "recipients": ["IVO"],
    "retention": "Arkivlagen", "legal_basis": ["6.1c"],
    "security_measures": "Behörighetsstyrning och loggning", "systems": ["Procapita"],
    "classified": "no", "dpia": "not_needed", "status": "active",
    "reviewed_on": "2025-10-01",
}


class Register:
    def __init__(self, desk: Desk, olle: Any, sara: Any, dana: Any, erik: Any) -> None:
        self.desk, self.olle, self.sara, self.dana, self.erik = desk, olle, sara, dana, erik
        self.ids: dict[str, str] = {}

    async def add(self, **values: Any) -> str:
        async with self.desk.db.session() as session:
            repo = RegisterRepository(session)
            obj = await repo.ensure_object(self.desk.organisation_id, "Elevhälsa")
            obj.owner_person_id = self.olle.who.person_id
            activity = await repo.create(self.desk.organisation_id, obj, {**ENTRY, **values},
                                         actor=None, source="import", reason="Import")
            self.ids[activity.reference] = str(activity.id)
            return str(activity.id)

    async def entry(self, reference: str) -> ProcessingActivity:
        async with self.desk.db.session(readonly=True) as session:
            found = await RegisterRepository(session).get(self.desk.organisation_id,
                                                          uuid.UUID(self.ids[reference]))
        assert found is not None
        return found

    async def versions(self, reference: str) -> list[ActivityVersion]:
        async with self.desk.db.session(readonly=True) as session:
            return await RegisterRepository(session).versions(
                self.desk.organisation_id, uuid.UUID(self.ids[reference]))

    async def audit(self) -> list[str]:
        async with self.desk.db.session(readonly=True) as session:
            return list(await session.scalars(select(AuditEntry.action)))

    async def applies(self, policy: ReminderPolicy, record_id: str) -> bool:
        assert policy.still_applies is not None
        async with self.desk.db.session(readonly=True) as session:
            return await policy.still_applies(session, record_id, NOW)


async def open_register(db, registry) -> Register:
    desk = await Desk.open(db, registry)
    desk.clock = fixed_clock(NOW)
    olle = await desk.person("Olle Objektägare", "object_owner")
    sara = await desk.person("Sara Svensson")
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    erik = await desk.person("Erik Ek")
    return Register(desk, olle, sara, dana, erik)


@pytest.fixture
async def register(sqlite_db, registry) -> Register:
    return await open_register(sqlite_db, registry)


@pytest.fixture
async def register_on_both(db, registry) -> Register:
    """On SQLite and on PostgreSQL."""
    return await open_register(db, registry)


def confirm_data(card: dict, entry_id: str) -> dict:
    """The "still correct" button of the row of one entry."""
    return next(a["data"] for a in actions_of(card)
                if (a.get("data") or {}).get("action") == "register.review_confirm"
                and a["data"]["register_entry"] == entry_id)


async def test_the_owner_gets_one_card_listing_the_entries_not_confirmed_for_a_year(register):
    await register.add()  # BEH-0001, last confirmed 1 October 2025: due
    await register.add(name="Skolskjuts", reviewed_on="2026-06-01")  # BEH-0002: not due
    await register.add(name="Elevregister", reviewed_on="2025-11-23")  # BEH-0003: due today
    due = await run(register.desk, REGISTER_REVIEW, NOW)

    olle = register.olle.who.person_id
    assert [d.key for d in due] == [
        f"register_review:{register.desk.organisation_id}:{olle}:2026-11"]
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)
    shown = texts_of_card(card)
    assert t("sv", "register.reminder.review.step", count=2, months=12) in shown
    assert "BEH-0001" in shown and "BEH-0003" in shown and "BEH-0002" not in shown
    assert t("sv", "register.reminder.review.last", day="1 oktober 2025") in str(card)
    assert action_named(card, "reminder.snooze")["data"] == {
        "action": "reminder.snooze", "policy": "register_review", "record": str(olle)}
    assert [c["value"] for c in inputs_of(card)["days"]["choices"]] == ["1", "3", "7", "14"]
    # Nobody else is asked about Olle's entries.
    assert reminders(register.desk, register.dana, REGISTER_REVIEW) == []

    # The same month again: nothing new; the next month: a new card.
    assert [d.key for d in await run(register.desk, REGISTER_REVIEW, local(2026, 11, 30, 9, 0))
            ] == [d.key for d in due]
    assert len(reminders(register.desk, register.olle, REGISTER_REVIEW)) == 1
    await run(register.desk, REGISTER_REVIEW, local(2026, 12, 1, 9, 0))
    assert len(reminders(register.desk, register.olle, REGISTER_REVIEW)) == 2


async def test_confirming_on_the_card_updates_it_in_place_and_keeps_a_version(
        register_on_both):
    register = register_on_both
    await register.add()
    await register.add(name="Elevregister", reviewed_on="2025-05-05")
    await run(register.desk, REGISTER_REVIEW, NOW)
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)

    answer = await register.desk.press(register.olle, confirm_data(card, register.ids["BEH-0001"]))
    updated = answer.replace_card
    shown = texts_of_card(updated)
    assert t("sv", "register.reminder.review.done", reference="BEH-0001") in shown
    assert t("sv", "register.reminder.review.confirmed", name="Olle Objektägare",
             day="23 november 2026") in shown
    assert t("sv", "register.reminder.review.step_one", months=12) in shown  # one left
    entry = await register.entry("BEH-0001")
    assert entry.reviewed_on == date(2026, 11, 23)
    latest = (await register.versions("BEH-0001"))[-1]
    assert latest.source == "confirm" and latest.actor_person_id == register.olle.who.person_id
    assert latest.changes == {"reviewed_on": {"old": "2025-10-01", "new": "2026-11-23"}}
    assert "register_entry.confirmed" in await register.audit()

    # The second entry, from the updated card: then everything on it is confirmed.
    second = confirm_data(updated, register.ids["BEH-0002"])
    done = (await register.desk.press(register.olle, second)).replace_card
    assert t("sv", "register.reminder.review.all_done") in texts_of_card(done)
    assert "reminder.snooze" not in str(done)
    assert not await register.applies(REGISTER_REVIEW, str(register.olle.who.person_id))


async def test_a_second_click_on_the_same_row_does_nothing_new_and_says_so(
        register_on_both):
    register = register_on_both
    await register.add()
    await run(register.desk, REGISTER_REVIEW, NOW)
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)
    data = confirm_data(card, register.ids["BEH-0001"])
    await register.desk.press(register.olle, data)
    versions = len(await register.versions("BEH-0001"))

    again = (await register.desk.press(register.olle, data)).replace_card
    assert t("sv", "register.reminder.review.already", reference="BEH-0001",
             name="Olle Objektägare", day="23 november 2026") in texts_of_card(again)
    assert len(await register.versions("BEH-0001")) == versions
    # Confirmed from another card the same day: also nothing new.
    entry_card = (await register.desk.press(register.olle, {
        "action": "register.confirm", "register_entry": register.ids["BEH-0001"],
        "rev": (await register.entry("BEH-0001")).revision})).replace_card
    assert t("sv", "register.entry.confirmed_today") in texts_of_card(entry_card)
    assert len(await register.versions("BEH-0001")) == versions


async def test_an_entry_changed_after_the_reminder_is_not_confirmed_and_the_card_says_so(
        register):
    await register.add()
    await run(register.desk, REGISTER_REVIEW, NOW)
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)
    # Meanwhile the DSO changes the retention on the entry's own card.
    async with register.desk.db.session() as session:
        repo = RegisterRepository(session)
        activity = await repo.get(register.desk.organisation_id,
                                  uuid.UUID(register.ids["BEH-0001"]))
        obj = await repo.ensure_object(register.desk.organisation_id, "Elevhälsa")
        await repo.update(activity, obj, {"retention": "Gallras efter fem år"},
                          actor=register.dana.who.person_id, source="owner")

    answer = (await register.desk.press(register.olle, confirm_data(card, register.ids["BEH-0001"]))
              ).replace_card
    assert t("sv", "register.reminder.review.changed", reference="BEH-0001") in \
        texts_of_card(answer)
    assert (await register.entry("BEH-0001")).reviewed_on == date(2025, 10, 1)
    assert "register_entry.confirmed.stale" in await register.audit()
    # The card is the entry as it is now: confirming it after a look works.
    await register.desk.press(register.olle, confirm_data(answer, register.ids["BEH-0001"]))
    assert (await register.entry("BEH-0001")).reviewed_on == date(2026, 11, 23)


async def test_a_stranger_cannot_confirm_and_the_refusal_is_audited(register):
    await register.add()
    await run(register.desk, REGISTER_REVIEW, NOW)
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)
    data = confirm_data(card, register.ids["BEH-0001"])

    answer = await register.desk.press(register.erik, data)
    assert answer.messages == [t("sv", "register.not_allowed")]
    assert (await register.entry("BEH-0001")).reviewed_on == date(2025, 10, 1)
    assert "register_entry.refused.not_keeper" in await register.audit()
    # A forged entry id is "not found", and audited too.
    forged = await register.desk.press(register.olle, {**data,
                                                       "register_entry": str(uuid.uuid4())})
    assert forged.messages == [t("sv", "register.not_found")]
    assert "register_entry.refused.unknown" in await register.audit()
    # The DSO may confirm for the owner.
    by_dso = (await register.desk.press(register.dana, data)).replace_card
    assert t("sv", "register.reminder.review.confirmed", name="Dana Dataskyddsombud",
             day="23 november 2026") in texts_of_card(by_dso)


async def test_many_entries_are_paged_and_the_card_stays_small(register):
    for _ in range(30):
        await register.add(name=HOSTILE_NAME + HOSTILE_LONG, reviewed_on="2024-01-01")
    await run(register.desk, REGISTER_REVIEW, NOW)
    [card] = reminders(register.desk, register.olle, REGISTER_REVIEW)
    assert len([a for a in actions_of(card)
                if a["data"].get("action") == "register.review_confirm"]) == 8 * 2
    shown = texts_of_card(card)
    assert t("sv", "register.reminder.shown", first=1, last=8, total=30) in shown
    assert kit.size_of(card) < 40 * 1024 and len(str(card).encode()) < TEAMS_SAFE_BYTES

    more = action_named(card, "register.review_page")
    assert more["title"] == t("sv", "register.reminder.more", count=22)
    page2 = (await register.desk.press(register.olle, more["data"])).replace_card
    assert t("sv", "register.reminder.shown", first=9, last=16, total=30) in \
        texts_of_card(page2)
    # Confirming on page 2 keeps the owner on page 2.
    first_on_page = next(a["data"] for a in actions_of(page2)
                         if a["data"].get("action") == "register.review_confirm")
    after = (await register.desk.press(register.olle, first_on_page)).replace_card
    assert t("sv", "register.reminder.shown", first=9, last=16, total=30) in \
        texts_of_card(after)
    report = check_with_node([{"name": n, "card": c} for n, c in
                              (("p1", card), ("p2", page2), ("after", after))])
    assert all(not r["errors"] for r in report.values()), report


async def test_incomplete_entries_are_listed_monthly_with_what_each_lacks(register):
    await register.add(retention=None, security_measures=None)
    await register.add(name="Skolskjuts", reviewed_on="2026-06-01")  # complete
    due = await run(register.desk, REGISTER_INCOMPLETE, NOW)
    olle = register.olle.who.person_id
    assert [d.key for d in due] == [
        f"register_incomplete:{register.desk.organisation_id}:{olle}:2026-11"]
    [card] = reminders(register.desk, register.olle, REGISTER_INCOMPLETE)
    shown = texts_of_card(card)
    assert t("sv", "register.reminder.incomplete.step_one", fields=2) in shown
    assert t("sv", "register.entry.missing", fields=", ".join(
        t("sv", f"register.field.{f}") for f in ("retention", "security_measures"))) in shown
    assert "Skolskjuts" not in shown
    form = (await register.desk.press(register.olle, action_named(
        card, "register.complete_start")["data"])).replace_card
    assert "retention" in inputs_of(form)
    assert await register.applies(REGISTER_INCOMPLETE, str(olle))
    again = await run(register.desk, REGISTER_INCOMPLETE, local(2026, 11, 27, 9, 0))
    assert [d.key for d in again] == [d.key for d in due]
    assert len(reminders(register.desk, register.olle, REGISTER_INCOMPLETE)) == 1


async def test_a_change_waiting_two_working_days_is_reminded_then_weekly(
        register_on_both):
    register = register_on_both
    entry_id = await register.add()
    # Sara asks for a change on Monday 23 November at 10:00.
    card = (await register.desk.press(register.sara, {
        "action": "register.open", "register_entry": entry_id})).replace_card
    picker = (await register.desk.press(register.sara, action_named(
        card, "register.change_start")["data"])).replace_card
    form = (await register.desk.press(register.sara, {**action_named(
        picker, "register.change_fields")["data"], "fields": "systems"})).replace_card
    await register.desk.press(register.sara, {**action_named(
        form, "register.change_submit")["data"], "systems": "PMO", "reason": "Nytt system."})

    assert await run(register.desk, REGISTER_APPROVALS, local(2026, 11, 25, 9, 59)) == []
    [due] = await run(register.desk, REGISTER_APPROVALS, local(2026, 11, 25, 10, 0))
    assert due.person_id == register.olle.who.person_id and ":owner.0:" in due.key
    [reminder] = reminders(register.desk, register.olle, REGISTER_APPROVALS)
    shown = texts_of_card(reminder)
    assert t("sv", "register.reminder.approval.title", reference="RA-2026-0001") in shown
    assert t("sv", "register.reminder.approval.step", days=2) in shown
    assert "måndag 23 november 2026" in shown and "Sara Svensson" in shown
    assert reminders(register.desk, register.sara, REGISTER_APPROVALS) == []

    # A week later once more; then Olle opens it from the reminder and approves.
    await run(register.desk, REGISTER_APPROVALS, local(2026, 12, 2, 10, 0))
    [_, weekly] = reminders(register.desk, register.olle, REGISTER_APPROVALS)
    request = (await register.desk.press(register.olle, action_named(
        weekly, "register.request_open")["data"])).replace_card
    await register.desk.press(register.olle, action_named(request, "register.approve")["data"])
    assert (await register.entry("BEH-0001")).values["systems"] == ["PMO"]
    request_id = action_named(weekly, "register.request_open")["data"]["register_request"]
    assert not await register.applies(REGISTER_APPROVALS, request_id)
    assert await run(register.desk, REGISTER_APPROVALS, local(2026, 12, 9, 10, 0)) == []


async def test_at_the_dsos_stage_the_dso_is_reminded(register):
    async with register.desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(register.desk.organisation_id,
                                                          register_dso_approval=True)
    entry_id = await register.add()
    # The owner's own change goes straight to the DSO's stage.
    card = (await register.desk.press(register.olle, {
        "action": "register.open", "register_entry": entry_id})).replace_card
    picker = (await register.desk.press(register.olle, action_named(
        card, "register.change_start")["data"])).replace_card
    form = (await register.desk.press(register.olle, {**action_named(
        picker, "register.change_fields")["data"], "fields": "systems"})).replace_card
    await register.desk.press(register.olle, {**action_named(
        form, "register.change_submit")["data"], "systems": "PMO", "reason": "Byte."})
    [due] = await run(register.desk, REGISTER_APPROVALS, local(2026, 11, 25, 10, 0))
    assert due.person_id == register.dana.who.person_id and ":dso.0:" in due.key
    [reminder] = reminders(register.desk, register.dana, REGISTER_APPROVALS)
    assert t("sv", "register.reminder.approval.what.dso") in texts_of_card(reminder)


async def test_a_dpia_follow_up_date_reminds_the_owner_and_the_dso_once(
        register_on_both):
    register = register_on_both
    entry_id = await register.add(dpia="follow_up", dpia_date="2025-11-20",
                                  dpia_follow_up="2026-11-20")
    await register.add(name="Skolskjuts", dpia="follow_up", dpia_date="2025-11-20",
                       dpia_follow_up="2027-01-15")
    due = await run(register.desk, DPIA_FOLLOWUP, NOW)
    assert sorted(d.key for d in due) == sorted(
        f"dpia_followup:{entry_id}:2026-11-20:{p.who.person_id}"
        for p in (register.olle, register.dana))
    [card] = reminders(register.desk, register.olle, DPIA_FOLLOWUP)
    shown = texts_of_card(card)
    assert t("sv", "register.reminder.dpia.step", day="20 november 2026") in shown
    assert "fredag 20 november 2026" in shown and "Skolskjuts" not in shown
    opened = await register.desk.press(register.olle, action_named(card, "register.open")
                                       ["data"])
    assert "BEH-0001" in texts_of_card(opened.messages[0])
    again = await run(register.desk, DPIA_FOLLOWUP, local(2026, 11, 24, 9, 0))
    assert sorted(d.key for d in again) == sorted(d.key for d in due)
    assert len(reminders(register.desk, register.olle, DPIA_FOLLOWUP)) == 1

    # A new follow-up date: this one no longer applies.
    assert await register.applies(DPIA_FOLLOWUP, entry_id)
    async with register.desk.db.session() as session:
        repo = RegisterRepository(session)
        activity = await repo.get(register.desk.organisation_id, uuid.UUID(entry_id))
        obj = await repo.ensure_object(register.desk.organisation_id, "Elevhälsa")
        await repo.update(activity, obj, {"dpia_follow_up": "2027-11-20"},
                          actor=register.olle.who.person_id, source="owner")
    assert not await register.applies(DPIA_FOLLOWUP, entry_id)
    assert not await register.applies(DPIA_FOLLOWUP, "not-an-id")


async def test_the_cards_read_in_english_and_are_valid(register):
    async with register.desk.db.session() as session:
        person = await session.get(Person, register.olle.who.person_id)
        person.preferred_language = "en"
    await register.add(retention=None, dpia="follow_up", dpia_date="2025-11-20",
                       dpia_follow_up="2026-11-20")
    for policy in (REGISTER_REVIEW, REGISTER_INCOMPLETE, DPIA_FOLLOWUP):
        await run(register.desk, policy, NOW)
    cards = [c for p in (REGISTER_REVIEW, REGISTER_INCOMPLETE, DPIA_FOLLOWUP)
             for c in reminders(register.desk, register.olle, p)]
    assert len(cards) == 3
    assert t("en", "register.reminder.review.step_one", months=12) in texts_of_card(cards[0])
    assert "Friday 20 November 2026" in texts_of_card(cards[2])
    report = check_with_node([{"name": f"r{i}", "card": c} for i, c in enumerate(cards)])
    assert all(not r["errors"] for r in report.values()), report
