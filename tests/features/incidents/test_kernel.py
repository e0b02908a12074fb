"""The incident's card actions through the record-action kernel, at the handler tier:
one transaction per decision, every refusal audited once, nothing claimed that was not saved."""

from __future__ import annotations

import uuid

import pytest

from cards.safe import inert
from chat import records
from features.incidents.flow import FLOW
from features.incidents.repo import UPDATABLE_FIELDS, IncidentRepository
from i18n import t
from storage.errors import StaleRevision
from storage.repos import AuditRepository
from tests.features.incidents.steps import form_data, report_at_the_desk
from tests.support.cards import action_named, texts_of_card
from tests.support.handler import Desk
from tests.support.statements import counting


@pytest.fixture
async def desk(sqlite_db, registry) -> Desk:
    return await Desk.open(sqlite_db, registry)


@pytest.fixture
async def filed(desk: Desk):
    """Dana is DSO, Stina reported an incident; Dana's alert card."""
    dana = await desk.person("Dana Dataskyddsombud", "dso")
    stina = await desk.person("Stina Skola")
    await report_at_the_desk(desk, stina)
    [alert] = [m for m in desk.notifier.to(dana.who.person_id) if isinstance(m, dict)]
    return dana, stina, alert


async def _trail(desk: Desk, incident_id: str) -> list[str]:
    async with desk.db.session(readonly=True) as session:
        entries = await AuditRepository(session).for_record(
            desk.organisation_id, "incident", incident_id)
    return [e.action for e in entries]


async def test_a_decision_is_one_transaction_with_its_event_and_audit_entry(desk, filed):
    dana, _, alert = filed
    data = {**form_data(alert, "incident.decide"), "decision": "not_notifiable",
            "decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef enligt delegation",
            "justification": "Mottagaren raderade mejlet direkt, inga känsliga uppgifter."}

    with counting() as counted:
        answer = await desk.press(dana, data, deliver=False)

    assert answer.replace_card is not None
    # Writes: the incident, its event, its audit entry, and the reporter's notice in the
    # outbox (delivered after the commit); all in one transaction.
    assert [w.split()[0] + " " + w.split()[2 if w.startswith("INSERT") else 1]
            for w in counted.writes] == [
        "UPDATE incidents", "INSERT audit_log", "INSERT incident_events", "INSERT outbox"]
    assert counted.transactions == 1
    # load, update, 3 inserts, the card's reads (with whether the alert arrived)
    assert len(counted.statements) <= 10


async def test_a_forged_question_is_refused_and_audited_once(desk, filed):
    _, stina, alert = filed
    data = {**form_data(alert, "incident.ask"), "question": "Vem var det?"}

    answer = await desk.press(stina, data)

    assert answer.messages == [t("sv", "bot.not_allowed_action")]
    trail = await _trail(desk, data["incident"])
    assert trail.count("incident.refused.not_dso") == 1


async def test_another_persons_answer_to_a_question_is_refused_and_audited(desk, filed):
    dana, _, alert = filed
    olle = await desk.person("Olle Objekt")
    await desk.press(dana, {**form_data(alert, "incident.ask"),
                            "question": "När upptäcktes det?"})
    [question] = [m for m in desk.notifier.sent if isinstance(m[1], dict)
                  and (m[1].get("actions") or [{}])[0].get("data", {}).get("action")
                  == "incident.reply"]
    data = {**question[1]["actions"][0]["data"], "answer": "Jag svarar åt någon annan."}

    answer = await desk.press(olle, data)

    assert answer.messages == [t("sv", "handling.not_found")]
    assert "incident.refused.not_owner" in await _trail(desk, data["incident"])


async def test_a_reply_that_cannot_be_saved_is_not_called_saved(desk, filed, monkeypatch):
    dana, stina, alert = filed
    await desk.press(dana, {**form_data(alert, "incident.ask"),
                            "question": "När upptäcktes det?"})
    reply = next(m for who, m in desk.notifier.sent if who == stina.who.person_id
                 and isinstance(m, dict) and "incident.reply" in str(m))
    data = {**action_named(reply, "incident.reply")["data"], "answer": "Igår kväll."}

    async def always_stale(*args, **kwargs):
        raise StaleRevision("Incident", 1, 2)

    monkeypatch.setattr(records, "compare_and_set", always_stale)
    answer = await desk.press(stina, data)

    assert answer.messages == [t("sv", "handling.busy_try_again")]
    async with desk.db.session(readonly=True) as session:
        events = await IncidentRepository(session).events(
            desk.organisation_id, uuid.UUID(data["incident"]))
    assert "reporter_answered" not in [e.kind for e in events]


def test_every_dedicated_field_of_the_report_is_a_column_of_the_incident():
    assert {s.record_field for s in FLOW.steps if s.record_field} <= UPDATABLE_FIELDS


async def test_the_incident_list_reads_names_once_whatever_the_number_of_incidents(desk, filed):
    dana, stina, _ = filed
    for _ in range(3):
        await report_at_the_desk(desk, stina)

    with counting() as counted:
        [listing] = (await desk.say(dana, "incidenter")).messages

    assert listing["body"]
    people_reads = [s for s in counted.statements if "FROM people" in s]
    assert len(people_reads) <= 1


def test_every_form_field_stored_in_a_column_fits_it_and_says_so_on_the_card(registry):
    """A form's limit and its column's are one declaration: nothing is cut silently."""
    from sqlalchemy import String

    from dialogs.model import TEXT_KINDS
    from storage.models import Incident

    feature = next(f for f in registry.features if f.name == "incidents")
    columns = Incident.__table__.columns
    for form in feature.forms:
        for field in form.fields:
            if field.column is None or field.kind not in TEXT_KINDS:
                continue
            kind = columns[field.column].type
            if isinstance(kind, String) and kind.length is not None:
                assert field.max_length <= kind.length, (form.id, field.id)


async def test_an_imy_reference_longer_than_its_column_is_refused_with_a_message(desk, filed):
    dana, _, alert = filed
    data = {**form_data(alert, "incident.decide"), "decision": "notified",
            "decided_by": "Eva Ek", "decided_capacity": "Förvaltningschef",
            "imy_notified_at": "2026-01-05", "imy_notified_at_time": "10:00",
            "imy_reference": "IMY-" + "9" * 97}

    answer = await desk.press(dana, data)

    notice = inert(t("sv", "dialog.error.too_long", max=64, length=101))
    assert notice in texts_of_card(answer.replace_card)
    async with desk.db.session(readonly=True) as session:
        stored = await IncidentRepository(session).get(desk.organisation_id,
                                                       uuid.UUID(data["incident"]))
    assert stored.imy_reference is None and stored.decision is None
