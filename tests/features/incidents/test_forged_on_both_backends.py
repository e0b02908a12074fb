"""What broke on PostgreSQL only: long names and ids reach the database bounded, and a
forged action's refusal is audited, on both backends."""

from __future__ import annotations

from storage.repos import AuditRepository
from tests.support.handler import Desk


async def test_a_display_name_of_256_characters_is_a_person_like_any_other(db, registry):
    desk = await Desk.open(db, registry)
    long_name = "Å" * 256  # Entra's limit

    anna = await desk.person(long_name)
    again = await desk.person(long_name)  # every later turn too

    assert anna.who.name == long_name and again.who.person_id == anna.who.person_id


async def test_a_forged_action_with_a_65_character_id_is_refused_and_audited(db, registry):
    desk = await Desk.open(db, registry)
    staff = await desk.person("Stina Skola")
    forged = {"action": "incident.take", "incident": "f" * 65, "rev": 1}

    answer = await desk.press(staff, forged)

    assert answer.messages  # a polite refusal, not a crash
    async with db.session(readonly=True) as session:
        trail = await AuditRepository(session).for_record(desk.organisation_id, "incident",
                                                         "f" * 64)
    assert [e.action for e in trail] == ["incident.refused.not_dso"]
