"""Organisations, people and roles."""

from __future__ import annotations

import pytest

from storage.db import Database
from storage.errors import InvalidInput
from storage.models import Role
from storage.repos import OrganisationRepository, PeopleRepository, RoleRepository, TeamsUser

TENANT = "11111111-1111-1111-1111-111111111111"


def teams_user(aad: str = "aad-anna", **overrides) -> TeamsUser:
    values = dict(
        tenant_id=TENANT,
        aad_object_id=aad,
        teams_user_id=f"29:{aad}",
        name="Anna Andersson",
        email="Anna.Andersson@Example.se",
        language="sv",
    )
    values.update(overrides)
    return TeamsUser(**values)


async def test_upsert_from_teams_creates_once_then_updates(db: Database):
    async with db.session() as s:
        person, created = await PeopleRepository(s).upsert_from_teams(teams_user())
        first_id = person.id
    assert created
    async with db.session() as s:
        person, created = await PeopleRepository(s).upsert_from_teams(
            teams_user(name="Anna A. Andersson", language="en")
        )
    assert not created
    assert person.id == first_id
    assert person.display_name == "Anna A. Andersson"
    assert person.email == "anna.andersson@example.se"
    # The language is set on first sight; later locales do not override it.
    assert person.preferred_language == "sv"


async def test_precreated_person_is_matched_by_email_when_aad_id_is_new(db: Database):
    async with db.session() as s:
        org, _ = await OrganisationRepository(s).upsert("bn", "Bildningsnämnden")
        pre, created = await PeopleRepository(s).ensure(email="anna.andersson@example.se")
        await RoleRepository(s).grant(pre.id, org.id, Role.DSO)
        pre_id, org_id = pre.id, org.id
    assert created
    async with db.session() as s:
        person, created = await PeopleRepository(s).upsert_from_teams(teams_user())
        roles = await RoleRepository(s).roles_in(person.id, org_id)
    assert not created
    assert person.id == pre_id
    assert person.aad_object_id == "aad-anna" and person.tenant_id == TENANT
    assert roles == {Role.DSO}


async def test_email_match_does_not_steal_a_person_already_known_from_teams(db: Database):
    async with db.session() as s:
        first, _ = await PeopleRepository(s).upsert_from_teams(teams_user("aad-1"))
        second, created = await PeopleRepository(s).upsert_from_teams(teams_user("aad-2"))
    assert created
    assert first.id != second.id


async def test_language_and_home_organisation(db: Database):
    async with db.session() as s:
        people = PeopleRepository(s)
        org, _ = await OrganisationRepository(s).upsert("sn", "Socialnämnden")
        person, _ = await people.upsert_from_teams(teams_user())
        await people.set_language(person.id, "en")
        await people.set_home_organisation(person.id, org.id)
        with pytest.raises(InvalidInput):
            await people.set_language(person.id, "de")
        person_id = person.id
    async with db.session() as s:
        person = await PeopleRepository(s).get(person_id)
    assert person is not None
    assert person.preferred_language == "en"
    assert person.home_organisation_id == org.id


async def test_roles_grant_revoke_and_dsos(db: Database):
    async with db.session() as s:
        orgs, people, roles = OrganisationRepository(s), PeopleRepository(s), RoleRepository(s)
        bn, _ = await orgs.upsert("bn", "Bildningsnämnden")
        sn, _ = await orgs.upsert("sn", "Socialnämnden")
        dso, _ = await people.ensure(email="dso@example.se", name="Dora DSO")
        deputy, _ = await people.ensure(email="deputy@example.se", name="Dan Deputy")
        owner, _ = await people.ensure(email="owner@example.se", name="Olle Owner")
        assert await roles.grant(dso.id, bn.id, Role.DSO)
        assert not await roles.grant(dso.id, bn.id, "dso")  # already had it
        await roles.grant(deputy.id, bn.id, "deputy-dso")
        await roles.grant(owner.id, bn.id, Role.OBJECT_OWNER)
        await roles.grant(dso.id, sn.id, Role.ADMIN)

        assert {h.person.email for h in await roles.dsos_of(bn.id)} == {
            "dso@example.se",
            "deputy@example.se",
        }
        assert await roles.dsos_of(sn.id) == []
        assert await roles.roles_by_organisation(dso.id) == {bn.id: {Role.DSO}, sn.id: {Role.ADMIN}}

        assert await roles.revoke(deputy.id, bn.id, Role.DEPUTY_DSO)
        assert not await roles.revoke(deputy.id, bn.id, Role.DEPUTY_DSO)
        assert [h.person.email for h in await roles.dsos_of(bn.id)] == ["dso@example.se"]
        with pytest.raises(InvalidInput, match="unknown role"):
            await roles.grant(owner.id, bn.id, "king")


async def test_organisation_slug_is_validated_and_upsert_renames(db: Database):
    async with db.session() as s:
        orgs = OrganisationRepository(s)
        with pytest.raises(InvalidInput, match="slug"):
            await orgs.upsert("Bildnings Nämnden", "x")
        org, created = await orgs.upsert("bn", "Bildningsnamnden")
        same, created_again = await orgs.upsert("bn", "Bildningsnämnden")
    assert created and not created_again
    assert same.id == org.id and same.name == "Bildningsnämnden"
    async with db.session() as s:
        assert [o.slug for o in await OrganisationRepository(s).list()] == ["bn"]
