"""People: created from Teams activities, or pre-created by an admin by e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidInput
from storage.models import Person

SUPPORTED_LANGUAGES = ("sv", "en")


def normalise_email(email: str | None) -> str | None:
    if email is None:
        return None
    email = email.strip().lower()
    if not email:
        return None
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        raise InvalidInput(f"not an e-mail address: {email!r}")
    return email


@dataclass(frozen=True)
class TeamsUser:
    """What a Teams activity tells us about its sender."""

    tenant_id: str
    aad_object_id: str
    teams_user_id: str | None = None
    name: str | None = None
    email: str | None = None
    language: str | None = None


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: int) -> Person | None:
        return await self.session.get(Person, person_id)

    async def by_aad(self, tenant_id: str | None, aad_object_id: str) -> Person | None:
        query = select(Person).where(Person.aad_object_id == aad_object_id)
        if tenant_id is not None:
            query = query.where(Person.tenant_id == tenant_id)
        return await self.session.scalar(query.order_by(Person.id).limit(1))

    async def by_email(self, email: str) -> Person | None:
        """The person with this e-mail; one known from Teams wins over a pre-created one."""
        query = (
            select(Person)
            .where(Person.email == normalise_email(email))
            .order_by(Person.aad_object_id.is_(None), Person.id)
            .limit(1)
        )
        return await self.session.scalar(query)

    async def upsert_from_teams(self, user: TeamsUser) -> tuple[Person, bool]:
        """Find or create the sender of an activity; returns (person, created).

        Matching order: the Entra object id in this tenant; then a person
        pre-created with this object id but no tenant; then a person
        pre-created by e-mail who has never been seen in Teams. Name, e-mail
        and Teams id follow what Teams says; the language is only filled in
        when none is set, so a choice the person made is kept.
        """
        person = await self.by_aad(user.tenant_id, user.aad_object_id)
        if person is None:
            person = await self._claim_precreated(user)
        created = person is None
        if person is None:
            person = await self._insert(user)
            if person is None:  # a concurrent turn created the same person first
                person = await self.by_aad(user.tenant_id, user.aad_object_id)
                assert person is not None
                created = False
        self._apply_teams_details(person, user)
        await self.session.flush()
        return person, created

    async def _claim_precreated(self, user: TeamsUser) -> Person | None:
        person = await self.session.scalar(
            select(Person)
            .where(Person.aad_object_id == user.aad_object_id, Person.tenant_id.is_(None))
            .limit(1)
        )
        if person is None and user.email:
            person = await self.session.scalar(
                select(Person)
                .where(Person.email == normalise_email(user.email), Person.aad_object_id.is_(None))
                .order_by(Person.id)
                .limit(1)
            )
        if person is not None:
            person.tenant_id = user.tenant_id
            person.aad_object_id = user.aad_object_id
        return person

    async def _insert(self, user: TeamsUser) -> Person | None:
        person = Person(tenant_id=user.tenant_id, aad_object_id=user.aad_object_id)
        try:
            async with self.session.begin_nested():
                self.session.add(person)
        except IntegrityError:
            return None
        return person

    @staticmethod
    def _apply_teams_details(person: Person, user: TeamsUser) -> None:
        if user.teams_user_id:
            person.teams_user_id = user.teams_user_id
        if user.name:
            person.display_name = user.name
        if user.email:
            person.email = normalise_email(user.email)
        if person.preferred_language is None and user.language in SUPPORTED_LANGUAGES:
            person.preferred_language = user.language

    async def ensure(
        self,
        *,
        email: str | None = None,
        aad_object_id: str | None = None,
        tenant_id: str | None = None,
        name: str | None = None,
    ) -> tuple[Person, bool]:
        """Find a person by Entra object id or e-mail, or pre-create one (admin, config).

        Returns (person, created). Known details are filled in, never erased.
        """
        email = normalise_email(email)
        if not email and not aad_object_id:
            raise InvalidInput("a person needs an e-mail address or an Entra object id")
        person = None
        if aad_object_id:
            person = await self.by_aad(tenant_id, aad_object_id)
        if person is None and email:
            person = await self.by_email(email)
            if (
                person is not None
                and aad_object_id
                and person.aad_object_id
                not in (
                    None,
                    aad_object_id,
                )
            ):
                raise InvalidInput(
                    f"{email} belongs to a person with another Entra object id "
                    f"({person.aad_object_id})"
                )
        created = person is None
        if person is None:
            person = Person()
            self.session.add(person)
        if aad_object_id:
            person.aad_object_id = aad_object_id
        if tenant_id:
            person.tenant_id = tenant_id
        if email:
            person.email = email
        if name:
            person.display_name = name
        await self.session.flush()
        return person, created

    async def set_home_organisation(self, person_id: int, organisation_id: int | None) -> None:
        person = await self._require(person_id)
        person.home_organisation_id = organisation_id
        await self.session.flush()

    async def set_language(self, person_id: int, language: str) -> None:
        if language not in SUPPORTED_LANGUAGES:
            raise InvalidInput(f"unsupported language {language!r}; use one of sv, en")
        person = await self._require(person_id)
        person.preferred_language = language
        await self.session.flush()

    async def _require(self, person_id: int) -> Person:
        person = await self.get(person_id)
        if person is None:
            raise InvalidInput(f"no person with id {person_id}")
        return person
