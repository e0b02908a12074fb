"""The register in chat, as its users would say it: staff ask for a change, the object
owner approves it on the card, the entry changes and its history shows the version;
owners confirm, complete and hand over; every refusal is audited."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from features.register.repo import RegisterRepository
from i18n import t
from storage.models import ProcessingActivity
from storage.repos import AuditRepository, OrganisationSettingsRepository
from tests.support.cards import action_named, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)

ENTRY: dict[str, Any] = {
    "name": "Elevhälsans journalföring", "purposes": ["Dokumentera elevhälsans insatser"],
    "subject_categories": ["Elever"], "data_categories": ["Namn", "Hälsouppgifter"],
    "special_categories": ["health"], "recipients": ["IVO"], "retention": "Arkivlagen",
    "legal_basis": ["6.1c"], "security_measures": "Behörighetsstyrning och loggning",
    "systems": ["Procapita"], "classified": "no", "dpia": "not_needed", "status": "active",
}


class Register:
    def __init__(self, desk: Desk, olle: Any, sara: Any, dana: Any, entry_id: str) -> None:
        self.desk, self.olle, self.sara, self.dana, self.entry_id = desk, olle, sara, dana, \
            entry_id

    async def entry(self) -> ProcessingActivity:
        async with self.desk.db.session(readonly=True) as session:
            found = await RegisterRepository(session).get(self.desk.organisation_id,
                                                          uuid.UUID(self.entry_id))
        assert found is not None
        return found

    async def versions(self):
        async with self.desk.db.session(readonly=True) as session:
            return await RegisterRepository(session).versions(self.desk.organisation_id,
                                                              uuid.UUID(self.entry_id))

    async def card(self, who: Any) -> dict:
        return (await self.desk.press(who, {"action": "register.open",
                                             "register_entry": self.entry_id})).replace_card

    async def ask_change(self, who: Any, fields: str, **inputs: Any) -> dict:
        card = await self.card(who)
        picker = (await self.desk.press(who, action_named(card, "register.change_start")
                                        ["data"])).replace_card
        form = (await self.desk.press(who, {**action_named(picker, "register.change_fields")
                                            ["data"], "fields": fields})).replace_card
        return (await self.desk.press(who, {**action_named(form, "register.change_submit")
                                            ["data"], **inputs})).replace_card

    def sent_to(self, who: Any) -> list[Any]:
        return self.desk.notifier.to(who.who.person_id)

    async def trail(self) -> list[str]:
        async with self.desk.db.session(readonly=True) as session:
            entries = await AuditRepository(session).for_organisation(
                self.desk.organisation_id) if hasattr(AuditRepository, "for_organisation") \
                else []
        return [e.action for e in entries]


@pytest.fixture
async def register(sqlite_db, registry) -> Register:
    desk = await Desk.open(sqlite_db, registry)
    desk.clock = fixed_clock(NOW)
    olle = await desk.person("Olle Objektägare", "object_owner")
    sara = await desk.person("Sara Svensson")
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    async with desk.db.session() as session:
        repo = RegisterRepository(session)
        obj = await repo.ensure_object(desk.organisation_id, "Elevhälsa")
        obj.owner_person_id = olle.who.person_id
        activity = await repo.create(desk.organisation_id, obj, ENTRY, actor=None,
                                     source="import", reason="Import")
        entry_id = str(activity.id)
    return Register(desk, olle, sara, dana, entry_id)


def _approval_card(messages: list[Any]) -> dict:
    return next(m for m in reversed(messages) if isinstance(m, dict)
                and "register.approve" in str(m))


async def test_staff_ask_the_owner_approves_and_the_history_shows_the_version(register):
    sent = await register.ask_change(register.sara, "systems", systems="PMO\nProcapita",
                                     reason="Vi har bytt journalsystem.")
    assert t("sv", "register.request.sent") in texts_of_card(sent)
    assert (await register.entry()).values["systems"] == ["Procapita"]  # not yet

    approval = _approval_card(register.sent_to(register.olle))
    shown = texts_of_card(approval)
    assert "Procapita → PMO; Procapita" in shown  # old → new
    assert "Vi har bytt journalsystem." in shown

    data = action_named(approval, "register.approve")["data"]
    await register.desk.press(register.olle, data)
    entry = await register.entry()
    assert entry.values["systems"] == ["PMO", "Procapita"] and entry.version == 2
    [_, version] = await register.versions()
    assert version.source == "request" and version.request_id is not None
    assert version.changes == {"systems": {"old": ["Procapita"], "new": ["PMO", "Procapita"]}}
    assert t("sv", "register.told.approved", reference="RA-2026-0001") in \
        register.sent_to(register.sara)

    # The owner's second click on the same card does nothing new.
    again = await register.desk.press(register.olle, data)
    assert (await register.entry()).version == 2 and len(await register.versions()) == 2
    assert again.replace_card is not None


async def test_the_owner_rejects_with_a_reason_and_nothing_changes(register):
    await register.ask_change(register.sara, "retention", retention="Ett år",
                              reason="Kortare.")
    approval = _approval_card(register.sent_to(register.olle))
    refused = await register.desk.press(register.olle, {
        **action_named(approval, "register.reject")["data"]})
    assert t("sv", "register.form.reason_error") in texts_of_card(refused.replace_card) or \
        t("sv", "dialog.error.required") in texts_of_card(refused.replace_card)
    await register.desk.press(register.olle, {**action_named(approval, "register.reject")
                                              ["data"], "reason": "Arkivlagen gäller."})
    assert (await register.entry()).values["retention"] == "Arkivlagen"
    assert t("sv", "register.told.rejected", reference="RA-2026-0001") in \
        register.sent_to(register.sara)


async def test_the_owner_asks_and_the_requester_answers_in_chat(register):
    await register.ask_change(register.sara, "recipients", recipients="IVO\nSkolverket",
                              reason="Statistik.")
    approval = _approval_card(register.sent_to(register.olle))
    await register.desk.press(register.olle, {**action_named(approval, "register.ask")["data"],
                                              "question": "Vilken statistik?"})
    question = next(m for m in reversed(register.sent_to(register.sara))
                    if isinstance(m, dict) and "register.reply" in str(m))
    assert "Vilken statistik?" in texts_of_card(question)
    await register.desk.press(register.sara, {**action_named(question, "register.reply")
                                              ["data"], "answer": "Den årliga elevstatistiken."})
    told = register.sent_to(register.olle)
    assert t("sv", "register.told.answered", reference="RA-2026-0001") in told
    latest = _approval_card(told)
    assert "Den årliga elevstatistiken." in texts_of_card(latest)


async def test_the_owners_own_change_is_made_at_once(register):
    card = await register.ask_change(register.olle, "systems", systems="PMO",
                                     reason="Nytt system.")
    assert t("sv", "register.entry.saved") in texts_of_card(card)
    assert (await register.entry()).values["systems"] == ["PMO"]


async def test_where_the_dso_must_approve_too_it_goes_on_to_the_dso(register):
    async with register.desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(register.desk.organisation_id,
                                                          register_dso_approval=True)
    await register.ask_change(register.sara, "systems", systems="PMO", reason="Byte.")
    approval = _approval_card(register.sent_to(register.olle))
    await register.desk.press(register.olle, action_named(approval, "register.approve")["data"])
    assert (await register.entry()).values["systems"] == ["Procapita"]  # the DSO next
    dso_card = _approval_card(register.sent_to(register.dana))
    await register.desk.press(register.dana, action_named(dso_card, "register.approve")["data"])
    assert (await register.entry()).values["systems"] == ["PMO"]


async def test_staff_cannot_approve_and_the_refusal_is_audited(register):
    await register.ask_change(register.olle, "retention", retention="x", reason="y")
    # Sara asks; then Sara forges the owner's approval of her own request.
    await register.ask_change(register.sara, "systems", systems="PMO", reason="Byte.")
    approval = _approval_card(register.sent_to(register.olle))
    answer = await register.desk.press(register.sara,
                                       action_named(approval, "register.approve")["data"])
    assert answer.messages == [t("sv", "register.not_allowed")]
    assert (await register.entry()).values["systems"] == ["Procapita"]
    async with register.desk.db.session(readonly=True) as session:
        from sqlalchemy import select

        from storage.models import AuditEntry
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert "register_request.refused.not_approver" in actions


async def test_staff_see_a_summary_owners_see_everything(register):
    staff = texts_of_card(await register.card(register.sara))
    owner = texts_of_card(await register.card(register.olle))
    assert "Behörighetsstyrning och loggning" not in staff
    assert "Behörighetsstyrning och loggning" in owner
    assert "Dokumentera elevhälsans insatser" in staff


async def test_the_owner_confirms_completes_and_sees_each_in_the_history(register):
    card = await register.card(register.olle)
    await register.desk.press(register.olle, action_named(card, "register.confirm")["data"])
    assert (await register.entry()).reviewed_on.isoformat() == "2026-11-23"
    card = await register.card(register.olle)
    # "health" is special: the Art. 9 basis is missing; complete only that.
    assert t("sv", "register.field.art9_basis") in texts_of_card(card)
    form = (await register.desk.press(register.olle, action_named(
        card, "register.complete_start")["data"])).replace_card
    assert set(inputs_of(form)) >= {"art9_basis"}
    await register.desk.press(register.olle, {**action_named(form, "register.complete_submit")
                                              ["data"], "art9_basis": "9.2h",
                                              "classified": "no"})
    assert (await register.entry()).values["art9_basis"] == ["9.2h"]
    history = (await register.desk.press(register.olle, {"action": "register.history",
                                                         "register_entry": register.entry_id}))
    shown = texts_of_card(history.replace_card)
    assert t("sv", "register.history.source.confirm") in shown
    assert t("sv", "register.history.source.owner") in shown
    version = (await register.desk.press(register.olle, {
        "action": "register.version", "register_entry": register.entry_id, "number": 3}))
    assert "(tomt) →" in texts_of_card(version.replace_card).replace(
        t("sv", "register.version.empty"), "(tomt)")


async def test_the_owner_hands_the_object_over_and_the_new_owner_and_dso_are_told(register):
    card = await register.card(register.olle)
    form = (await register.desk.press(register.olle, action_named(
        card, "register.handover_start")["data"])).replace_card
    await register.desk.press(register.olle, {**action_named(form, "register.handover_submit")
                                               ["data"], "new_owner": "nina@kommun.example",
                                               "scope": "object"})
    nina = await register.desk.person("Nina Nyägare")
    async with register.desk.db.session() as session:
        from storage.repos import PeopleRepository

        person = await PeopleRepository(session).by_email("nina@kommun.example")
    told = [m for who, m in register.desk.notifier.sent if who == person.id]
    assert any(isinstance(m, str) and "BEH-0001" in m for m in told)
    assert any(isinstance(m, str) and "BEH-0001" in m for m in register.sent_to(register.dana))
    entry = await register.entry()
    versions = await register.versions()
    assert versions[-1].changes["owner"]["new"] == "nina@kommun.example"
    assert entry.version == 2
    assert nina is not None
