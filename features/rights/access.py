"""Who may see and act on a data subject's request, and on a question to the DSO.

A request is seen by the organisation's DSOs, its handler and the member of staff
who logged it; it is handled (identity, extension, secrecy, answer ...) by the
DSOs and the handler. Everyone else is refused, and the refusal audited, by the
record-action kernel. A relayed question is the asker's and the DSOs'.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from chat.records import Access
from storage.models import RightsQuestion, RightsRequest
from storage.roles import DSO_ROLES, EVERYONE, Role


class Holder(Protocol):
    """The one acting (`chat.turn.Who`) or the one written to (`chat.viewer.Viewer`)."""

    person_id: int | None

    def holds(self, roles: frozenset[Role], organisation_id: int) -> bool: ...


def is_dso(who: Holder, organisation_id: int) -> bool:
    return who.holds(DSO_ROLES, organisation_id)


def handles(who: Holder, request: RightsRequest) -> bool:
    """The DSOs and the request's handler."""
    return is_dso(who, request.organisation_id) or (
        who.person_id is not None and who.person_id == request.handler_person_id)


def sees(who: Holder, request: RightsRequest) -> bool:
    """Those who handle it, and the one who logged it."""
    return handles(who, request) or (
        who.person_id is not None and who.person_id == request.logged_by_person_id)


async def _seer(ctx: Any, session: AsyncSession, request: RightsRequest) -> str | None:
    return None if sees(ctx.who, request) else "not_involved"


async def _handler(ctx: Any, session: AsyncSession, request: RightsRequest) -> str | None:
    return None if handles(ctx.who, request) else "not_handler"


# Anyone of the organisation may name a request; the gate says whether it is theirs.
SEE = Access(roles=EVERYONE, gate=_seer)
HANDLE = Access(roles=EVERYONE, gate=_handler)


async def _asker_or_dso(ctx: Any, session: AsyncSession, question: RightsQuestion
                        ) -> str | None:
    mine = ctx.who.person_id is not None and ctx.who.person_id == question.asker_person_id
    return None if mine or is_dso(ctx.who, question.organisation_id) else "not_involved"


QUESTION_SEE = Access(roles=EVERYONE, gate=_asker_or_dso)
QUESTION_ANSWER = Access(roles=DSO_ROLES)
