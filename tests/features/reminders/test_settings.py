"""`påminnelser`: the DSO sees each schedule in words and changes it on a form that reads
numbers as Swedes write them, refuses what is not valid (keeping what was typed), and
audits every change. Staff are refused politely, with what they can do instead."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from chat.install import install
from chat.registry import Feature
from chat.reminders import ReminderPolicy
from features import FEATURES
from i18n import t
from storage.models import AuditEntry, ReminderSetting
from storage.repos import PeopleRepository
from tests.support.cards import action_where, input_value, texts_of_card
from tests.support.handler import Desk, fixed_clock

STHLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=STHLM)


async def _never(*args):
    return []


# A policy with a ladder and escalation addresses, as an incident policy has.
LADDER = ReminderPolicy(name="test_ladder", label_key="reminders.policy.weekly_digest",
                        find=_never, legal=True,
                        defaults={"hours": [24, 48], "escalate_to": [], "hour": 8})


@pytest.fixture
async def desk(sqlite_db) -> Desk:
    registry = install([*FEATURES, Feature("test_ladder", reminder_policies=(LADDER,))])
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    return desk


async def settings_of(desk: Desk, policy: str) -> ReminderSetting | None:
    async with desk.db.session(readonly=True) as session:
        return await session.scalar(select(ReminderSetting).where(
            ReminderSetting.organisation_id == desk.organisation_id,
            ReminderSetting.policy == policy))


async def audit(desk: Desk, action: str) -> list[AuditEntry]:
    async with desk.db.session(readonly=True) as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def overview(desk: Desk, who) -> dict:
    [card] = (await desk.say(who, "påminnelser")).messages
    return card


async def form_for(desk: Desk, who, card: dict, policy: str) -> dict:
    button = action_where(card, action="reminders.edit", policy=policy)
    return (await desk.press(who, button["data"])).replace_card


async def save(desk: Desk, who, form: dict, **inputs: str):
    return await desk.press(who, {**action_where(form, action="reminders.save")["data"],
                                  **inputs})


async def test_the_dso_sees_each_reminder_in_words(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    card = await overview(desk, dana)
    shown = texts_of_card(card)
    assert t("sv", "reminders.card.title") in shown
    assert t("sv", "reminders.policy.unfinished_drafts") in shown
    assert t("sv", "reminders.param.unfinished_drafts.hours") in shown
    assert "24 timmar" in shown and "14 dagar" in shown
    # The digest is off until the organisation switches it on.
    assert t("sv", "reminders.policy.weekly_digest") in shown
    assert t("sv", "reminders.card.off") in shown
    # A legal clock says it is sent at once; its ladder and its hour read as words.
    assert t("sv", "reminders.card.legal") in shown
    assert "24 och 48 timmar" in shown and "kl. 08.00" in shown
    assert t("sv", "reminders.office.text", start="08:00", end="17:00") in shown
    assert t("sv", "reminders.queue.no_problems") in shown
    assert await audit(desk, "reminders.viewed")


async def test_an_admin_may_too_and_english_reads_english(desk):
    ada = await desk.person("Ada Admin", "admin", locale="en")
    card = await overview(desk, ada)
    assert t("en", "reminders.card.title") in texts_of_card(card)
    assert "24 hours" in texts_of_card(card)


async def test_staff_are_refused_politely_with_what_they_can_do(desk):
    sara = await desk.person("Sara Svensson")
    answer = await desk.say(sara, "påminnelser")
    assert answer.messages == [t("sv", "bot.not_allowed")]
    assert "hjälp" in answer.messages[0]
    # A forged card action is refused by the capability itself, and audited.
    forged = await desk.press(sara, {"action": "reminders.save", "policy": "unfinished_drafts",
                                     "enabled": "false"})
    assert forged.messages == [t("sv", "reminders.not_allowed")]
    assert "mina ärenden" in forged.messages[0]
    assert await settings_of(desk, "unfinished_drafts") is None
    [refused] = await audit(desk, "reminders.refused")
    assert refused.actor_person_id == sara.who.person_id
    assert refused.detail["card_action"] == "reminders.save"


async def test_a_dso_of_another_organisation_is_refused_here(desk):
    other = await Desk.open(desk.db, desk.registry, slug="sn", name="Socialnämnden")
    dana = await other.person("Dana Dataskyddsombud", "dso")
    async with desk.db.session() as session:
        await PeopleRepository(session).set_home_organisation(dana.who.person_id,
                                                              desk.organisation_id)
    # Dana speaks in Bildningsnämnden, where she is staff only.
    dana_here = await desk.person("Dana Dataskyddsombud")
    assert dana_here.who.organisation.id == desk.organisation_id and dana_here.who.is_dso
    answer = await desk.press(dana_here, {"action": "reminders.show"})
    assert answer.messages == [t("sv", "reminders.not_allowed")]


async def test_a_change_in_swedish_numbers_is_stored_and_audited(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    form = await form_for(desk, dana, await overview(desk, dana), "unfinished_drafts")
    assert input_value(form, "p_hours") == "24"
    done = (await save(desk, dana, form, enabled="true", p_hours="48,0",
                       p_max_days="7")).replace_card
    shown = texts_of_card(done)
    assert t("sv", "reminders.saved", name=t("sv", "reminders.policy.unfinished_drafts")) in shown
    assert "48 timmar" in shown and "7 dagar" in shown
    stored = await settings_of(desk, "unfinished_drafts")
    assert (stored.enabled, stored.settings) == (True, {"hours": 48, "max_days": 7})
    assert stored.updated_by_person_id == dana.who.person_id
    [changed] = await audit(desk, "reminders.settings_changed")
    assert changed.detail["changed"] == ["hours", "max_days"]
    assert changed.record_id == "unfinished_drafts"
    # Saving the same again changes nothing, and says so.
    again = (await save(desk, dana, form, enabled="true", p_hours="48",
                        p_max_days="7")).replace_card
    assert t("sv", "reminders.unchanged",
             name=t("sv", "reminders.policy.unfinished_drafts")) in texts_of_card(again)
    assert len(await audit(desk, "reminders.settings_changed")) == 1


@pytest.mark.parametrize("typed,problem", [("2,5", "reminders.error.whole"),
                                           ("0", "reminders.error.positive"),
                                           ("ett dygn", "reminders.error.number"),
                                           ("", "reminders.error.required")])
async def test_an_invalid_number_is_refused_and_what_was_typed_is_kept(desk, typed, problem):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    form = await form_for(desk, dana, await overview(desk, dana), "unfinished_drafts")
    refused = (await save(desk, dana, form, enabled="true", p_hours=typed,
                          p_max_days="9")).replace_card
    shown = texts_of_card(refused)
    assert t("sv", "reminders.error.in_field",
             field=t("sv", "reminders.param.unfinished_drafts.hours"),
             problem=t("sv", problem)) in shown
    assert input_value(refused, "p_hours") == typed
    assert input_value(refused, "p_max_days") == "9"
    assert await settings_of(desk, "unfinished_drafts") is None


async def test_a_policy_is_switched_on_and_off(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    form = await form_for(desk, dana, await overview(desk, dana), "weekly_digest")
    assert t("sv", "reminders.form.no_params") in texts_of_card(form)
    await save(desk, dana, form, enabled="true")
    assert (await settings_of(desk, "weekly_digest")).enabled is True
    # A client that sends no switch leaves it as it was.
    await save(desk, dana, form)
    assert (await settings_of(desk, "weekly_digest")).enabled is True
    await save(desk, dana, form, enabled="false")
    assert (await settings_of(desk, "weekly_digest")).enabled is False


async def test_a_ladder_and_addresses_are_read_and_checked(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    form = await form_for(desk, dana, await overview(desk, dana), "test_ladder")
    assert input_value(form, "p_hours") == "24, 48"
    assert t("sv", "reminders.form.legal") in texts_of_card(form)
    refused = (await save(desk, dana, form, enabled="true", p_hours="24, 48; 72",
                          p_escalate_to="chef@kommun.se, inte-en-adress",
                          p_hour="8")).replace_card
    assert "inte-en-adress" in texts_of_card(refused)
    assert input_value(refused, "p_escalate_to") == "chef@kommun.se, inte-en-adress"
    assert await settings_of(desk, "test_ladder") is None
    done = (await save(desk, dana, form, enabled="true", p_hours="24, 48; 72",
                       p_escalate_to="Chef@Kommun.se", p_hour="7")).replace_card
    assert "24, 48 och 72 timmar" in texts_of_card(done)
    stored = await settings_of(desk, "test_ladder")
    assert stored.settings == {"hours": [24, 48, 72], "escalate_to": ["chef@kommun.se"],
                               "hour": 7}


async def test_office_hours_are_changed_and_checked(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    form = await form_for(desk, dana, await overview(desk, dana), "office_hours")
    assert input_value(form, "p_start") == "08:00"
    refused = (await save(desk, dana, form, p_start="16:00", p_end="09:00")).replace_card
    assert t("sv", "reminders.error.office_order") in texts_of_card(refused)
    assert input_value(refused, "p_start") == "16:00"
    assert await settings_of(desk, "office_hours") is None
    done = (await save(desk, dana, form, p_start="9", p_end="16:30")).replace_card
    assert t("sv", "reminders.office.text", start="09:00", end="16:30") in texts_of_card(done)
    assert (await settings_of(desk, "office_hours")).settings == {"start": "09:00",
                                                                  "end": "16:30"}


async def test_a_policy_that_is_not_installed_is_not_found(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    answer = await desk.press(dana, {"action": "reminders.save", "policy": "nonsense"})
    assert answer.messages == [t("sv", "reminders.unknown_policy")]


async def test_the_help_card_lists_the_command_for_the_dso_only(desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    sara = await desk.person("Sara Svensson")
    [for_dana] = (await desk.say(dana, "hjälp")).messages
    [for_sara] = (await desk.say(sara, "hjälp")).messages
    assert t("sv", "reminders.commands.reminders") in texts_of_card(for_dana)
    assert t("sv", "reminders.commands.reminders") not in texts_of_card(for_sara)
