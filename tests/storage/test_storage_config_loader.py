"""Organisations and roles from a TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.config_loader import ConfigError, apply_config
from storage.db import Database
from storage.models import Role
from storage.repos import (
    AuditRepository,
    OrganisationRepository,
    OrganisationSettingsRepository,
    PeopleRepository,
    RoleRepository,
    TeamsUser,
)

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
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\norg_number = "212000-1356"\n',
            r"organisations\[0\] \(bn\): organisation number 212000-1356 has a wrong check",
        ),
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\norg_number = 2120001355\n',
            "'org_number' must be text in quotes",
        ),
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\nalert_scopes = { dso = "full" }\n',
            "cannot add 'dso' to the incident alert",
        ),
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\n'
            'alert_scopes = { registrar = "all" }\n',
            "alert scope for registrar must be full or summary",
        ),
        (
            '[[organisations]]\nslug = "bn"\nname = "B"\ndso_records_decisions = "yes"\n',
            "'dso_records_decisions' must be true or false",
        ),
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


SETTINGS_FILE = """
[[organisations]]
slug = "bn"
name = "Bildningsnämnden"
org_number = "2120001355"
address = "Box 123, 123 45 Storstad"
dso_records_decisions = false
alert_scopes = { security_coordinator = "full", registrar = "summary" }
"""


async def _settings_of(db: Database, slug: str):
    async with db.session() as s:
        organisation = await OrganisationRepository(s).by_slug(slug)
        assert organisation is not None
        settings = await OrganisationSettingsRepository(s).get(organisation.id)
        trail = await AuditRepository(s).for_record(organisation.id, "organisation",
                                                    organisation.id)
        changes = [e.detail for e in trail if e.action == "organisation.settings_set"]
        return settings, changes


async def test_an_organisation_carries_its_settings_and_reloading_changes_nothing(
    db: Database, tmp_path: Path
):
    path = tmp_path / "orgs.toml"
    path.write_text(SETTINGS_FILE, encoding="utf-8")
    for _ in range(2):
        async with db.session() as s:
            await apply_config(s, path)
    settings, changes = await _settings_of(db, "bn")
    assert settings.org_number == "212000-1355"
    assert settings.address == "Box 123, 123 45 Storstad"
    assert settings.dso_records_decisions is False
    assert settings.alert_scopes == {"security_coordinator": "full", "registrar": "summary"}
    assert changes == [{"changed": ["address", "alert_scopes", "dso_records_decisions",
                                    "org_number"], "source": "config"}]


async def test_a_file_without_settings_leaves_them_as_they_are(db: Database, tmp_path: Path):
    path = tmp_path / "orgs.toml"
    path.write_text(SETTINGS_FILE, encoding="utf-8")
    async with db.session() as s:
        await apply_config(s, path)
    # An older file: slug and name only. Settings set elsewhere survive it.
    path.write_text('[[organisations]]\nslug = "bn"\nname = "Bildningsnämnden"\n',
                    encoding="utf-8")
    async with db.session() as s:
        result = await apply_config(s, path)
    settings, changes = await _settings_of(db, "bn")
    assert result.settings_changed == 0 and len(changes) == 1
    assert settings.org_number == "212000-1355" and settings.dso_records_decisions is False


async def test_the_alert_table_in_a_file_is_the_whole_list(db: Database, tmp_path: Path):
    path = tmp_path / "orgs.toml"
    path.write_text(SETTINGS_FILE, encoding="utf-8")
    async with db.session() as s:
        await apply_config(s, path)
    path.write_text(SETTINGS_FILE.replace(
        'alert_scopes = { security_coordinator = "full", registrar = "summary" }',
        'alert_scopes = { registrar = "full" }'), encoding="utf-8")
    async with db.session() as s:
        assert (await apply_config(s, path)).settings_changed == 1
    settings, changes = await _settings_of(db, "bn")
    assert settings.alert_scopes == {"registrar": "full"}
    assert changes[-1] == {"changed": ["alert_scopes"], "source": "config"}
