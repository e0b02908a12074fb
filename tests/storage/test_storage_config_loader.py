"""Organisations and roles from a TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.config_loader import ConfigError, apply_config
from storage.db import Database
from storage.models import Role
from storage.repos import OrganisationRepository, PeopleRepository, RoleRepository, TeamsUser

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "organisations.example.toml"


async def _role_table(db: Database) -> set[tuple[str, str, str]]:
    async with db.session() as s:
        return {
            (h.organisation.slug, h.role.value, h.person.email or "")
            for h in await RoleRepository(s).holders()
        }


async def test_example_file_loads_and_reloading_changes_nothing(db: Database):
    async with db.session() as s:
        first = await apply_config(s, EXAMPLE)
    roles_after_first = await _role_table(db)
    async with db.session() as s:
        second = await apply_config(s, EXAMPLE)
    assert first.organisations_created == 2 and first.roles_granted > 0
    assert (second.organisations_created, second.people_created, second.roles_granted) == (0, 0, 0)
    assert await _role_table(db) == roles_after_first
    assert ("bildningsnamnden", "dso", "dora.dso@example.se") in roles_after_first


async def test_configured_person_becomes_the_teams_user_with_that_email(db: Database):
    async with db.session() as s:
        await apply_config(s, EXAMPLE)
    async with db.session() as s:
        person, created = await PeopleRepository(s).upsert_from_teams(
            TeamsUser(tenant_id="t1", aad_object_id="aad-dora", email="Dora.DSO@example.se")
        )
        bn = await OrganisationRepository(s).by_slug("bildningsnamnden")
        assert bn is not None
        assert not created
        assert person.home_organisation_id == bn.id
        assert await RoleRepository(s).roles_in(person.id, bn.id) == {Role.DSO}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\n[[people]]\nemail = "a@b.se"\n'
            'roles = { sn = ["dso"] }\n',
            "unknown organisation 'sn'",
        ),
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\n[[people]]\nemail = "a@b.se"\n'
            'roles = { bn = ["king"] }\n',
            "unknown role 'king'",
        ),
        ('[[organisations]]\nslug = "Bad Slug"\nname = "B"\n', "invalid organisation slug"),
        ('[[people]]\nname = "Nobody"\n', "give 'email' or 'aad_object_id'"),
        ("[[organisations]\n", "not valid TOML"),
    ],
)
async def test_bad_files_are_refused_before_anything_is_written(
    db: Database, tmp_path: Path, text: str, message: str
):
    path = tmp_path / "orgs.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        async with db.session() as s:
            await apply_config(s, path)
    async with db.session() as s:
        assert await OrganisationRepository(s).list() == []


async def test_missing_file_is_a_clear_error(db: Database, tmp_path: Path):
    async with db.session() as s:
        with pytest.raises(ConfigError, match="not found"):
            await apply_config(s, tmp_path / "missing.toml")
