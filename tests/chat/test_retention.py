"""The retention schedule with a fixed clock: what goes, what stays, on both backends."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from chat.retention import Schedule, archive, purge, schedule_of
from features.incidents.retention import INCIDENT_RETENTION
from storage.db import Database
from storage.models import (
    AuditEntry,
    ConversationReference,
    FlowInstance,
    Incident,
    Person,
    RetentionSchedule,
)
from storage.repos import AuditRepository, OrganisationRepository, RoleRepository

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
RECORDS = [INCIDENT_RETENTION]


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


class World:
    """Two organisations; in the first, data of every age."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def build(self) -> World:
        async with self.db.session() as s:
            orgs = OrganisationRepository(s)
            self.org = (await orgs.upsert("bun", "Barn- och utbildningsnämnden"))[0].id
            self.other = (await orgs.upsert("ks", "Kommunstyrelsen"))[0].id
            s.add(RetentionSchedule(organisation_id=self.org, draft_days=30, closed_years=5,
                                    require_archive=True, people_days=365, audit_years=5))
            self.left = self._person(s, "Lena Lämnat", ago(400))
            self.dso = self._person(s, "Dana Dataskydd", ago(400))
            self.active = self._person(s, "Aktiv Anna", ago(10))
            self.elsewhere = self._person(s, "Olle Annan", ago(400), home=self.other)
            await s.flush()
            await RoleRepository(s).grant(self.dso.id, self.org, "dso")
            for person in (self.left, self.dso, self.active):
                s.add(ConversationReference(
                    channel_id="msteams", conversation_id=f"a:{person.id}", person_id=person.id,
                    service_url="https://smba.trafficmanager.net/emea/", reference={}))
            self.drafts = {
                "cancelled_old": self._flow(s, self.active, "cancelled", ago(40)),
                "cancelled_new": self._flow(s, self.active, "cancelled", ago(10)),
                "abandoned": self._flow(s, self.active, "paused", ago(31)),
                "completed_old": self._flow(s, self.active, "completed", ago(400)),
                "elsewhere_old": self._flow(s, self.elsewhere, "cancelled", ago(400),
                                            org=self.other),
            }
            self.incidents = {
                "closed_long_ago_archived": self._incident(s, 1, ago(6 * 366), ago(100)),
                "closed_long_ago_not_archived": self._incident(s, 2, ago(6 * 366), None),
                "closed_recently_archived": self._incident(s, 3, ago(2 * 365), ago(1)),
                "open": self._incident(s, 4, None, None),
            }
            await s.flush()
            for n, (org, days) in enumerate([(self.org, 6 * 366), (self.org, 365),
                                             (self.other, 6 * 366)]):
                s.add(AuditEntry(organisation_id=org, action=f"test.entry{n}",
                                 at=ago(days), detail={}))
        return self

    def _person(self, s, name: str, seen, home: int | None = None) -> Person:
        person = Person(display_name=name, email=f"{uuid.uuid4().hex}@kommun.example",
                        aad_object_id=str(uuid.uuid4()), tenant_id="t",
                        home_organisation_id=home or self.org, last_seen_at=seen,
                        created_at=ago(800))
        s.add(person)
        return person

    def _flow(self, s, person: Person, status: str, updated, org: int | None = None):
        flow = FlowInstance(id=uuid.uuid4(), organisation_id=org or self.org,
                            person_id=person.id, conversation_id=f"a:{person.id}:{status}",
                            flow_id="incident", state={"answers": {"description": "x"}},
                            status=status, created_at=updated, updated_at=updated)
        s.add(flow)
        return flow.id

    def _incident(self, s, n: int, closed, archived):
        incident = Incident(id=uuid.uuid4(), organisation_id=self.org,
                            reference=f"PUI-2020-{n:04d}",
                            status="closed" if closed else "in_review",
                            answers={"description": "Ett mejl till fel mottagare."},
                            closed_at=closed, archived_at=archived, submitted_at=ago(3000))
        s.add(incident)
        return incident.id


async def _remaining(db: Database, world: World) -> dict:
    async with db.session(readonly=True) as s:
        flows = set(await s.scalars(select(FlowInstance.id)))
        incidents = set(await s.scalars(select(Incident.id)))
        people = {p.id: p for p in await s.scalars(select(Person))}
        chats = set(await s.scalars(select(ConversationReference.person_id)))
        audit = set(await s.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("test.%"))))
    return {"drafts": {k for k, v in world.drafts.items() if v in flows},
            "incidents": {k for k, v in world.incidents.items() if v in incidents},
            "people": people, "chats": chats, "audit": audit}


async def test_a_purge_takes_what_is_past_the_schedule_and_nothing_else(db: Database):
    world = await World(db).build()

    dry = await purge(db, world.org, RECORDS, NOW, dry_run=True)
    untouched = await _remaining(db, world)
    done = await purge(db, world.org, RECORDS, NOW)
    left = await _remaining(db, world)

    assert dry.counts() == done.counts() == {
        "drafts": 2, "people": 1, "conversations": 1, "audit_entries": 1,
        "closed_incidents": 1}
    assert done.waiting_for_archive == {"incident": 1}
    assert len(untouched["drafts"]) == 5 and len(untouched["incidents"]) == 4
    assert left["drafts"] == {"cancelled_new", "completed_old", "elsewhere_old"}
    assert left["incidents"] == {"closed_long_ago_not_archived", "closed_recently_archived",
                                 "open"}
    gone = left["people"][world.left.id]
    assert (gone.display_name, gone.email, gone.aad_object_id) == (None, None, None)
    assert gone.anonymised_at == NOW
    assert left["people"][world.dso.id].display_name == "Dana Dataskydd"  # holds a role
    assert left["people"][world.active.id].display_name == "Aktiv Anna"
    assert left["people"][world.elsewhere.id].display_name == "Olle Annan"  # other org
    assert world.left.id not in left["chats"] and world.dso.id in left["chats"]
    assert left["audit"] == {"test.entry1", "test.entry2"}


async def test_a_purge_is_audited_by_counts_and_the_log_stays_append_only(db: Database):
    world = await World(db).build()
    await purge(db, world.org, RECORDS, NOW)

    async with db.session(readonly=True) as s:
        [entry] = await AuditRepository(s).for_record(world.org, "organisation", world.org)
    assert entry.action == "retention.purged"
    assert entry.detail == {"drafts": 2, "people": 1, "conversations": 1, "audit_entries": 1,
                            "closed_incidents": 1}
    with pytest.raises(Exception, match="append-only"):
        async with db.session() as s:
            await s.delete(await s.get(AuditEntry, entry.id))


async def test_archiving_exports_whole_records_and_lets_them_go_on_schedule(db, tmp_path):
    world = await World(db).build()
    target = tmp_path / "arkiv" / "bun-2026.jsonl"

    counts = await archive(db, world.org, RECORDS, target, NOW)
    done = await purge(db, world.org, RECORDS, NOW)

    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert counts == {"incident": 1}
    assert [r["reference"] for r in rows] == ["PUI-2020-0002"]
    assert rows[0]["answers"] == {"description": "Ett mejl till fel mottagare."}
    assert done.records == {"incident": 2} and done.waiting_for_archive == {"incident": 0}


async def test_without_a_schedule_the_defaults_apply_and_can_be_read(db: Database):
    world = await World(db).build()
    async with db.session(readonly=True) as s:
        assert await schedule_of(s, world.other) == Schedule()
        assert (await schedule_of(s, world.org)).closed_years == 5


async def test_the_daily_job_purges_once_a_day(db: Database):
    from bot.jobs import Jobs
    from storage.dedupe import DatabaseDeduper

    world = await World(db).build()
    clock = [NOW]
    jobs = Jobs(db, DatabaseDeduper(db), RECORDS, dedupe_days=7, clock=lambda: clock[0])

    await jobs.tick()  # every organisation, the other one's old draft too
    assert (await _remaining(db, world))["drafts"] == {"cancelled_new", "completed_old"}
    async with db.session() as s:  # a draft left since
        s.add(FlowInstance(id=uuid.uuid4(), organisation_id=world.org, person_id=world.active.id,
                           conversation_id="a:late", flow_id="incident", state={},
                           status="cancelled", created_at=ago(60), updated_at=ago(60)))
    clock[0] = NOW + timedelta(hours=1)
    await jobs.tick()  # the same day: not again
    async with db.session(readonly=True) as s:
        assert len(list(await s.scalars(select(FlowInstance)))) == 3
    clock[0] = NOW + timedelta(days=1, minutes=1)
    await jobs.tick()
    async with db.session(readonly=True) as s:
        assert len(list(await s.scalars(select(FlowInstance)))) == 2
