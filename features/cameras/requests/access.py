"""Who may see and act on a footage request.

Seen by the organisation's DSOs and admins, the responsible person of any of its
cameras, and the member of staff who logged it. Secured and handed over by a
camera's responsible person, a DSO or an admin; decided (the secrecy assessment)
by a DSO or an admin only; closed by a DSO or an admin. Everyone else is refused,
and the refusal audited, by the record-action kernel.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Access
from storage.models import Camera, FootageRequest
from storage.roles import DSO_ROLES, EVERYONE, Role

DECIDERS: frozenset[Role] = DSO_ROLES | {Role.ADMIN}


class Holder(Protocol):
    person_id: int | None

    def holds(self, roles: frozenset[Role], organisation_id: int) -> bool: ...


async def responsible_ids(session: AsyncSession, request: FootageRequest) -> set[int]:
    ids = [uuid.UUID(str(c)) for c in request.camera_ids or []]
    if not ids:
        return set()
    rows = await session.scalars(select(Camera.responsible_person_id).where(
        Camera.organisation_id == request.organisation_id, Camera.id.in_(ids)))
    return {p for p in rows if p is not None}


def decides(who: Holder, organisation_id: int) -> bool:
    return who.holds(DECIDERS, organisation_id)


async def handles(session: AsyncSession, who: Holder, request: FootageRequest) -> bool:
    """DSOs, admins and the cameras' responsible people: secure and hand over."""
    return decides(who, request.organisation_id) or (
        who.person_id is not None and who.person_id in await responsible_ids(session, request))


async def sees(session: AsyncSession, who: Holder, request: FootageRequest) -> bool:
    return (who.person_id is not None and who.person_id == request.logged_by_person_id) or \
        await handles(session, who, request)


async def _seer(ctx: Any, session: AsyncSession, request: FootageRequest) -> str | None:
    return None if await sees(session, ctx.who, request) else "not_involved"


async def _handler(ctx: Any, session: AsyncSession, request: FootageRequest) -> str | None:
    return None if await handles(session, ctx.who, request) else "not_responsible"


SEE = Access(roles=EVERYONE, gate=_seer)
HANDLE = Access(roles=EVERYONE, gate=_handler)
# Staff recording a decision are refused before anything is loaded, and audited.
DECIDE = Access(roles=DECIDERS, refusal="not_decider")
