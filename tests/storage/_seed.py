"""Small helpers to seed organisations and people in storage tests."""

from __future__ import annotations

from storage.db import Database
from storage.repos import OrganisationRepository, PeopleRepository


async def seed_org_and_person(
    db: Database, slug: str = "bn", email: str = "staff@example.se"
) -> tuple[int, int]:
    async with db.session() as s:
        org, _ = await OrganisationRepository(s).upsert(slug, slug.upper())
        person, _ = await PeopleRepository(s).ensure(email=email)
        return org.id, person.id
