"""An import, start to end, in the caller's transaction: link owners who have appeared
since the last import, plan every row, then (unless only planning) apply the plan
and audit it. Reading the file (`table.read_table`) happens before, outside any
transaction: it is the slow part and needs no database.

Every entry created or changed gets a version with source "import" and the reason
"Import <file name>". An object's new owner is the object's (it has no versions):
the audit entry counts those changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from features.register.repo import RegisterRepository, link_waiting_owners
from features.register.spreadsheet.plan import Action, Plan, make_plan
from features.register.spreadsheet.table import Table
from storage.models import RegisterObject, utcnow
from storage.repos import AuditRepository
from storage.repos.revision import compare_and_set

SOURCE = "import"
AUDIT_ACTION = "register.imported"


@dataclass
class Imported:
    plan: Plan
    applied: bool
    owners_linked: int = 0  # objects whose waiting owner appeared before this import
    owners_set: int = 0


async def import_table(session: AsyncSession, organisation_id: int, table: Table, *,
                       dry_run: bool = False, actor: int | None = None,
                       channel: str = "cli") -> Imported:
    """Plan (and unless `dry_run`, apply and audit) the import of a read table."""
    linked = 0 if dry_run else await link_waiting_owners(session, organisation_id)
    plan = await make_plan(session, organisation_id, table)
    if dry_run:
        return Imported(plan, applied=False)
    owners_set = await apply_plan(session, organisation_id, plan, actor=actor,
                                  reason=f"Import {table.file_name}")
    await AuditRepository(session).record(
        organisation_id=organisation_id, actor_person_id=actor, action=AUDIT_ACTION,
        record_type="organisation", record_id=organisation_id,
        # Counts only: the file's name and contents are the organisation's, not the log's.
        detail={**plan.counts(), "owners_set": owners_set, "owners_linked": linked,
                "source": channel})
    return Imported(plan, applied=True, owners_linked=linked, owners_set=owners_set)


async def apply_plan(session: AsyncSession, organisation_id: int, plan: Plan, *,
                     actor: int | None, reason: str) -> int:
    """Objects first (new ones, new owners), then entries in row order, so new entries
    get their references in the order of the sheet. Returns the owners set."""
    repo = RegisterRepository(session)
    at = utcnow()
    owners_set = 0
    for target in plan.objects.values():
        if target.existing is None and target.used:
            target.existing = await repo.ensure_object(organisation_id, target.name)
        if target.owner is not None and target.existing is not None:
            target.existing = await _set_owner(session, target.existing, target.owner)
            owners_set += 1
    for row in plan.rows:
        if row.action not in (Action.CREATE, Action.UPDATE):
            continue
        obj = plan.objects[(row.object or "").strip().lower()].existing
        assert obj is not None  # every planned row's object exists by now
        if row.action == Action.CREATE:
            await repo.create(organisation_id, obj, row.values, actor=actor, source=SOURCE,
                              reason=reason, at=at, extra=row.extra)
        elif row.activity is not None and set(row.changes) - {"owner"}:
            await repo.update(row.activity, obj, row.values, actor=actor, source=SOURCE,
                              reason=reason, at=at, extra=row.extra)
    return owners_set


async def _set_owner(session: AsyncSession, obj: RegisterObject, owner: Any) -> RegisterObject:
    person = owner.person
    return await compare_and_set(session, RegisterObject, obj.id, obj.organisation_id,
                                 obj.revision, {
                                     "owner_person_id": person.id if person else None,
                                     "owner_text": None if person else owner.text})
