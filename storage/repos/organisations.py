"""Organisations (controllers)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidInput
from storage.models import Organisation

# Slugs appear in commands and config files: keep them easy to type.
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$")


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.match(slug):
        raise InvalidInput(
            f"invalid organisation slug {slug!r}: use lower-case letters a-z, digits "
            "and hyphens (e.g. 'bildningsnamnden'), at most 64 characters"
        )
    return slug


class OrganisationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, organisation_id: int) -> Organisation | None:
        return await self.session.get(Organisation, organisation_id)

    async def by_slug(self, slug: str) -> Organisation | None:
        return await self.session.scalar(select(Organisation).where(Organisation.slug == slug))

    async def list(self) -> list[Organisation]:
        return list(await self.session.scalars(select(Organisation).order_by(Organisation.slug)))

    async def upsert(self, slug: str, name: str) -> tuple[Organisation, bool]:
        """Create the organisation, or rename the existing one; returns (org, created)."""
        validate_slug(slug)
        name = name.strip()
        if not name:
            raise InvalidInput("an organisation needs a name")
        existing = await self.by_slug(slug)
        if existing is not None:
            existing.name = name
            return existing, False
        organisation = Organisation(slug=slug, name=name)
        self.session.add(organisation)
        await self.session.flush()
        return organisation, True
