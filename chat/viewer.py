"""Someone the bot writes to (not the one acting): who they are and what they hold,
enough to build a card for them with the buttons they may use."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repos import RoleRepository
from storage.roles import Role


class Viewer:
    """Someone the bot writes to (not the one acting): their id and roles, enough to
    say what they may do on a card built for them."""

    def __init__(self, person_id: int, roles: dict[int, set[Role]]) -> None:
        self.person_id = person_id
        self._roles = {org: {str(r) for r in held} for org, held in roles.items()}

    def holds(self, roles: frozenset[Role] | frozenset[str] | set[Role],
              organisation_id: int) -> bool:
        return bool({str(r) for r in roles} & self._roles.get(organisation_id, set()))


async def viewer_of(session: AsyncSession, person_id: int) -> Viewer:
    return Viewer(person_id, await RoleRepository(session).roles_by_organisation(person_id))
