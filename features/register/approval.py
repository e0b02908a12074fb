"""How a change request travels: who approves it at which stage, and what approving does.

A request goes to the object's owner (and those who act for them) unless the
requester is one of them; then, where the organisation's settings say so, to the
DSOs; then it is applied: the entry is created, changed or retired, with a version
that names the request. A request for a new object, which nobody owns yet, is
approved at the owner's stage by the organisation's DSOs and admins.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from features.register.access import KEEPERS, Stage
from features.register.repo import RegisterRepository, changes_between, entry_values
from features.register.rules.vocabulary import Status
from storage.models import ChangeRequest, ProcessingActivity, RegisterObject, utcnow
from storage.repos import OrganisationSettingsRepository, RoleRepository
from storage.roles import DSO_ROLES


def acts_for_object(person_id: int | None, obj: RegisterObject | None) -> bool:
    return obj is not None and person_id is not None and (
        person_id == obj.owner_person_id or person_id in (obj.deputies or []))


async def next_stage(session: AsyncSession, request: ChangeRequest,
                     obj: RegisterObject | None, done: Stage | None) -> Stage | None:
    """The stage after `done` (None: at the start); None when it is to be applied."""
    if done is None and not acts_for_object(request.requester_person_id, obj):
        return Stage.OWNER
    if done in (None, Stage.OWNER):
        settings = await OrganisationSettingsRepository(session).get(request.organisation_id)
        if settings.register_dso_approval:
            return Stage.DSO
    return None


async def approvers(session: AsyncSession, request: ChangeRequest,
                    obj: RegisterObject | None, stage: str | None = None) -> list[int]:
    """Who is asked at the request's stage (or `stage`): the owner and deputies, else (and
    at the DSO's stage) the organisation's DSOs (and admins, for an object nobody owns)."""
    stage = stage or request.stage
    if stage == Stage.OWNER and obj is not None and obj.owner_person_id is not None:
        return list(dict.fromkeys([obj.owner_person_id, *(obj.deputies or [])]))
    wanted = tuple(sorted(DSO_ROLES if stage == Stage.DSO else KEEPERS))
    holders = await RoleRepository(session).holders(request.organisation_id, wanted)
    return list(dict.fromkeys(h.person.id for h in holders))


class Conflict(Exception):
    """The entry changed since the request was made, in a field the request changes."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


async def apply(session: AsyncSession, request: ChangeRequest, actor: int | None
                ) -> ProcessingActivity:
    """Carry out an approved request, with a version naming it."""
    repo = RegisterRepository(session)
    reason = request.reason
    if request.kind == "new":
        obj = await session.get(RegisterObject, request.object_id) if request.object_id \
            else await repo.ensure_object(request.organisation_id,
                                          str(request.proposed.get("object") or ""))
        values = {**request.proposed, "status": Status.ACTIVE}
        return await repo.create(request.organisation_id, obj, values, actor=actor,
                                 source="request", reason=reason, request_id=request.id)
    activity = await repo.get(request.organisation_id, request.activity_id) \
        if request.activity_id else None
    if activity is None:
        raise Conflict(["name"])
    obj = await session.get(RegisterObject, activity.object_id)
    assert obj is not None
    owner = (await repo.people([obj.owner_person_id])).get(obj.owner_person_id or -1)
    current = entry_values(activity, obj, owner)
    moved = [f for f in request.proposed
             if changes_between({f: request.previous.get(f)}, {f: current.get(f)})]
    if moved:
        raise Conflict(moved)
    updated, _ = await repo.update(activity, obj, dict(request.proposed), actor=actor,
                                   source="request", reason=reason, request_id=request.id)
    return updated


def decided_columns(status: str) -> dict[str, Any]:
    return {"status": status, "stage": None, "decided_at": utcnow()}
