"""Every free-text input goes through the personal-data guard: the report's system field,
the DSO's measures and questions, the reporter's answers."""

from __future__ import annotations

import uuid

import pytest

from cards.safe import inert
from compliance.pii import MASK_LABELS
from dialogs.forms import PII_CHOICE
from features.incidents.repo import IncidentRepository
from i18n import t
from tests.features.incidents.steps import TYPED, form_data, step_of
from tests.support.cards import action_named, inputs_of, texts_of_card
from tests.support.handler import Desk

PERSONNUMMER = "811218-9876"


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


async def _filed(desk: Desk):
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    [card] = (await desk.say(stina, "rapportera incident")).messages
    for _ in range(40):
        step = step_of(card)
        if step is None:
            break
        [card] = (await desk.say(stina, TYPED[step])).messages
    await desk.say(stina, "skicka")
    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    return dana, stina, alert


async def _stored(desk: Desk, alert: dict):
    incident_id = uuid.UUID(action_named(alert, "incident.take")["data"]["incident"])
    async with desk.db.session(readonly=True) as session:
        return await IncidentRepository(session).get(desk.organisation_id, incident_id)


async def test_a_system_typed_with_an_identity_number_is_caught_like_any_answer(desk):
    stina = await desk.person("Stina Skola")
    [card] = (await desk.say(stina, "rapportera incident")).messages
    while step_of(card) != "system":
        [card] = (await desk.say(stina, TYPED[step_of(card)])).messages

    [warning] = (await desk.say(stina, f"Procapita, elev {PERSONNUMMER}")).messages

    assert t("sv", "dialog.pii.title") in texts_of_card(warning)
    [next_card] = (await desk.say(stina, "2")).messages  # hide it
    assert step_of(next_card) == "processor"


async def test_the_dsos_measures_with_an_identity_number_are_held_back_then_masked(desk):
    dana, _, alert = await _filed(desk)
    data = {**form_data(alert, "incident.measures"),
            "measures": f"Ringde vårdnadshavaren till {PERSONNUMMER}."}

    warned = (await desk.press(dana, data)).replace_card

    assert PII_CHOICE in inputs_of(warned)  # the form asks: hide or keep
    assert (await _stored(desk, alert)).measures is None  # nothing stored yet
    await desk.press(dana, {**action_named(warned, "incident.measures")["data"],
                            "measures": data["measures"], PII_CHOICE: "mask"})
    stored = await _stored(desk, alert)
    assert stored.measures == f"Ringde vårdnadshavaren till {MASK_LABELS['sv']['personnummer']}."
    assert stored.pii_flag is False


async def test_personal_data_kept_on_purpose_in_a_question_flags_the_incident(desk):
    dana, _, alert = await _filed(desk)
    question = "Skickades det till anna.andersson@skolan.example?"
    data = {**form_data(alert, "incident.ask"), "question": question}

    warned = (await desk.press(dana, data)).replace_card
    await desk.press(dana, {**action_named(warned, "incident.ask")["data"],
                            "question": question, PII_CHOICE: "keep"})

    assert (await _stored(desk, alert)).pii_flag is True


async def test_the_reporters_answer_with_a_phone_number_is_held_back_then_masked(desk):
    dana, stina, alert = await _filed(desk)
    await desk.press(dana, {**form_data(alert, "incident.ask"),
                            "question": "Vem ringde?"})
    question = next(m for m in desk.notifier.to(stina.who.person_id)
                    if isinstance(m, dict) and "incident.reply" in str(m))
    data = {**action_named(question, "incident.reply")["data"],
            "answer": "Det var vårdnadshavaren, 070-123 45 67."}

    warned = (await desk.press(stina, data)).replace_card
    assert PII_CHOICE in inputs_of(warned)
    answered = (await desk.press(stina, {**data, PII_CHOICE: "mask"})).replace_card

    shown = texts_of_card(answered)
    assert "070-123 45 67" not in shown
    assert inert(MASK_LABELS["sv"]["phone"]) in shown


def test_every_free_text_input_of_every_capability_is_guarded(registry):
    from dialogs.model import TEXT_KINDS, Kind

    for feature in registry.features:
        for spec in feature.flows:
            for step in spec.flow.steps:
                if step.kind in TEXT_KINDS or step.kind is Kind.RECORD_PICK:
                    assert step.pii_guard, (spec.flow.id, step.id)
        for form in feature.forms:
            for field in form.fields:
                if field.kind in TEXT_KINDS:
                    assert field.pii_guard, (form.id, field.id)
