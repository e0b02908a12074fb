"""Duplicate deliveries, conversation references and the append-only audit log."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from storage.db import Database
from storage.dedupe import Claim, DatabaseDeduper
from storage.models import AuditEntry, ProcessedActivity, utcnow
from storage.repos import (
    AuditRepository,
    ConversationInfo,
    ConversationRepository,
    OrganisationRepository,
    PeopleRepository,
    ProcessedActivityRepository,
)


async def test_a_delivery_is_claimed_exactly_once_under_concurrency(db: Database):
    deduper = DatabaseDeduper(db)
    results = await asyncio.gather(*(deduper.claim("msteams|a:1|42") for _ in range(20)))
    assert [r.claim for r in results].count(Claim.CLAIMED) == 1
    assert {r.claim for r in results} == {Claim.CLAIMED, Claim.BUSY}
    assert (await deduper.claim("msteams|a:1|43")).claim is Claim.CLAIMED


async def test_a_done_delivery_repeats_its_answer_and_a_released_one_runs_again(db: Database):
    deduper = DatabaseDeduper(db)
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    await deduper.complete("k", {"status": 200, "body": {"value": "Sparat"}})
    done = await deduper.claim("k")
    assert done.claim is Claim.DONE and done.response == {"status": 200,
                                                          "body": {"value": "Sparat"}}
    assert (await deduper.claim("j")).claim is Claim.CLAIMED
    await deduper.release("j")
    assert (await deduper.claim("j")).claim is Claim.CLAIMED


async def test_a_claim_whose_process_died_is_taken_over_after_its_lease(db: Database):
    deduper = DatabaseDeduper(db, lease=timedelta(milliseconds=200))
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    assert (await deduper.claim("k")).claim is Claim.BUSY
    await asyncio.sleep(0.3)
    assert (await deduper.claim("k")).claim is Claim.CLAIMED
    assert (await deduper.claim("k")).claim is Claim.BUSY


async def test_purge_removes_only_old_keys(db: Database):
    async with db.session() as s:
        s.add(ProcessedActivity(key="old", received_at=utcnow() - timedelta(days=10),
                                done_at=utcnow() - timedelta(days=10)))
        s.add(ProcessedActivity(key="new", received_at=utcnow(), done_at=utcnow()))
    async with db.session() as s:
        assert await ProcessedActivityRepository(s).purge_older_than(7) == 1
    deduper = DatabaseDeduper(db)
    assert (await deduper.claim("old")).claim is Claim.CLAIMED
    assert (await deduper.claim("new")).claim is Claim.DONE


def _conversation(conversation_id: str, person_id: int | None, url: str = "https://smba/1/"):
    return ConversationInfo(
        channel_id="msteams",
        conversation_id=conversation_id,
        service_url=url,
        reference={"conversation": {"id": conversation_id}, "serviceUrl": url},
        conversation_type="personal",
        tenant_id="t",
        bot_id="28:bot",
        person_id=person_id,
    )


async def test_conversation_reference_is_new_once_and_welcomed_once(db: Database):
    async with db.session() as s:
        person, _ = await PeopleRepository(s).ensure(email="a@example.se")
        person_id = person.id
        repo = ConversationRepository(s)
        row, is_new = await repo.save(_conversation("a:1", person_id))
        assert is_new
        assert await repo.mark_welcomed(row.id)
    async with db.session() as s:
        repo = ConversationRepository(s)
        row, is_new = await repo.save(_conversation("a:1", person_id, url="https://smba/2/"))
        assert not is_new
        assert row.service_url == "https://smba/2/"
        assert not await repo.mark_welcomed(row.id)  # a reconnect does not greet again
        personal = await repo.personal_for(person_id)
    assert personal is not None and personal.conversation_id == "a:1"
    assert personal.reference["serviceUrl"] == "https://smba/2/"


async def test_audit_log_records_and_refuses_update_and_delete(db: Database):
    async with db.session() as s:
        org, _ = await OrganisationRepository(s).upsert("bn", "Bildningsnämnden")
        await AuditRepository(s).record(
            organisation_id=org.id,
            actor_person_id=None,
            action="incident.viewed",
            record_type="incident",
            record_id="PUI-2026-0001",
        )
        org_id = org.id
    statements = [update(AuditEntry).values(action="tampered"), delete(AuditEntry)]
    if db.dialect == "postgresql":
        statements.append(text("TRUNCATE audit_log"))
    for statement in statements:
        with pytest.raises((DBAPIError, IntegrityError), match="append-only"):
            async with db.session() as s:
                await s.execute(statement)
    async with db.session() as s:
        trail = await AuditRepository(s).for_record(org_id, "incident", "PUI-2026-0001")
        assert [e.action for e in trail] == ["incident.viewed"]
        assert await AuditRepository(s).for_record(org_id + 1, "incident", "PUI-2026-0001") == []


async def test_audit_detail_must_stay_small(db: Database):
    async with db.session() as s:
        with pytest.raises(ValueError, match="too large"):
            await AuditRepository(s).record(
                organisation_id=None, actor_person_id=None, action="x", detail={"t": "x" * 5000}
            )
