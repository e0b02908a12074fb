"""The register's queries and changes, always within one organisation.

An entry's values are one document (`ProcessingActivity.values`) plus the few
fields kept in columns (name, status, review date) and in the object (its name,
its owner). `entry_values` puts them together as the field declaration names
them; `store` takes such values apart again. Every change writes a version with
who, when, why and what changed (old → new per field), in the caller's
transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from features.register.fields import STRUCTURAL
from features.register.rules.vocabulary import Status
from storage.models import (
    ActivityVersion,
    Person,
    ProcessingActivity,
    RegisterObject,
    utcnow,
)
from storage.repos.counters import next_number
from storage.repos.revision import compare_and_set

REFERENCE_KIND = "BEH"  # behandling
NO_YEAR = 0  # entry numbers run on, not per year


def format_reference(number: int) -> str:
    return f"{REFERENCE_KIND}-{number:04d}"


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def owner_label(obj: RegisterObject, owner: Person | None) -> str | None:
    """The owner as the register shows them: e-mail (or name) of a known person, or the
    text an import found for someone not known yet."""
    if owner is not None:
        return owner.email or owner.display_name
    return obj.owner_text


def owner_shown(obj: RegisterObject, owner: Person | None) -> str | None:
    """The owner as a card shows them: a known person by name, else what the import
    found. (`owner_label` is what a workbook holds: an address imports back exactly.)"""
    if owner is not None:
        return owner.display_name or owner.email
    return obj.owner_text


def shown_values(activity: ProcessingActivity, obj: RegisterObject,
                 owner: Person | None) -> dict[str, Any]:
    """`entry_values` with the owner as a card shows them."""
    return {**entry_values(activity, obj, owner), "owner": owner_shown(obj, owner)}


def entry_values(activity: ProcessingActivity, obj: RegisterObject,
                 owner: Person | None) -> dict[str, Any]:
    """The entry as the field declaration names its fields."""
    return {
        **activity.values,
        "name": activity.name,
        "object": obj.name,
        "owner": owner_label(obj, owner),
        "status": activity.status,
        "reviewed_on": activity.reviewed_on.isoformat() if activity.reviewed_on else None,
    }


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Field id → {"old", "new"} for every field whose value differs (empty is empty)."""
    def norm(value: Any) -> Any:
        return None if value in ("", [], None) else value

    found = {}
    for key in sorted(set(old) | set(new)):
        if norm(old.get(key)) != norm(new.get(key)):
            found[key] = {"old": norm(old.get(key)), "new": norm(new.get(key))}
    return found


@dataclass(frozen=True)
class Planned:
    """An entry's change worked out: its new columns, what differs, and how it then stands."""

    columns: dict[str, Any]
    changes: dict[str, Any]
    after: dict[str, Any]


def plan_update(activity: ProcessingActivity, obj: RegisterObject, owner: Person | None,
                values: Mapping[str, Any], extra: Mapping[str, Any] | None = None
                ) -> Planned | None:
    """The columns that make `activity` hold `values` (the object and owner fields are the
    object's, so they are not taken from `values`); None when nothing differs."""
    before = entry_values(activity, obj, owner)
    after = {**before, **{k: v for k, v in values.items() if k not in ("object", "owner")}}
    changes = changes_between(before, after)
    new_extra = dict(extra) if extra is not None else activity.extra
    if not changes and new_extra == activity.extra:
        return None
    columns = {
        "name": str(after.get("name") or "").strip(),
        "status": str(after.get("status") or Status.ACTIVE),
        "reviewed_on": _date(after.get("reviewed_on")),
        "values": {k: v for k, v in after.items() if k not in STRUCTURAL},
        "extra": new_extra,
        "version": activity.version + (1 if changes else 0),
    }
    return Planned(columns, changes, after)


class RegisterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- objects ----------------------------------------------------------------------

    async def objects(self, organisation_id: int) -> list[RegisterObject]:
        return list(await self.session.scalars(
            select(RegisterObject).where(RegisterObject.organisation_id == organisation_id)
            .order_by(RegisterObject.name)))

    async def object_named(self, organisation_id: int, name: str) -> RegisterObject | None:
        return await self.session.scalar(select(RegisterObject).where(
            RegisterObject.organisation_id == organisation_id,
            func.lower(RegisterObject.name) == name.strip().lower()))

    async def ensure_object(self, organisation_id: int, name: str) -> RegisterObject:
        found = await self.object_named(organisation_id, name)
        if found is None:
            found = RegisterObject(organisation_id=organisation_id, name=name.strip(),
                                   deputies=[])
            self.session.add(found)
            await self.session.flush()
        return found

    async def people(self, person_ids: Iterable[int | None]) -> dict[int, Person]:
        wanted = {i for i in person_ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {p.id: p for p in rows}

    # -- entries ----------------------------------------------------------------------

    async def get(self, organisation_id: int, activity_id: uuid.UUID
                  ) -> ProcessingActivity | None:
        return await self.session.scalar(select(ProcessingActivity).where(
            ProcessingActivity.organisation_id == organisation_id,
            ProcessingActivity.id == activity_id))

    async def by_reference(self, organisation_id: int, reference: str
                           ) -> ProcessingActivity | None:
        return await self.session.scalar(select(ProcessingActivity).where(
            ProcessingActivity.organisation_id == organisation_id,
            ProcessingActivity.reference == reference.strip().upper()))

    async def entries(self, organisation_id: int, statuses: Sequence[str] | None = None
                      ) -> list[tuple[ProcessingActivity, RegisterObject, Person | None]]:
        """Every entry with its object and owner, in reference order: three queries."""
        query = select(ProcessingActivity).where(
            ProcessingActivity.organisation_id == organisation_id)
        if statuses is not None:
            query = query.where(ProcessingActivity.status.in_(list(statuses)))
        activities = list(await self.session.scalars(query.order_by(
            ProcessingActivity.reference)))
        objects = {o.id: o for o in await self.objects(organisation_id)}
        owners = await self.people(o.owner_person_id for o in objects.values())
        return [(a, objects[a.object_id], owners.get(objects[a.object_id].owner_person_id))
                for a in activities]

    async def create(self, organisation_id: int, obj: RegisterObject, values: Mapping[str, Any],
                     *, actor: int | None, source: str, reason: str | None = None,
                     request_id: uuid.UUID | None = None, at: datetime | None = None,
                     extra: Mapping[str, Any] | None = None,
                     reference: str | None = None) -> ProcessingActivity:
        """A new entry and its first version."""
        if reference is None:
            number = await next_number(self.session, organisation_id, REFERENCE_KIND, NO_YEAR)
            reference = format_reference(number)
        document = {k: v for k, v in values.items() if k not in STRUCTURAL}
        activity = ProcessingActivity(
            organisation_id=organisation_id, reference=reference, object_id=obj.id,
            name=str(values.get("name") or "").strip(),
            status=str(values.get("status") or Status.ACTIVE), values=document,
            extra=dict(extra or {}), reviewed_on=_date(values.get("reviewed_on")), version=1)
        self.session.add(activity)
        await self.session.flush()
        owner = (await self.people([obj.owner_person_id])).get(obj.owner_person_id or -1)
        now = entry_values(activity, obj, owner)
        self.add_version(activity, 1, changes_between({}, now), now, actor, source, reason,
                      request_id, at)
        return activity

    async def update(self, activity: ProcessingActivity, obj: RegisterObject,
                     values: Mapping[str, Any], *, actor: int | None, source: str,
                     reason: str | None = None, request_id: uuid.UUID | None = None,
                     at: datetime | None = None, extra: Mapping[str, Any] | None = None,
                     expected_revision: int | None = None
                     ) -> tuple[ProcessingActivity, dict[str, Any]]:
        """Change an entry to `values` (all its fields, as `entry_values` names them) and
        write a version; nothing is written when nothing differs. The object and owner
        fields are the caller's to change (they belong to the object)."""
        owner = (await self.people([obj.owner_person_id])).get(obj.owner_person_id or -1)
        planned = plan_update(activity, obj, owner, values, extra)
        if planned is None:
            return activity, {}
        updated = await compare_and_set(
            self.session, ProcessingActivity, activity.id, activity.organisation_id,
            activity.revision if expected_revision is None else expected_revision,
            planned.columns)
        if planned.changes:
            self.add_version(updated, updated.version, planned.changes, planned.after, actor,
                          source, reason, request_id, at)
        return updated, planned.changes

    def add_version(self, activity: ProcessingActivity, number: int, changes: dict[str, Any],
                 snapshot: Mapping[str, Any], actor: int | None, source: str,
                 reason: str | None, request_id: uuid.UUID | None, at: datetime | None) -> None:
        self.session.add(ActivityVersion(
            organisation_id=activity.organisation_id, activity_id=activity.id, number=number,
            at=at or utcnow(), actor_person_id=actor, reason=reason, source=source,
            request_id=request_id, changes=changes, snapshot=dict(snapshot)))

    async def versions(self, organisation_id: int, activity_id: uuid.UUID
                       ) -> list[ActivityVersion]:
        return list(await self.session.scalars(select(ActivityVersion).where(
            ActivityVersion.organisation_id == organisation_id,
            ActivityVersion.activity_id == activity_id).order_by(ActivityVersion.number)))


class OwnerMatch:
    """Who an owner cell names: a known person (by e-mail, else by exact name among the
    organisation's people), or nobody yet; two people in one cell are reported."""

    def __init__(self, person: Person | None, text: str | None, problem: str | None = None):
        self.person, self.text, self.problem = person, text, problem


async def match_owner(session: AsyncSession, organisation_id: int, cell: str | None
                      ) -> OwnerMatch:
    from storage.repos import normalise_email

    text = (cell or "").strip()
    if not text:
        return OwnerMatch(None, None)
    # "Anna Ek; Per Bo", "Anna Ek och Per Bo", two addresses; but "Ek, Anna" is one name.
    parts = [p.strip() for p in re.split(r"[;\n/&]| och | and ", text) if p.strip()]
    addresses = [p for p in re.split(r"[,;\s]+", text) if "@" in p]
    if len(parts) > 1 or len(addresses) > 1:
        return OwnerMatch(None, text, "two_owners")
    email = normalise_email(text) if "@" in text else None
    if email:
        person = await session.scalar(select(Person).where(Person.email == email))
        return OwnerMatch(person, None if person else text)
    people = list(await session.scalars(select(Person).where(
        func.lower(Person.display_name) == text.lower())))
    if len(people) == 1:
        return OwnerMatch(people[0], None)
    return OwnerMatch(None, text, "ambiguous_owner" if people else None)


async def link_waiting_owners(session: AsyncSession, organisation_id: int) -> int:
    """Objects whose owner was named before the person was known get that person now
    (an owner who appears later is linked); the number linked."""
    waiting = list(await session.scalars(select(RegisterObject).where(
        RegisterObject.organisation_id == organisation_id,
        RegisterObject.owner_person_id.is_(None), RegisterObject.owner_text.is_not(None))))
    linked = 0
    for obj in waiting:
        found = await match_owner(session, organisation_id, obj.owner_text)
        if found.person is not None:
            obj.owner_person_id, obj.owner_text = found.person.id, None
            obj.revision += 1
            linked += 1
    return linked
