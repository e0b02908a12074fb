"""Incidents: reference numbers, compare-and-set, events, organisation scoping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from features.incidents.repo import IncidentRepository
from storage.db import Database
from storage.errors import NotFound, StaleRevision


async def _report(db: Database, org_id: int, person_id: int, at: datetime | None = None):
    async with db.session() as s:
        return await IncidentRepository(s).create(
            organisation_id=org_id,
            reporter_person_id=person_id,
            status="submitted",
            answers={"type": "misdirected_email"},
            submitted_at=at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            aware_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        )


async def test_references_are_sequential_and_unique_under_concurrency(
    db: Database, seed_org_and_person
):
    org_id, person_id = await seed_org_and_person()
    incidents = await asyncio.gather(*(_report(db, org_id, person_id) for _ in range(12)))
    references = sorted(i.reference for i in incidents)
    assert references == [f"PUI-2026-{n:04d}" for n in range(1, 13)]


async def test_references_restart_per_organisation_and_per_year(db: Database, seed_org_and_person):
    bn, person_id = await seed_org_and_person()
    sn, _ = await seed_org_and_person(slug="sn", email="s@example.se")
    assert (await _report(db, bn, person_id)).reference == "PUI-2026-0001"
    assert (await _report(db, bn, person_id)).reference == "PUI-2026-0002"
    assert (await _report(db, sn, person_id)).reference == "PUI-2026-0001"
    # 23:30 UTC on New Year's Eve is already the new year in Stockholm.
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert (await _report(db, bn, person_id, at=new_year)).reference == "PUI-2027-0001"


async def test_failed_creation_leaves_no_gap(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    with pytest.raises(RuntimeError):
        async with db.session() as s:
            await IncidentRepository(s).create(
                organisation_id=org_id, reporter_person_id=person_id, status="s", answers={}
            )
            raise RuntimeError("crash before commit")
    year = datetime.now(UTC).year
    async with db.session() as s:
        incident = await IncidentRepository(s).create(
            organisation_id=org_id, reporter_person_id=person_id, status="s", answers={}
        )
    assert incident.reference == f"PUI-{year}-0001"


async def test_stale_update_fails_and_overwrites_nothing(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    incident = await _report(db, org_id, person_id)
    async with db.session() as s:  # the first DSO decides
        updated = await IncidentRepository(s).update(
            org_id, incident.id, 1, decision="not_notifiable", justification="encrypted device"
        )
        assert updated.revision == 2
    with pytest.raises(StaleRevision) as raised:
        async with db.session() as s:  # the second DSO acts on the card they saw
            await IncidentRepository(s).update(org_id, incident.id, 1, decision="notified")
    assert raised.value.current == 2
    async with db.session() as s:
        stored = await IncidentRepository(s).by_reference(org_id, "pui-2026-0001")
    assert stored is not None
    assert stored.decision == "not_notifiable" and stored.justification == "encrypted device"
    assert stored.aware_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def test_unknown_fields_are_refused(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    incident = await _report(db, org_id, person_id)
    async with db.session() as s:
        with pytest.raises(TypeError, match="reference"):
            await IncidentRepository(s).update(org_id, incident.id, 1, reference="PUI-1")


async def test_another_organisations_incident_is_invisible(db: Database, seed_org_and_person):
    bn, person_id = await seed_org_and_person()
    sn, _ = await seed_org_and_person(slug="sn", email="s@example.se")
    incident = await _report(db, bn, person_id)
    async with db.session() as s:
        repo = IncidentRepository(s)
        assert await repo.get(sn, incident.id) is None
        assert await repo.by_reference(sn, incident.reference) is None
        assert await repo.for_organisation(sn) == []
        with pytest.raises(NotFound):
            await repo.update(sn, incident.id, 1, status="closed")
        with pytest.raises(NotFound):
            await repo.add_event(sn, incident.id, kind="viewed", actor_person_id=None)
        assert await repo.events(sn, incident.id) == []
        assert (await repo.get(bn, incident.id)).status == "submitted"


async def test_events_and_lists(db: Database, seed_org_and_person):
    org_id, person_id = await seed_org_and_person()
    first = await _report(db, org_id, person_id)
    second = await _report(db, org_id, person_id)
    async with db.session() as s:
        repo = IncidentRepository(s)
        await repo.add_event(org_id, first.id, kind="owner_taken", actor_person_id=person_id)
        await repo.add_event(
            org_id, first.id, kind="status", actor_person_id=person_id, data={"to": "closed"}
        )
        await repo.update(org_id, second.id, 1, status="closed")
        assert [e.kind for e in await repo.events(org_id, first.id)] == ["owner_taken", "status"]
        assert {i.id for i in await repo.for_reporter(person_id)} == {first.id, second.id}
        assert [i.id for i in await repo.for_organisation(org_id, ["closed"])] == [second.id]
