"""Seeding an organisation and a person, for storage tests of every capability."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from storage.db import Database
from storage.repos import OrganisationRepository, PeopleRepository

Seeder = Callable[..., Awaitable[tuple[int, int]]]


@pytest.fixture
def seed_org_and_person(db: Database) -> Seeder:
    """`await seed_org_and_person(slug=..., email=...)` -> (organisation id, person id)."""

    async def seed(slug: str = "bn", email: str = "staff@example.se") -> tuple[int, int]:
        async with db.session() as s:
            org, _ = await OrganisationRepository(s).upsert(slug, slug.upper())
            person, _ = await PeopleRepository(s).ensure(email=email)
            return org.id, person.id

    return seed
