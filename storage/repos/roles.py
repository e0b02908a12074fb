"""Role assignments: who is DSO, deputy, admin or object owner in which organisation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidInput
from storage.models import ROLE_VALUES, Organisation, Person, Role, RoleAssignment
from storage.repos._dialect import upsert_insert
from storage.roles import DSO_ROLES


def parse_role(value: str) -> Role:
    """A role that can be granted; staff is everyone's and is never stored."""
    normalised = value.strip().lower().replace("-", "_")
    if normalised not in ROLE_VALUES:
        raise InvalidInput(f"unknown role {value!r}; use one of {', '.join(ROLE_VALUES)}")
    return Role(normalised)


@dataclass(frozen=True)
class RoleHolder:
    person: Person
    organisation: Organisation
    role: Role


class RoleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def grant(self, person_id: int, organisation_id: int, role: Role | str) -> bool:
        """Give the role; True if it is new, False if the person already had it."""
        role = parse_role(role)
        insert = upsert_insert(self.session, RoleAssignment.__table__)
        statement = (
            insert.values(person_id=person_id, organisation_id=organisation_id, role=role.value)
            .on_conflict_do_nothing(index_elements=["person_id", "organisation_id", "role"])
            .returning(RoleAssignment.__table__.c.id)
        )
        return (await self.session.execute(statement)).first() is not None

    async def revoke(self, person_id: int, organisation_id: int, role: Role | str) -> bool:
        """Take the role away; True if the person had it."""
        role = parse_role(role)
        statement = (
            delete(RoleAssignment)
            .where(
                RoleAssignment.person_id == person_id,
                RoleAssignment.organisation_id == organisation_id,
                RoleAssignment.role == role.value,
            )
            .returning(RoleAssignment.id)
        )
        return (await self.session.execute(statement)).first() is not None

    async def roles_in(self, person_id: int, organisation_id: int) -> set[Role]:
        rows = await self.session.scalars(
            select(RoleAssignment.role).where(
                RoleAssignment.person_id == person_id,
                RoleAssignment.organisation_id == organisation_id,
            )
        )
        return {Role(value) for value in rows}

    async def roles_by_organisation(self, person_id: int) -> dict[int, set[Role]]:
        """Every organisation the person has a role in, with those roles."""
        rows = await self.session.execute(
            select(RoleAssignment.organisation_id, RoleAssignment.role).where(
                RoleAssignment.person_id == person_id
            )
        )
        result: dict[int, set[Role]] = {}
        for organisation_id, role in rows:
            result.setdefault(organisation_id, set()).add(Role(role))
        return result

    async def holders(
        self, organisation_id: int | None = None, roles: tuple[Role, ...] | None = None
    ) -> list[RoleHolder]:
        """Role holders, ordered by organisation, role and name; optionally filtered."""
        query = (
            select(Person, Organisation, RoleAssignment.role)
            .join(RoleAssignment, RoleAssignment.person_id == Person.id)
            .join(Organisation, Organisation.id == RoleAssignment.organisation_id)
            .order_by(Organisation.slug, RoleAssignment.role, Person.display_name, Person.id)
        )
        if organisation_id is not None:
            query = query.where(RoleAssignment.organisation_id == organisation_id)
        if roles:
            query = query.where(RoleAssignment.role.in_([r.value for r in roles]))
        rows = await self.session.execute(query)
        return [RoleHolder(person, organisation, Role(role)) for person, organisation, role in rows]

    async def dsos_of(self, organisation_id: int) -> list[RoleHolder]:
        """The DSOs and deputy DSOs of an organisation: who gets alerts."""
        return await self.holders(organisation_id, tuple(sorted(DSO_ROLES)))
