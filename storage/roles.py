"""Who may do what: the roles, in one place, for storage, the command table and the directory.

Pure: no database, no SDK. Everyone the bot knows in an organisation is staff;
that role is implied and never stored. The others are granted per organisation.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"  # everyone in an organisation; implied, never stored
    DSO = "dso"
    DEPUTY_DSO = "deputy_dso"
    ADMIN = "admin"
    OBJECT_OWNER = "object_owner"
    # Told of incidents, as the organisation's settings say (`alert_scopes`):
    SECURITY_COORDINATOR = "security_coordinator"  # informationssäkerhetssamordnare
    REGISTRAR = "registrar"  # registrator: enters the diarienummer


# The roles that are granted and stored (the database's check constraint lists them).
GRANTED: tuple[Role, ...] = (Role.DSO, Role.DEPUTY_DSO, Role.ADMIN, Role.OBJECT_OWNER,
                             Role.SECURITY_COORDINATOR, Role.REGISTRAR)
ROLE_VALUES: tuple[str, ...] = tuple(role.value for role in GRANTED)
DSO_ROLES: frozenset[Role] = frozenset({Role.DSO, Role.DEPUTY_DSO})
EVERYONE: frozenset[Role] = frozenset(Role)
