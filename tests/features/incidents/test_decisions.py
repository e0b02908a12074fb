"""Recording the decision as a DSO must be able to show it to IMY: who decided, when IMY
was notified (a time, in Stockholm), the reasons for a delay, the notification in
phases, and what the people affected were told. Real dates throughout.

The report is filed on Monday 23 November 2026 at 10:00; the organisation became
aware on Sunday 22 November at 11:00, so the 72 hours run out on Wednesday
25 November at 11:00 (all Stockholm time, winter time, UTC+1).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.safe import inert
from features.incidents.imy_text import imy_notification_text
from features.incidents.repo import IncidentRepository
from features.incidents.views import Controller
from i18n import t
from storage.repos import OrganisationSettingsRepository
from tests.features.incidents.steps import case_file_text, form_data, report_at_the_desk
from tests.support.cards import action_named, action_where, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FILED = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)
AWARE = datetime(2026, 11, 22, 11, 0, tzinfo=STOCKHOLM)
DECIDER = {"decided_by": "Eva Ek",
           "decided_capacity": "Förvaltningschef enligt delegationsordning"}


def at(moment: datetime, *people: Any) -> None:
    for ctx in people:
        ctx.clock = fixed_clock(moment)


def notified(moment: datetime) -> dict[str, str]:
    return {"imy_notified_at": moment.date().isoformat(),
            "imy_notified_at_time": moment.strftime("%H:%M")}


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


class Case:
    def __init__(self, desk: Desk, dana: Any, stina: Any, alert: dict) -> None:
        self.desk, self.dana, self.stina, self.alert = desk, dana, stina, alert
        self.id = action_named(alert, "incident.case_file")["data"]["incident"]

    async def stored(self):
        async with self.desk.db.session(readonly=True) as session:
            return await IncidentRepository(session).get(self.desk.organisation_id,
                                                         uuid.UUID(self.id))

    async def card(self) -> dict:
        return (await self.desk.press(self.dana, {"action": "incident.open",
                                                  "incident": self.id})).replace_card

    async def whole(self) -> str:
        """The whole case, every page, as the DSO reads it."""
        async def press(data: dict) -> dict:
            return (await self.desk.press(self.dana, data)).replace_card
        return await case_file_text(press, self.id)

    async def form(self, form_id: str) -> dict:
        card = await self.card()
        return (await self.desk.press(self.dana, action_where(
            card, action="incident.form", form=form_id)["data"])).replace_card

    async def save(self, form_id: str, **inputs: Any) -> dict:
        card = await self.card()
        return (await self.desk.press(self.dana, {**form_data(card, form_id),
                                                  **inputs})).replace_card


async def file(desk: Desk, **typed: str) -> Case:
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    at(FILED, dana, stina)
    await report_at_the_desk(desk, stina, **typed)
    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    return Case(desk, dana, stina, alert)


# -- 4. a notification after 72 hours can be recorded, with the reasons ------------------

async def test_a_notification_73_hours_after_awareness_asks_for_the_reasons_and_saves_them(desk):
    case = await file(desk)  # reported in time: 23 hours after awareness
    late = datetime(2026, 11, 25, 12, 0, tzinfo=STOCKHOLM)  # 73 hours after awareness
    at(late, case.dana)

    form = await case.form("incident.decide")
    assert "late_reason" in inputs_of(form)  # asked, though the report itself was on time

    refused = await case.save("incident.decide", decision="notified", **DECIDER,
                              **notified(late))
    assert inert(t("sv", "handling.decision_needs_late_reason")) in texts_of_card(refused)
    assert (await case.stored()).decision is None
    assert inputs_of(refused)["decided_by"]["value"] == "Eva Ek"  # nothing typed is lost

    await case.save("incident.decide", decision="notified", **DECIDER, **notified(late),
                    late_reason="IT-forensiken blev klar först på onsdagen.")
    stored = await case.stored()
    assert stored.decision == "notified" and stored.imy_notified_at == late
    assert stored.late_reason == "IT-forensiken blev klar först på onsdagen."
    card = await case.whole()
    assert t("sv", "dso.decision.notified_late", when="2026-11-25 12:00", span="1 tim") in card


# -- 5. the notification is a time, compared the same way everywhere ---------------------

async def test_a_notification_six_hours_late_on_the_deadline_day_is_late(desk):
    case = await file(desk)
    evening = datetime(2026, 11, 25, 17, 0, tzinfo=STOCKHOLM)  # the deadline was 11:00
    at(evening, case.dana)

    refused = await case.save("incident.decide", decision="notified", **DECIDER,
                              **notified(evening))

    assert inert(t("sv", "handling.decision_needs_late_reason")) in texts_of_card(refused)


async def test_the_card_and_the_imy_text_agree_on_lateness(desk):
    case = await file(desk)
    in_time = datetime(2026, 11, 25, 10, 59, tzinfo=STOCKHOLM)
    at(in_time, case.dana)
    await case.save("incident.decide", decision="notified", **DECIDER, **notified(in_time))
    card = await case.whole()
    assert t("sv", "dso.decision.notified_in_time", when="2026-11-25 10:59") in card
    view = await _view(case)
    assert not view.delay_to_explain
    assert t("sv", "imy.delay") not in imy_notification_text(view, Controller(name="BN"))


async def test_just_after_midnight_todays_date_is_not_in_the_future(desk):
    case = await file(desk)
    # 00:30 on Thursday 26 November in Stockholm is still the 25th in UTC.
    night = datetime(2026, 11, 26, 0, 30, tzinfo=STOCKHOLM)
    at(night, case.dana)
    moment = datetime(2026, 11, 26, 0, 15, tzinfo=STOCKHOLM)

    await case.save("incident.decide", decision="notified", **DECIDER, **notified(moment),
                    late_reason="Helgen.")

    assert (await case.stored()).imy_notified_at == moment
    refused = await case.save("incident.decide", decision="notified", **DECIDER,
                              **notified(datetime(2026, 11, 26, 9, 0, tzinfo=STOCKHOLM)),
                              late_reason="Helgen.")
    assert inert(t("sv", "dialog.error.future")) in texts_of_card(refused)


# -- 6. a day without a time is not shown as midnight --------------------------------------

async def test_awareness_given_as_a_day_is_shown_as_that_day_with_time_unknown(desk):
    case = await file(desk, aware_at="igår")
    card = texts_of_card(case.alert)
    assert t("sv", "incident.time_unknown", day="2026-11-22") in card
    assert "2026-11-22 00:00" not in card
    text = imy_notification_text(await _view(case), Controller(name="BN"))
    assert t("sv", "incident.time_unknown", day="2026-11-22") in text
    assert "00:00" not in text
    # The clock still runs, carefully, from the start of that day.
    assert t("sv", "dso.clock.deadline", when="2026-11-25 00:00") in card


# -- who decides, in what capacity, apart from the DSO's advice ----------------------------

async def test_the_dsos_advice_and_the_controllers_decision_are_recorded_apart(desk):
    case = await file(desk)
    await case.save("incident.advise", dso_advice="notify",
                    dso_advice_note="Elevernas hälsouppgifter: risken kan inte uteslutas.")
    await case.save("incident.decide", decision="not_notifiable", **DECIDER,
                    justification="Mottagaren är skolsköterska och raderade mejlet oläst.",
                    own_assessment="medium")
    stored = await case.stored()
    assert stored.dso_advice == "notify" and stored.decision == "not_notifiable"
    assert (stored.decided_by, stored.decided_capacity, stored.own_assessment) == (
        "Eva Ek", "Förvaltningschef enligt delegationsordning", "medium")
    card = await case.whole()
    assert t("sv", "dso.advice.notify") in card
    assert "Eva Ek, Förvaltningschef enligt delegationsordning" in card


async def test_where_the_controller_decides_the_dso_advises_and_an_admin_records(desk):
    async with desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(desk.organisation_id,
                                                          dso_records_decisions=False)
    ann = await desk.person("Ann Admin", "admin")
    case = await file(desk)
    at(FILED, ann)
    # The admin is told of the incident, with the decision to record.
    [admin_alert] = [m for m in desk.notifier.to(ann.who.person_id) if isinstance(m, dict)]
    assert action_where(admin_alert, action="incident.form", form="incident.decide")

    # The DSO cannot record the decision; the refusal is audited.
    data = {**form_data(admin_alert, "incident.decide"), "decision": "notified", **DECIDER,
            **notified(FILED)}
    refused = await desk.press(case.dana, data)
    assert refused.messages == [t("sv", "bot.not_allowed_action")]
    assert "incident.refused.not_decide" in await _trail(case)

    # The DSO's advice reaches the admin, who records the decision.
    await case.save("incident.advise", dso_advice="notify")
    told = t("sv", "handling.advice_given", reference=(await case.stored()).reference)
    assert told in desk.notifier.to(ann.who.person_id)
    opened = await desk.press(ann, {"action": "incident.open", "incident": case.id})
    answer = await desk.press(ann, {**data, **form_data(opened.replace_card, "incident.decide")})
    assert answer.replace_card is not None
    stored = await case.stored()
    assert stored.decision == "notified" and stored.imy_notified_at == FILED


# -- phased notification (Art. 33(4)) ------------------------------------------------------

async def test_a_preliminary_notification_shows_when_the_supplement_is_due(desk):
    case = await file(desk)
    at(FILED, case.dana)
    await case.save("incident.decide", decision="notified", **DECIDER, **notified(FILED),
                    notification_phase="preliminary", imy_reference="IMY-2026-1234")
    card = texts_of_card(await case.card())
    assert t("sv", "dso.decision.supplement_due", when="2026-12-21") in card
    closing = await desk.press(case.dana, form_data(await case.card(), "incident.close"))
    assert inert(t("sv", "handling.close_needs_supplement")) in texts_of_card(
        closing.replace_card)

    later = datetime(2026, 12, 10, 14, 0, tzinfo=STOCKHOLM)
    at(later, case.dana)
    await case.save("incident.supplement", imy_supplement_at=later.date().isoformat(),
                    imy_supplement_at_time="14:00")
    stored = await case.stored()
    assert stored.imy_supplement_at == later
    card = texts_of_card(await case.card())
    assert t("sv", "dso.decision.supplement_due", when="2026-12-21") not in card


# -- the people affected (Art. 34) ---------------------------------------------------------

async def test_informing_the_people_affected_needs_when_and_how_or_the_exception(desk):
    case = await file(desk)
    refused = await case.save("incident.subjects", subjects_informed="yes")
    assert inert(t("sv", "handling.subjects_needs_when_how")) in texts_of_card(refused)
    await case.save("incident.subjects", subjects_informed="yes",
                    subjects_informed_on="2026-11-23", subjects_informed_method="Brev")
    stored = await case.stored()
    assert (stored.subjects_informed, stored.subjects_informed_on,
            stored.subjects_informed_method) == (True, date(2026, 11, 23), "Brev")

    refused = await case.save("incident.subjects", subjects_informed="no")
    assert inert(t("sv", "handling.decision_needs_subjects_reason")) in texts_of_card(refused)
    await case.save("incident.subjects", subjects_informed="no",
                    art34_exception="unintelligible")
    stored = await case.stored()
    assert stored.subjects_informed is False and stored.art34_exception == "unintelligible"
    assert stored.subjects_informed_on is None  # "no" replaces what "yes" said


# -- the diarienummer ----------------------------------------------------------------------

async def test_a_registrar_enters_the_diarienummer_and_sees_only_a_summary(desk):
    rita = await desk.person("Rita Registrator", "registrar")
    case = await file(desk)
    at(FILED, rita)
    opened = await desk.press(rita, {"action": "incident.open", "incident": case.id})
    summary = texts_of_card(opened.replace_card)
    assert t("sv", "dso.summary.scope") in summary
    assert t("sv", "incident.subjects.pupils") not in summary  # who was affected
    assert "Stina" not in summary  # no names

    form = await desk.press(rita, action_where(opened.replace_card, action="incident.form",
                                               form="incident.register")["data"])
    await desk.press(rita, {**action_named(form.replace_card, "incident.register")["data"],
                            "diarienummer": "BN 2026/123"})
    assert (await case.stored()).diarienummer == "BN 2026/123"
    assert "BN 2026/123" in texts_of_card(await case.card())

    # The registrar may not decide; the refusal is audited.
    decide = {**form_data(await case.card(), "incident.decide"), "decision": "not_notifiable",
              **DECIDER, "justification": "Registratorn bestämmer inte detta."}
    assert (await desk.press(rita, decide)).messages == [t("sv", "bot.not_allowed_action")]
    assert "incident.refused.not_decide" in await _trail(case)


async def test_the_security_coordinator_is_alerted_as_the_organisation_says(desk):
    async with desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(
            desk.organisation_id, alert_scopes={"security_coordinator": "summary"})
    isa = await desk.person("Isak Informationssäkerhet", "security_coordinator")
    case = await file(desk)
    [alert] = [m for m in desk.notifier.to(isa.who.person_id) if isinstance(m, dict)]
    shown = texts_of_card(alert)
    assert t("sv", "dso.summary.scope") in shown
    assert t("sv", "incident.subjects.pupils") not in shown
    assert not [a for a in _actions(alert) if a != "incident.case_file"]  # nothing to do

    async with desk.db.session() as session:
        await OrganisationSettingsRepository(session).set(
            desk.organisation_id, alert_scopes={"security_coordinator": "full"})
    at(FILED, isa)
    full = await desk.press(isa, {"action": "incident.open", "incident": case.id})
    assert t("sv", "incident.subjects.pupils") in texts_of_card(full.replace_card)
    assert set(_actions(full.replace_card)) <= {"incident.imy", "incident.case_file"}


# -- near misses ---------------------------------------------------------------------------

async def test_a_near_miss_has_no_clock_no_decision_and_is_closed_as_such(desk):
    case = await file(desk, event="tillbud")
    stored = await case.stored()
    assert stored.near_miss
    shown = texts_of_card(case.alert)
    assert t("sv", "dso.clock.near_miss") in shown
    assert "incident.decide" not in str(case.alert)
    closed = await desk.press(case.dana, form_data(await case.card(), "incident.close"))
    assert closed.replace_card is not None
    assert (await case.stored()).status == "closed"


# -- helpers -------------------------------------------------------------------------------

def _actions(card: dict) -> list[str]:
    from tests.support.cards import actions_of

    return [a["data"]["action"] for a in actions_of(card) if a.get("type") == "Action.Execute"]


async def _trail(case: Case) -> list[str]:
    from storage.repos import AuditRepository

    async with case.desk.db.session(readonly=True) as session:
        entries = await AuditRepository(session).for_record(
            case.desk.organisation_id, "incident", case.id)
    return [e.action for e in entries]


async def _view(case: Case):
    from features.incidents.records import load_view

    async with case.desk.db.session(readonly=True) as session:
        return await load_view(session, await case.stored(), "sv", case.dana.now())
