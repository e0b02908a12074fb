"""Organisations, people and roles from a TOML file (see config/organisations.example.toml).

Loading is idempotent: organisations and people are upserted and roles
granted; nothing is removed. The whole file is validated before anything is
written, so a typo never leaves a half-applied configuration.

An organisation may also carry its settings (org_number, address,
dso_records_decisions, alert_scopes): those given are set, checked as
`dsobot org set` checks them (`storage.repos.settings`); those left out are
left as they are, so files written before settings existed load as before.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import InvalidInput
from storage.models import Role
from storage.repos import (
    AuditRepository,
    OrganisationRepository,
    OrganisationSettingsRepository,
    PeopleRepository,
    RoleRepository,
    normalise_email,
    parse_role,
    validate_slug,
)
from storage.repos.settings import check_settings


class ConfigError(InvalidInput):
    """The configuration file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class OrganisationEntry:
    slug: str
    name: str
    # Only the settings the file gives, checked and normalised (see `_parse_settings`).
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonEntry:
    email: str | None
    aad_object_id: str | None
    tenant_id: str | None
    name: str | None
    home: str | None
    roles: dict[str, tuple[Role, ...]]


@dataclass(frozen=True)
class OrgConfig:
    organisations: tuple[OrganisationEntry, ...]
    people: tuple[PersonEntry, ...]


@dataclass
class ApplyResult:
    organisations_created: int = 0
    people_created: int = 0
    roles_granted: int = 0
    settings_changed: int = 0  # organisations whose settings the file changed
    warnings: list[str] = field(default_factory=list)


def _text(entry: dict[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be text")
    return value.strip() or None


def _parse_person(entry: Any, index: int, known_slugs: set[str]) -> PersonEntry:
    where = f"people[{index}]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table")
    try:
        email = normalise_email(_text(entry, "email", where))
    except InvalidInput as error:
        raise ConfigError(f"{where}: {error}") from None
    aad = _text(entry, "aad_object_id", where)
    if not email and not aad:
        raise ConfigError(f"{where}: give 'email' or 'aad_object_id' (or both)")
    where = f"people[{index}] ({email or aad})"
    home = _text(entry, "home", where)
    if home and home not in known_slugs:
        raise ConfigError(f"{where}: unknown home organisation {home!r}")
    raw_roles = entry.get("roles", {})
    if not isinstance(raw_roles, dict):
        raise ConfigError(f'{where}: roles must be a table, e.g. roles = {{ bn = ["dso"] }}')
    roles: dict[str, tuple[Role, ...]] = {}
    for slug, names in raw_roles.items():
        if slug not in known_slugs:
            raise ConfigError(f"{where}: role in unknown organisation {slug!r}")
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list):
            raise ConfigError(f"{where}: roles for {slug!r} must be a list of role names")
        try:
            roles[slug] = tuple(parse_role(str(name)) for name in names)
        except InvalidInput as error:
            raise ConfigError(f"{where}: {error}") from None
    return PersonEntry(
        email=email,
        aad_object_id=aad,
        tenant_id=_text(entry, "tenant_id", where),
        name=_text(entry, "name", where),
        home=home,
        roles=roles,
    )


# TOML type of each setting, for an error that says what to write.
_SETTING_TYPES: dict[str, tuple[type, str]] = {
    "org_number": (str, 'text in quotes, e.g. "212000-1355"'),
    "address": (str, "text"),
    "dso_records_decisions": (bool, "true or false"),
    "register_dso_approval": (bool, "true or false"),
    "alert_scopes": (dict, 'a table, e.g. { security_coordinator = "full" }'),
}


def _parse_settings(entry: dict[str, Any], where: str) -> dict[str, Any]:
    given = {key: entry[key] for key in _SETTING_TYPES if key in entry}
    for key, value in given.items():
        kind, example = _SETTING_TYPES[key]
        if not isinstance(value, kind):
            raise ConfigError(f"{where}: '{key}' must be {example}")
    if isinstance(given.get("org_number"), str) and not given["org_number"].strip():
        given["org_number"] = None  # "" clears it, as on the command line
    try:
        return check_settings(given)
    except InvalidInput as error:
        raise ConfigError(f"{where}: {error}") from None


def parse_config(data: dict[str, Any]) -> OrgConfig:
    organisations: list[OrganisationEntry] = []
    for index, entry in enumerate(data.get("organisations", [])):
        where = f"organisations[{index}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a table with slug and name")
        slug, name = _text(entry, "slug", where), _text(entry, "name", where)
        if not slug or not name:
            raise ConfigError(f"{where}: both 'slug' and 'name' are required")
        try:
            validate_slug(slug)
        except InvalidInput as error:
            raise ConfigError(f"{where}: {error}") from None
        settings = _parse_settings(entry, f"{where} ({slug})")
        organisations.append(OrganisationEntry(slug, name, settings))
    slugs = [o.slug for o in organisations]
    duplicates = {s for s in slugs if slugs.count(s) > 1}
    if duplicates:
        raise ConfigError(f"organisation listed twice: {', '.join(sorted(duplicates))}")
    people = tuple(
        _parse_person(entry, index, set(slugs))
        for index, entry in enumerate(data.get("people", []))
    )
    return OrgConfig(tuple(organisations), people)


def read_config(path: str | Path) -> OrgConfig:
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    return parse_config(data)


async def apply_parsed(session: AsyncSession, config: OrgConfig) -> ApplyResult:
    result = ApplyResult()
    organisations, people = OrganisationRepository(session), PeopleRepository(session)
    roles, audit = RoleRepository(session), AuditRepository(session)
    settings = OrganisationSettingsRepository(session)
    ids: dict[str, int] = {}
    for entry in config.organisations:
        organisation, created = await organisations.upsert(entry.slug, entry.name)
        ids[entry.slug] = organisation.id
        result.organisations_created += created
        # Only a real change is written and audited, so reloading at every start is quiet.
        changed = await settings.change(organisation.id, **entry.settings) if entry.settings \
            else []
        if changed:
            result.settings_changed += 1
            await audit.record(
                organisation_id=organisation.id,
                actor_person_id=None,
                action="organisation.settings_set",
                record_type="organisation",
                record_id=organisation.id,
                detail={"changed": changed, "source": "config"},
            )
    for entry in config.people:
        person, created = await people.ensure(
            email=entry.email,
            aad_object_id=entry.aad_object_id,
            tenant_id=entry.tenant_id,
            name=entry.name,
        )
        result.people_created += created
        if entry.home:
            await people.set_home_organisation(person.id, ids[entry.home])
        for slug, granted in entry.roles.items():
            for role in granted:
                if await roles.grant(person.id, ids[slug], role):
                    result.roles_granted += 1
                    await audit.record(
                        organisation_id=ids[slug],
                        actor_person_id=None,
                        action="role.granted",
                        record_type="person",
                        record_id=person.id,
                        detail={"role": role.value, "source": "config"},
                    )
    return result


async def apply_config(session: AsyncSession, path: str | Path) -> ApplyResult:
    """Validate the whole file, then upsert organisations, people and roles."""
    return await apply_parsed(session, read_config(path))
