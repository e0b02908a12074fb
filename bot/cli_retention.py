"""`dsobot retention | purge | archive`: an organisation's retention schedule, applied.

    dsobot retention show --org SLUG
    dsobot retention set --org SLUG [--draft-days N] [--closed-years N] [--people-days N]
                         [--audit-years N] [--require-archive yes|no]
    dsobot purge [--org SLUG] [--dry-run]
    dsobot archive --org SLUG -o FILE
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from chat.install import install
from chat.retention import Purge, Schedule, archive, purge, schedule_of
from features import FEATURES
from storage.db import Database
from storage.migrate import upgrade
from storage.models import RetentionSchedule, utcnow
from storage.repos import AuditRepository, OrganisationRepository


def record_retention() -> list[Any]:
    """What every installed capability contributes to the retention schedule."""
    return install(FEATURES).contributions("retention")


def _database(settings: Settings) -> Database:
    upgrade(settings.effective_database_url)
    return Database(settings.effective_database_url)


async def _organisation_ids(db: Database, slug: str | None) -> list[tuple[int, str]]:
    from bot.cli import UserError  # the CLI's own error type

    async with db.session(readonly=True) as session:
        organisations = await OrganisationRepository(session).list()
    chosen = [(o.id, o.slug) for o in organisations if slug in (None, o.slug)]
    if slug is not None and not chosen:
        raise UserError(f"unknown organisation {slug!r}")
    return chosen


def _describe(schedule: Schedule) -> list[str]:
    archive_first = "after export to the archive" if schedule.require_archive else \
        "without waiting for an archive export"
    return [
        f"drafts (reports begun, cancelled or left): {schedule.draft_days} days",
        f"closed incidents and other records: {schedule.closed_years} years after closing, "
        f"{archive_first}",
        f"people who have left (no role, not seen): {schedule.people_days} days",
        f"audit log entries: {schedule.audit_years} years",
    ]


def cmd_retention_show(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> list[str]:
        db = _database(settings)
        try:
            [(org_id, slug)] = await _organisation_ids(db, args.org)
            async with db.session(readonly=True) as session:
                return [f"Retention schedule of {slug}:", *(
                    f"  {line}" for line in _describe(await schedule_of(session, org_id)))]
        finally:
            await db.dispose()

    print("\n".join(asyncio.run(run())))
    return 0


def cmd_retention_set(settings: Settings, args: argparse.Namespace) -> int:
    changes = {k: v for k, v in (("draft_days", args.draft_days),
                                 ("closed_years", args.closed_years),
                                 ("people_days", args.people_days),
                                 ("audit_years", args.audit_years),
                                 ("require_archive", args.require_archive)) if v is not None}

    async def run() -> list[str]:
        db = _database(settings)
        try:
            [(org_id, slug)] = await _organisation_ids(db, args.org)
            async with db.session() as session:
                schedule = dataclasses.replace(await schedule_of(session, org_id), **changes)
                await _store(session, org_id, schedule)
                await AuditRepository(session).record(
                    organisation_id=org_id, actor_person_id=None,
                    action="retention.schedule_set", record_type="organisation",
                    record_id=org_id, detail={**dataclasses.asdict(schedule), "source": "cli"})
            return [f"Retention schedule of {slug} set:", *(f"  {line}"
                                                            for line in _describe(schedule))]
        finally:
            await db.dispose()

    print("\n".join(asyncio.run(run())))
    return 0


async def _store(session: AsyncSession, organisation_id: int, schedule: Schedule) -> None:
    row = await session.get(RetentionSchedule, organisation_id)
    if row is None:
        row = RetentionSchedule(organisation_id=organisation_id)
        session.add(row)
    for key, value in dataclasses.asdict(schedule).items():
        setattr(row, key, value)
    row.revision = (row.revision or 0) + 1


def _report(slug: str, done: Purge, dry_run: bool) -> list[str]:
    verb = "would go" if dry_run else "purged"
    counts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in done.counts().items())
    lines = [f"{slug}: {verb}: {counts}"]
    for kind, waiting in done.waiting_for_archive.items():
        if waiting:
            lines.append(f"{slug}: {waiting} closed {kind.replace('_', ' ')}(s) are past "
                         "their time but wait for an archive export "
                         f"(dsobot archive --org {slug} -o FILE)")
    return lines


def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> list[str]:
        db = _database(settings)
        try:
            lines = []
            for org_id, slug in await _organisation_ids(db, args.org):
                done = await purge(db, org_id, record_retention(), utcnow(),
                                   dry_run=args.dry_run)
                lines += _report(slug, done, args.dry_run)
            return lines or ["No organisations yet."]
        finally:
            await db.dispose()

    print("\n".join(asyncio.run(run())))
    return 0


def cmd_archive(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> dict[str, int]:
        db = _database(settings)
        try:
            [(org_id, _)] = await _organisation_ids(db, args.org)
            return await archive(db, org_id, record_retention(), Path(args.output), utcnow())
        finally:
            await db.dispose()

    counts = asyncio.run(run())
    described = ", ".join(f"{n} {kind.replace('_', ' ')}(s)" for kind, n in counts.items()) \
        or "nothing"
    print(f"Archived {described} to {args.output}; they may now be purged on schedule.")
    return 0


def _yes_no(value: str) -> bool:
    if value.lower() in ("yes", "ja", "true", "1"):
        return True
    if value.lower() in ("no", "nej", "false", "0"):
        return False
    raise argparse.ArgumentTypeError("answer yes or no")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def add_commands(commands: Any) -> None:
    retention = commands.add_parser("retention", help="an organisation's retention schedule")
    actions = retention.add_subparsers(dest="retention_command", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="show the schedule")
    show.add_argument("--org", required=True, metavar="SLUG")
    show.set_defaults(handler=cmd_retention_show)
    change = actions.add_parser("set", help="change the schedule (from the records plan)")
    change.add_argument("--org", required=True, metavar="SLUG")
    change.add_argument("--draft-days", type=_positive, metavar="N")
    change.add_argument("--closed-years", type=_positive, metavar="N")
    change.add_argument("--people-days", type=_positive, metavar="N")
    change.add_argument("--audit-years", type=_positive, metavar="N")
    change.add_argument("--require-archive", type=_yes_no, metavar="yes|no")
    change.set_defaults(handler=cmd_retention_set)

    purging = commands.add_parser("purge", help="dispose of data past its retention")
    purging.add_argument("--org", metavar="SLUG", help="one organisation (default: all)")
    purging.add_argument("--dry-run", action="store_true", help="only say what would go")
    purging.set_defaults(handler=cmd_purge)

    archiving = commands.add_parser("archive", help="export closed records for the archive")
    archiving.add_argument("--org", required=True, metavar="SLUG")
    archiving.add_argument("-o", "--output", required=True, metavar="FILE",
                           help="a JSON Lines file, one record per line")
    archiving.set_defaults(handler=cmd_archive)
