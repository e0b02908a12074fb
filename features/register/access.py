"""Who may see, change and approve what in the register.

Everyone in an organisation may read its register (staff see an entry's name,
purposes and owner) and ask for a change. Only the object's owner, the people
who act for them (objektledare, produktledare, specialists: `deputies`), the
DSOs and the admins of that organisation change an entry directly or approve
a request at the owner's stage; at the DSO's stage, only the DSOs. A request
never waits for its own requester's approval at the owner's stage: the owner
asking is the owner approving.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Access
from chat.turn import Who
from storage.models import ChangeRequest, ProcessingActivity, RegisterObject
from storage.roles import DSO_ROLES, EVERYONE, Role

KEEPERS = frozenset(DSO_ROLES | {Role.ADMIN})  # who may change any entry of their organisation


class Stage(StrEnum):
    OWNER = "owner"
    DSO = "dso"


class RequestStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def keeps(who: Who, obj: RegisterObject) -> bool:
    """The owner, one who acts for them, or a DSO or admin of the organisation."""
    if who.person_id is not None and (who.person_id == obj.owner_person_id
                                      or who.person_id in (obj.deputies or [])):
        return True
    return who.holds(KEEPERS, obj.organisation_id)


def sees_everything(who: Who, obj: RegisterObject) -> bool:
    """Owners, their deputies, DSOs and admins see every field; staff the summary."""
    return keeps(who, obj)


def may_approve(who: Who, request: ChangeRequest, obj: RegisterObject | None) -> bool:
    if request.status != RequestStatus.IN_REVIEW:
        return False
    if request.stage == Stage.DSO:
        return who.holds(DSO_ROLES, request.organisation_id)
    if obj is None:  # a new object: nobody owns it yet, the DSOs and admins decide
        return who.holds(KEEPERS, request.organisation_id)
    return keeps(who, obj)


Gate = Callable[[Any, AsyncSession, Any], Awaitable[str | None]]


def entry_access(gate: Gate | None = None) -> Access:
    """Anyone of the organisation finds its entries; `gate` says who may act."""
    return Access(roles=EVERYONE, gate=gate)


async def object_of(session: AsyncSession, activity: ProcessingActivity) -> RegisterObject:
    obj = await session.get(RegisterObject, activity.object_id)
    assert obj is not None and obj.organisation_id == activity.organisation_id
    return obj


async def keeper_gate(ctx: Any, session: AsyncSession, activity: ProcessingActivity
                      ) -> str | None:
    """For changing an entry directly: the owner's side of it."""
    return None if keeps(ctx.who, await object_of(session, activity)) else "not_keeper"
