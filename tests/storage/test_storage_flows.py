"""Saved guided-dialog instances."""

from __future__ import annotations

import asyncio

import pytest

from storage.db import Database
from storage.errors import ActiveFlowExists, NotFound, StaleRevision
from storage.models import FlowStatus
from storage.repos import FlowRepository


async def _start(db: Database, org_id: int, person_id: int, conversation: str = "a:1"):
    async with db.session() as s:
        return await FlowRepository(s).start(
            organisation_id=org_id,
            person_id=person_id,
            conversation_id=conversation,
            flow_id="incident",
            flow_version=1,
            state={"answers": {}},
            step_id="what_happened",
        )


async def test_one_active_flow_per_person_and_conversation(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    first = await _start(db, org_id, person_id)
    with pytest.raises(ActiveFlowExists):
        await _start(db, org_id, person_id)
    await _start(db, org_id, person_id, conversation="a:2")  # another chat is fine

    async with db.session() as s:
        flows = FlowRepository(s)
        paused = await flows.pause(org_id, first.id, first.revision)
        assert await flows.active_for(person_id, "a:1") is None
    second = await _start(db, org_id, person_id)  # allowed once the first is paused
    async with db.session() as s:
        flows = FlowRepository(s)
        with pytest.raises(ActiveFlowExists):
            await flows.resume(org_id, first.id, paused.revision)
        # The refused resume changed nothing and the session is still usable.
        assert [f.id for f in await flows.paused_for(person_id)] == [first.id]
        active = await flows.active_for(person_id, "a:1")
        assert active is not None and active.id == second.id


async def test_concurrent_starts_leave_exactly_one_active(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    outcomes = await asyncio.gather(
        *(_start(db, org_id, person_id) for _ in range(8)), return_exceptions=True
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, ActiveFlowExists) for o in outcomes if isinstance(o, BaseException))


async def test_save_is_compare_and_set(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    started = await _start(db, org_id, person_id)
    async with db.session() as s:
        revision = await FlowRepository(s).save(
            org_id, started.id, 1, state={"answers": {"type": "loss"}}, step_id="description"
        )
        assert revision == 2
    with pytest.raises(StaleRevision):
        async with db.session() as s:  # an answer from an out-of-date card
            await FlowRepository(s).save(org_id, started.id, 1, state={}, step_id="x")
    async with db.session() as s:
        stored = await FlowRepository(s).get(org_id, started.id)
    assert stored is not None
    assert stored.state == {"answers": {"type": "loss"}}
    assert stored.step_id == "description" and stored.revision == 2


async def test_flows_are_scoped_to_their_organisation(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    other_org, _ = await seed_org_and_person(slug="sn", email="other@example.se")
    started = await _start(db, org_id, person_id)
    async with db.session() as s:
        flows = FlowRepository(s)
        assert await flows.get(other_org, started.id) is None
        with pytest.raises(NotFound):
            await flows.cancel(other_org, started.id, started.revision)
        cancelled = await flows.cancel(org_id, started.id, started.revision)
    assert cancelled.status == FlowStatus.CANCELLED
