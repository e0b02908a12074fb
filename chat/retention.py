"""Disposing of what the bot stores, on each organisation's schedule (its records plan).

What goes, per organisation, when its time has come:

- reports begun and cancelled, or left untouched, after `draft_days`;
- closed records of every capability (incidents; requests and register versions
  later) `closed_years` after closing, and, when the records plan says so
  (`require_archive`), only once exported for the archive (`dsobot archive`);
- people who have left: not seen for `people_days` and holding no role are
  anonymised (their name, e-mail and ids removed; what they reported stays,
  without them) and their chats with the bot forgotten;
- the audit log's own entries after `audit_years`.

Each purge is audited by counts, never by content. `dry_run` counts only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import (
    AuditEntry,
    AuditPurgePermit,
    ConversationReference,
    FlowInstance,
    FlowStatus,
    Person,
    RetentionSchedule,
    RoleAssignment,
)
from storage.models.retention import (
    DEFAULT_AUDIT_YEARS,
    DEFAULT_CLOSED_YEARS,
    DEFAULT_DRAFT_DAYS,
    DEFAULT_PEOPLE_DAYS,
)
from storage.repos import AuditRepository

YEAR = timedelta(days=365.25)


class RecordRetention(Protocol):
    """A capability's closed records, as the retention schedule handles them."""

    kind: str  # the record type, e.g. "incident"

    async def due(self, session: AsyncSession, organisation_id: int, closed_before: datetime,
                  *, archived_only: bool) -> tuple[list[Any], int]:
        """Ids of closed records that may go, and how many more wait for the archive."""
        ...

    async def delete(self, session: AsyncSession, organisation_id: int, ids: list[Any]) -> int:
        ...

    async def unarchived(self, session: AsyncSession, organisation_id: int
                         ) -> list[dict[str, Any]]:
        """Closed records not yet exported for the archive, whole, as JSON data."""
        ...

    async def mark_archived(self, session: AsyncSession, organisation_id: int,
                            ids: list[Any], at: datetime) -> None:
        ...


@dataclass(frozen=True)
class Schedule:
    draft_days: int = DEFAULT_DRAFT_DAYS
    closed_years: int = DEFAULT_CLOSED_YEARS
    require_archive: bool = True
    people_days: int = DEFAULT_PEOPLE_DAYS
    audit_years: int = DEFAULT_AUDIT_YEARS


async def schedule_of(session: AsyncSession, organisation_id: int) -> Schedule:
    row = await session.get(RetentionSchedule, organisation_id)
    if row is None:
        return Schedule()
    return Schedule(row.draft_days, row.closed_years, row.require_archive, row.people_days,
                    row.audit_years)


@dataclass
class Purge:
    """What went (or, in a dry run, would go) for one organisation."""

    drafts: int = 0
    people: int = 0
    conversations: int = 0
    audit_entries: int = 0
    records: dict[str, int] = field(default_factory=dict)
    waiting_for_archive: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {"drafts": self.drafts, "people": self.people,
                "conversations": self.conversations, "audit_entries": self.audit_entries,
                **{f"closed_{kind}s": n for kind, n in self.records.items()}}


async def purge(db: Database, organisation_id: int, records: list[RecordRetention],
                now: datetime, *, dry_run: bool = False) -> Purge:
    """Dispose of one organisation's data past its schedule, in one transaction."""
    async with db.session() as session:
        schedule = await schedule_of(session, organisation_id)
        report = Purge()
        report.drafts = await _drafts(session, organisation_id,
                                      now - timedelta(days=schedule.draft_days), dry_run)
        for retention in records:
            ids, waiting = await retention.due(
                session, organisation_id, now - schedule.closed_years * YEAR,
                archived_only=schedule.require_archive)
            report.records[retention.kind] = len(ids)
            report.waiting_for_archive[retention.kind] = waiting
            if ids and not dry_run:
                await retention.delete(session, organisation_id, ids)
        report.people, report.conversations = await _people(
            session, organisation_id, now - timedelta(days=schedule.people_days), now, dry_run)
        report.audit_entries = await _audit_entries(
            session, organisation_id, now - schedule.audit_years * YEAR, dry_run)
        if not dry_run and any(report.counts().values()):
            await AuditRepository(session).record(
                organisation_id=organisation_id, actor_person_id=None,
                action="retention.purged", record_type="organisation",
                record_id=organisation_id, detail=report.counts())
    return report


async def _count_or_delete(session: AsyncSession, model: Any, where: Any, dry_run: bool) -> int:
    if dry_run:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))
    result = await session.execute(delete(model).where(*where).returning(model.id))
    return len(result.all())


async def _drafts(session: AsyncSession, organisation_id: int, before: datetime,
                  dry_run: bool) -> int:
    """Reports cancelled, or begun and left untouched, before `before` (with their text)."""
    where = (FlowInstance.organisation_id == organisation_id,
             FlowInstance.status != FlowStatus.COMPLETED.value,
             FlowInstance.updated_at < before)
    return await _count_or_delete(session, FlowInstance, where, dry_run)


async def _people(session: AsyncSession, organisation_id: int, before: datetime,
                  now: datetime, dry_run: bool) -> tuple[int, int]:
    """People of this organisation not seen since `before` and holding no role anywhere."""
    holds_a_role = select(RoleAssignment.id).where(RoleAssignment.person_id == Person.id)
    gone = list(await session.scalars(select(Person.id).where(
        Person.home_organisation_id == organisation_id,
        Person.anonymised_at.is_(None),
        func.coalesce(Person.last_seen_at, Person.created_at) < before,
        ~holds_a_role.exists(),
    )))
    if not gone:
        return 0, 0
    chats = (ConversationReference.person_id.in_(gone),)
    conversations = await _count_or_delete(session, ConversationReference, chats, dry_run)
    if not dry_run:
        await session.execute(delete(FlowInstance).where(FlowInstance.person_id.in_(gone)))
        await session.execute(update(Person).where(Person.id.in_(gone)).values(
            display_name=None, email=None, aad_object_id=None, teams_user_id=None,
            anonymised_at=now))
    return len(gone), conversations


async def _audit_entries(session: AsyncSession, organisation_id: int, before: datetime,
                         dry_run: bool) -> int:
    where = (AuditEntry.organisation_id == organisation_id, AuditEntry.at < before)
    if dry_run:
        return await _count_or_delete(session, AuditEntry, where, dry_run)
    # The permit exists only inside this transaction: the log stays append-only for
    # every other session, and for this one once the permit is gone.
    permit = AuditPurgePermit()
    session.add(permit)
    await session.flush()
    removed = await _count_or_delete(session, AuditEntry, where, dry_run)
    await session.delete(permit)
    await session.flush()
    return removed



async def archive(db: Database, organisation_id: int, records: list[RecordRetention],
                  target: Path, now: datetime) -> dict[str, int]:
    """Export every closed record not yet archived, whole, as JSON Lines to `target`,
    and mark them archived, in one transaction: a failed write marks nothing."""
    counts: dict[str, int] = {}
    async with db.session() as session:
        exported: list[tuple[RecordRetention, list[dict[str, Any]]]] = []
        for retention in records:
            rows = await retention.unarchived(session, organisation_id)
            exported.append((retention, rows))
            counts[retention.kind] = len(rows)
        _write_json_lines(target, [row for _, rows in exported for row in rows])
        for retention, rows in exported:
            if rows:
                await retention.mark_archived(session, organisation_id,
                                              [row["id"] for row in rows], now)
        await AuditRepository(session).record(
            organisation_id=organisation_id, actor_person_id=None, action="retention.archived",
            record_type="organisation", record_id=organisation_id,
            detail={f"{kind}s": n for kind, n in counts.items()})
    return counts


def _write_json_lines(target: Path, rows: list[dict[str, Any]]) -> None:
    """Written to a temporary file, flushed to disk, then moved into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        out.flush()
        os.fsync(out.fileno())
    partial.replace(target)
