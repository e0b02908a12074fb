"""The DSO's side: the alert card, decisions with their legal minimum, questions, and abuse."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cards.safe import inert
from features.incidents.repo import IncidentRepository
from i18n import t
from storage.repos import AuditRepository, PeopleRepository
from tests.features.incidents.steps import (
    case_file_text,
    clicked_inputs,
    open_form,
    report_by_clicking,
    submit_form,
)
from tests.support.cards import action_named, cards_in, input_value, texts_of_card
from tests.support.fakes.activities import TENANT
from tests.support.harness import BotUnderTest, Person, click
from tests.support.texts import text_pattern

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_ids = itertools.count(1)


class Scene:
    """An organisation with a DSO, a reporter, and one filed incident."""

    def __init__(self, bot: BotUnderTest, dso: Person, staff: Person, alert: dict, org: int):
        self.bot, self.dso, self.staff, self.alert, self.org = bot, dso, staff, alert, org

    @property
    def incident_id(self) -> str:
        return action_named(self.alert, "incident.case_file")["data"]["incident"]

    async def stored(self):
        async with self.bot.db.session(readonly=True) as session:
            return await IncidentRepository(session).get(self.org, uuid.UUID(self.incident_id))

    async def audit_actions(self) -> list[str]:
        async with self.bot.db.session(readonly=True) as session:
            entries = await AuditRepository(session).for_record(
                self.org, "incident", self.incident_id
            )
        return [e.action for e in entries]


async def file_report(bot: BotUnderTest, *, aware_days_ago: int = 1) -> Scene:
    org = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    dso = bot.user("Dana Dataskyddsombud")
    await bot.grant(dso, org, "dso", email="dana@example.se")
    await dso.install()
    staff = bot.user("Stina Skola")
    await staff.install()
    [first] = cards_in(await staff.say("rapportera incident"))
    day = (datetime.now(STOCKHOLM) - timedelta(days=aware_days_ago)).date().isoformat()
    answers = clicked_inputs()
    for step in ("occurred_at", "discovered_at", "aware_at"):
        answers[step] = {**answers[step], "flow_date": day}
    await report_by_clicking(staff, first, answers)
    staff.new_messages()
    [alert] = cards_in(dso.new_messages())
    return Scene(bot, dso, staff, alert, org)


@pytest.fixture
async def scene(bot: BotUnderTest) -> Scene:
    return await file_report(bot)


async def whole_case(scene: Scene) -> str:
    async def press(data: dict) -> dict:
        body, _ = await scene.dso.execute(data)
        return body["value"]
    return await case_file_text(press, scene.incident_id)


async def test_alert_card_shows_clock_severity_and_advice(scene: Scene) -> None:
    text = texts_of_card(scene.alert)
    assert text_pattern("sv", "dso.clock.left").search(text)  # time left to the 72 hours
    assert t("sv", "incident.severity.reason.dpc_special") in await whole_case(scene)
    assert t("sv", "dso.severity.suggestion",
             suggestion=t("sv", "incident.severity.suggestion.likely_high_risk")) in text


async def test_take_ownership_updates_card_and_tells_reporter(scene: Scene) -> None:
    card, _ = await click(scene.dso, scene.alert, "incident.take")

    assert card is not None and "Dana Dataskyddsombud" in texts_of_card(card)
    assert (await scene.stored()).status == "in_review"
    [status] = cards_in(scene.staff.new_messages())
    assert t("sv", "dso.reporter.status_now",
             status=t("sv", "incident.case_status.in_review")) in texts_of_card(status)


DECIDER = {"decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef enligt delegationsordning"}


async def test_not_notifiable_needs_a_justification(scene: Scene) -> None:
    refused, _ = await submit_form(scene.dso, scene.alert, "incident.decide",
                                   decision="not_notifiable", **DECIDER)
    assert inert(t("sv", "handling.decision_needs_justification")) in texts_of_card(refused)
    # What the DSO entered is still there to complete, not to type again.
    assert input_value(refused, "decided_by") == "Eva Ek"
    assert input_value(refused, "decision") == "not_notifiable"
    assert (await scene.stored()).decision is None
    assert scene.staff.new_messages() == []

    decided, _ = await click(scene.dso, refused, "incident.decide",
                             decision="not_notifiable", **DECIDER,
                             justification="Mottagaren är en kollega med tystnadsplikt "
                                           "som har raderat mejlet.")
    stored = await scene.stored()
    assert stored.decision == "not_notifiable" and stored.status == "not_notifiable"
    assert (stored.decided_by, stored.decided_capacity) == (
        "Eva Ek", "Förvaltningschef enligt delegationsordning")
    assert t("sv", "dso.decision.not_notifiable") in texts_of_card(decided)
    assert "tystnadsplikt" in await whole_case(scene)
    [told] = cards_in(scene.staff.new_messages())
    assert t("sv", "incident.case_status.not_notifiable") in texts_of_card(told)


async def test_notified_needs_a_time_and_is_recorded(scene: Scene) -> None:
    refused, _ = await submit_form(scene.dso, scene.alert, "incident.decide",
                                   decision="notified", **DECIDER)
    assert inert(t("sv", "handling.decision_needs_time")) in texts_of_card(refused)
    # A date without a time is not a notification time: the deadline runs in hours.
    now = datetime.now(STOCKHOLM) - timedelta(minutes=5)
    day_only, _ = await click(scene.dso, refused, "incident.decide", decision="notified",
                              **DECIDER, imy_notified_at=now.date().isoformat())
    assert inert(t("sv", "dialog.form.datetime_both")) in texts_of_card(day_only)

    await click(scene.dso, day_only, "incident.decide", decision="notified", **DECIDER,
                imy_notified_at=now.date().isoformat(), imy_notified_at_time=now.strftime("%H:%M"),
                imy_reference="IMY-2026-123", notification_phase="preliminary")
    stored = await scene.stored()
    assert stored.status == "notified_imy" and stored.imy_reference == "IMY-2026-123"
    assert stored.imy_notified_at == now.replace(second=0, microsecond=0)
    assert stored.notification_phase == "preliminary"


async def test_late_report_requires_reasons_for_delay(bot: BotUnderTest) -> None:
    scene = await file_report(bot, aware_days_ago=5)
    assert t("sv", "dso.clock.late") in texts_of_card(scene.alert)
    now = datetime.now(STOCKHOLM) - timedelta(minutes=5)
    when = {"imy_notified_at": now.date().isoformat(),
            "imy_notified_at_time": now.strftime("%H:%M")}

    refused, _ = await submit_form(scene.dso, scene.alert, "incident.decide",
                                   decision="notified", **DECIDER, **when)
    assert inert(t("sv", "handling.decision_needs_late_reason")) in texts_of_card(refused)
    await click(scene.dso, refused, "incident.decide", decision="notified", **DECIDER, **when,
                late_reason="Rapporten kom in sent från enheten.")
    assert (await scene.stored()).late_reason == "Rapporten kom in sent från enheten."


async def test_question_is_relayed_and_answer_added(scene: Scene) -> None:
    await submit_form(scene.dso, scene.alert, "incident.ask", question="Vilka elever gällde det?")
    [question] = cards_in(scene.staff.new_messages())
    assert "Vilka elever gällde det?" in texts_of_card(question)

    answered, _ = await click(scene.staff, question, "incident.reply",
                              answer="Klass 7B, ungefär 25 elever.")

    assert answered is not None and "Klass 7B" in texts_of_card(answered)
    dso_messages = scene.dso.new_messages()
    assert any("Klass 7B" in texts_of_card(c) for c in cards_in(dso_messages))
    stored = await scene.stored()
    assert stored.status == "in_review"
    # Answering twice adds nothing.
    body, _ = await scene.staff.execute(
        {**action_named(question, "incident.reply")["data"], "answer": "igen"}
    )
    assert body["value"] == t("sv", "handling.already_answered")
    async with scene.bot.db.session() as session:
        events = await IncidentRepository(session).events(scene.org, stored.id)
    assert [e.kind for e in events].count("reporter_answered") == 1


async def test_stale_card_changes_nothing(scene: Scene) -> None:
    form = await open_form(scene.dso, scene.alert, "incident.decide")
    await click(scene.dso, scene.alert, "incident.take")
    before = await scene.stored()

    # The form was opened before the incident was taken (on another device, say).
    current, _ = await click(scene.dso, form, "incident.decide",
                             decision="not_notifiable", **DECIDER,
                             justification="Gammalt kort, ny text.")

    after = await scene.stored()
    assert after.revision == before.revision and after.decision is None
    # Dana's own change came first: she is not told "someone else" changed it.
    assert inert(t("sv", "handling.stale_own")) in texts_of_card(current)
    assert "incident.decision_recorded.stale" in await scene.audit_actions()


async def test_staff_cannot_send_the_dsos_decision(scene: Scene) -> None:
    form = await open_form(scene.dso, scene.alert, "incident.decide")
    data = {**action_named(form, "incident.decide")["data"], "decision": "not_notifiable",
            **DECIDER, "justification": "Jag bestämmer själv att inte anmäla."}

    body, _ = await scene.staff.execute(data)

    assert body["value"] == t("sv", "bot.not_allowed_action")
    assert (await scene.stored()).decision is None
    assert "incident.refused.not_dso" in await scene.audit_actions()


async def test_another_organisations_incident_is_refused(scene: Scene) -> None:
    other_org = await scene.bot.add_organisation("ks", "Kommunstyrelsen")
    other_dso = scene.bot.user("Olle Ombud")
    await scene.bot.grant(other_dso, other_org, "dso")
    await other_dso.install()
    data = {**action_named(scene.alert, "incident.take")["data"]}

    body, _ = await other_dso.execute(data)

    assert body["value"] == t("sv", "handling.not_found")
    stored = await scene.stored()
    assert stored.owner_person_id is None and stored.revision == 1
    async with scene.bot.db.session() as session:
        entries = await AuditRepository(session).for_record(
            other_org, "incident", scene.incident_id
        )
    assert [e.action for e in entries] == ["incident.refused.unknown"]


async def test_same_action_delivered_twice_runs_once(scene: Scene) -> None:
    data = {**action_named(scene.alert, "incident.take")["data"]}
    activity = scene.dso.activity(
        "invoke", name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": "incident.take", "data": data}},
    )

    first = await scene.bot.post(activity)
    second = await scene.bot.post(activity)  # Teams retrying the same activity

    assert first.status == second.status == 200
    stored = await scene.stored()
    async with scene.bot.db.session(readonly=True) as session:
        events = await IncidentRepository(session).events(scene.org, stored.id)
    assert [e.kind for e in events].count("taken") == 1
    assert (await scene.stored()).revision == 2


async def test_imy_text_by_command(scene: Scene) -> None:
    stored = await scene.stored()

    [card] = cards_in(await scene.dso.say(f"incident {stored.reference} imy"))

    text = texts_of_card(card)
    assert t("sv", "imy.card.official") in text
    assert "Ett mejl med elevlistor skickades till fel mottagare." in text
    [listing] = cards_in(await scene.dso.say("incidenter"))
    assert stored.reference in texts_of_card(listing)
    [refused] = await scene.staff.say(f"incident {stored.reference}")
    assert refused["text"] == t("sv", "bot.not_allowed")


async def test_close_needs_a_decision(scene: Scene) -> None:
    data = {**action_named(scene.alert, "incident.imy")["data"], "action": "incident.close"}
    body, _ = await scene.dso.execute(data)
    assert inert(t("sv", "handling.close_needs_decision")) in texts_of_card(body["value"])
    assert (await scene.stored()).status == "submitted"


async def test_a_dso_serving_two_organisations_handles_both(bot: BotUnderTest) -> None:
    home = await bot.add_organisation("ks", "Kommunstyrelsen")
    other = await bot.add_organisation("bun", "Barn- och utbildningsnämnden")
    dso = bot.user("Dana Dataskyddsombud")
    await bot.grant(dso, home, "dso")
    await bot.grant(dso, other, "dso")
    async with bot.db.session() as session:  # Dana works for the first one
        person = await PeopleRepository(session).by_aad(None, dso.aad_id)
        await PeopleRepository(session).set_home_organisation(person.id, home)
    await dso.install()
    staff = bot.user("Stina Skola")
    async with bot.db.session() as session:
        row, _ = await PeopleRepository(session).ensure(aad_object_id=staff.aad_id,
                                                        tenant_id=TENANT, name=staff.name)
        await PeopleRepository(session).set_home_organisation(row.id, other)
    await staff.install()
    [first] = cards_in(await staff.say("rapportera incident"))
    await report_by_clicking(staff, first)
    [alert] = cards_in(dso.new_messages())

    taken, _ = await click(dso, alert, "incident.take")

    assert "Dana Dataskyddsombud" in texts_of_card(taken)
    [listing] = cards_in(await dso.say("incidenter"))
    assert "PUI-" in texts_of_card(listing)
    async with bot.db.session(readonly=True) as session:
        [incident] = await IncidentRepository(session).for_organisation(other)
        entries = await AuditRepository(session).for_record(other, "incident", incident.id)
    assert "incident.taken" in [e.action for e in entries]  # filed under the incident's own
