"""Correcting the facts of a report: the DSO at any time while the case is open, the
reporter until a DSO takes it. Each correction is kept with who, when, why and the
original answer, and the advice, the card and the IMY text follow the corrected facts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.safe import inert
from compliance.pii import MASK_LABELS
from dialogs.forms import PII_CHOICE
from features.incidents.imy_text import imy_notification_text
from features.incidents.records import load_view
from features.incidents.repo import IncidentRepository
from features.incidents.views import Controller
from i18n import t
from storage.repos import AuditRepository
from tests.features.incidents.steps import case_file_text, report_at_the_desk
from tests.support.cards import action_named, inputs_of, texts_of_card
from tests.support.handler import Desk, fixed_clock

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FILED = datetime(2026, 11, 23, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


class Report:
    def __init__(self, desk: Desk, dana: Any, stina: Any, receipt: dict, alert: dict) -> None:
        self.desk, self.dana, self.stina = desk, dana, stina
        self.receipt, self.alert = receipt, alert
        self.id = action_named(alert, "incident.case_file")["data"]["incident"]

    async def stored(self):
        async with self.desk.db.session(readonly=True) as session:
            return await IncidentRepository(session).get(self.desk.organisation_id,
                                                         uuid.UUID(self.id))

    async def card(self, who: Any = None) -> dict:
        answer = await self.desk.press(who or self.dana,
                                       {"action": "incident.open", "incident": self.id})
        return answer.replace_card

    async def correct(self, who: Any, card: dict, step: str, **inputs: Any) -> dict:
        """Press "correct", pick the question, answer it again with a reason."""
        picker = (await self.desk.press(who, action_named(card, "incident.correct_start")[
            "data"])).replace_card
        asked = (await self.desk.press(who, {**action_named(picker, "incident.correct_pick")[
            "data"], "step": step})).replace_card
        saved = await self.desk.press(who, {**action_named(asked, "incident.correct")["data"],
                                            **inputs})
        return saved.replace_card

    async def trail(self) -> list[str]:
        async with self.desk.db.session(readonly=True) as session:
            entries = await AuditRepository(session).for_record(
                self.desk.organisation_id, "incident", self.id)
        return [e.action for e in entries]


async def reported(desk: Desk, **typed: str) -> Report:
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    for ctx in (dana, stina):
        ctx.clock = fixed_clock(FILED)
    receipt = await report_at_the_desk(desk, stina, **typed)
    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    return Report(desk, dana, stina, receipt, alert)


async def test_the_dso_corrects_type_and_categories_and_everything_follows(desk):
    # The reporter was unsure what happened and said only "ordinary" data.
    report = await reported(desk, breach_type="vet inte", data_categories="1")
    before = await report.stored()
    assert before.answers["breach_type"] == "unsure"

    card = await report.correct(report.dana, await report.card(), "breach_type",
                                flow_value="loss",
                                reason="Datorn stals ur bilen enligt polisanmälan.")
    card = await report.correct(report.dana, card, "data_categories",
                                flow_value="ordinary,identity_numbers",
                                reason="Elevlistan hade personnummer.")

    stored = await report.stored()
    assert stored.answers["breach_type"] == "loss"
    assert stored.answers["data_categories"] == ["ordinary", "identity_numbers"]
    assert t("sv", "handling.correction_saved") in texts_of_card(card)

    async def press(data: dict) -> dict:
        return (await desk.press(report.dana, data)).replace_card

    shown = await case_file_text(press, report.id)
    assert inert(t("sv", "incident.breach_type.loss")) in shown
    # The history keeps what the report first said, who changed it and why.
    assert t("sv", "dso.correction.section") in shown
    assert inert(t("sv", "incident.breach_type.unsure")) in shown
    assert "Datorn stals ur bilen enligt polisanmälan." in shown
    # The advice follows: identity numbers single people out.
    assert t("sv", "incident.severity.reason.ei_identity_numbers") in shown
    async with desk.db.session(readonly=True) as session:
        view = await load_view(session, stored, "sv", FILED)
    text = imy_notification_text(view, Controller(name="Bildningsnämnden"))
    assert t("sv", "incident.breach_type.loss") in text
    assert t("sv", "incident.breach_type.unsure") not in text
    assert (await report.trail()).count("incident.answer_corrected") == 2


async def test_correcting_awareness_moves_the_clock(desk):
    report = await reported(desk)
    await report.correct(report.dana, await report.card(), "aware_at",
                         flow_date="2026-11-22", flow_time="10:30",
                         reason="Rektor fick veta det redan vid upptäckten.")
    stored = await report.stored()
    assert stored.aware_at == datetime(2026, 11, 22, 10, 30, tzinfo=STOCKHOLM)
    assert t("sv", "dso.clock.deadline", when="2026-11-25 10:30") in texts_of_card(
        await report.card())
    # Not before the breach was discovered: refused, nothing changed.
    refused = await report.correct(report.dana, await report.card(), "aware_at",
                                   flow_date="2026-11-21", flow_time="16:30", reason="Fel.")
    assert inert(t("sv", "incident.error.aware_before_discovered")) in texts_of_card(refused)
    assert (await report.stored()).aware_at == stored.aware_at


async def test_a_correction_needs_a_reason_and_a_valid_answer_and_loses_nothing(desk):
    report = await reported(desk)
    card = await report.card()
    refused = await report.correct(report.dana, card, "people_count", flow_value="ca 40")
    assert (await report.stored()).answers["people_count"]["min"] == 25
    assert inputs_of(refused)["flow_value"]["value"] == "ca 40"  # kept to send again

    refused = await report.correct(report.dana, card, "people_count", flow_value="många",
                                   reason="Fler klasser fick mejlet.")
    assert inputs_of(refused)["reason"]["value"] == "Fler klasser fick mejlet."
    assert (await report.stored()).answers["people_count"]["min"] == 25

    await report.correct(report.dana, card, "people_count", flow_value="ca 40",
                         reason="Fler klasser fick mejlet.")
    assert (await report.stored()).answers["people_count"]["min"] == 40


async def test_an_identity_number_in_a_corrected_text_is_held_back_then_masked(desk):
    report = await reported(desk)
    warned = await report.correct(report.dana, await report.card(), "description",
                                  flow_value="Betyget för 811218-9876 gick fel.",
                                  reason="Förtydligande.")
    assert PII_CHOICE in inputs_of(warned)
    assert "811218-9876" not in (await report.stored()).answers["description"]
    await report.desk.press(report.dana, {
        **action_named(warned, "incident.correct")["data"],
        "flow_value": "Betyget för 811218-9876 gick fel.", "reason": "Förtydligande.",
        PII_CHOICE: "mask"})
    stored = await report.stored()
    assert stored.answers["description"] == (
        f"Betyget för {MASK_LABELS['sv']['personnummer']} gick fel.")


async def test_the_reporter_corrects_until_a_dso_takes_the_case(desk):
    report = await reported(desk)
    done = await report.correct(report.stina, report.receipt, "unit",
                                flow_value="Norrskolan", reason="Fel skola angavs.")
    assert t("sv", "dso.reporter.corrected_saved") in texts_of_card(done)
    assert (await report.stored()).answers["unit"] == "Norrskolan"
    reference = (await report.stored()).reference
    assert t("sv", "handling.reporter_corrected", reference=reference) in \
        report.desk.notifier.to(report.dana.who.person_id)

    await report.desk.press(report.dana, action_named(await report.card(),
                                                      "incident.take")["data"])
    answer = await report.desk.press(report.stina, {
        **action_named(done, "incident.correct_start")["data"]})
    assert answer.messages == [t("sv", "handling.correction_taken_over")]
    assert "incident.refused.taken_over" in await report.trail()


async def test_someone_else_cannot_correct_a_report(desk):
    report = await reported(desk)
    olle = await desk.person("Olle Objekt")
    answer = await desk.press(olle, {"action": "incident.correct", "incident": report.id,
                                     "rev": 1, "step": "unit", "flow_value": "X",
                                     "reason": "Jag vill ändra."})
    assert answer.messages in ([t("sv", "bot.not_allowed_action")], [t("sv", "handling.not_found")])
    assert (await report.stored()).answers["unit"] == "Skolkontoret"


async def test_correcting_to_a_near_miss_takes_the_case_off_the_clock(desk):
    report = await reported(desk)
    card = await report.correct(report.dana, await report.card(), "event",
                                flow_value="near_miss",
                                reason="Brevet stoppades innan det postades.")
    assert (await report.stored()).near_miss
    assert t("sv", "dso.clock.near_miss") in texts_of_card(card)


async def test_a_correction_from_a_card_that_is_out_of_date_changes_nothing(desk):
    report = await reported(desk)
    card = await report.card()
    picker = (await desk.press(report.dana, action_named(card, "incident.correct_start")[
        "data"])).replace_card
    asked = (await desk.press(report.dana, {**action_named(picker, "incident.correct_pick")[
        "data"], "step": "unit"})).replace_card
    await report.correct(report.dana, card, "measures", flow_value="Brevet återkallat.",
                         reason="Nytt läge.")

    answer = await desk.press(report.dana, {**action_named(asked, "incident.correct")["data"],
                                            "flow_value": "Annan enhet", "reason": "Gammalt"})

    assert inert(t("sv", "handling.stale")) in texts_of_card(answer.replace_card)
    assert (await report.stored()).answers["unit"] == "Skolkontoret"
