"""An organisation's settings (`storage.models.OrganisationSettings`), with defaults.

Without a stored row the defaults apply, so every organisation has settings
from the start and only what is changed is written. The values are checked
here, once, for every way in (the command line, the configuration file).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from compliance.pii import luhn_ok
from storage.errors import InvalidInput
from storage.models import OrganisationSettings
from storage.roles import Role

# What an alert recipient beyond the DSOs may see of a new incident.
ALERT_SCOPES = ("full", "summary")
# Who may be added to the alert beyond the DSOs (who are always told).
ALERT_ROLES: tuple[Role, ...] = (Role.SECURITY_COORDINATOR, Role.REGISTRAR)
SETTABLE = frozenset({"org_number", "address", "dso_records_decisions", "alert_scopes",
                      "register_dso_approval"})
_YES_NO_SETTINGS = {
    "dso_records_decisions": "whether the DSO records decisions",
    "register_dso_approval": "whether the DSO approves register changes",
}
# An address for IMY's form, not a document: a cap keeps pasted text out.
MAX_ADDRESS_CHARS = 500

# ASCII digits only: `\d` would let other scripts' digits through.
_ORG_NUMBER = re.compile(r"([0-9]{6})-?([0-9]{4})")


def normalise_org_number(value: str) -> str:
    """A Swedish organisation number as NNNNNN-NNNN, or InvalidInput saying what is wrong.

    Ten digits, a hyphen after six optional, the last a Luhn check digit over
    the ten. A legal person's third digit is 2 or more (its "month" could never
    be one), which also keeps a personal identity number out of this field.
    """
    text = value.strip()
    match = _ORG_NUMBER.fullmatch(text)
    if match is None:
        raise InvalidInput(
            f"not an organisation number: {text!r} (10 digits, e.g. 212000-1355)"
        )
    digits = match[1] + match[2]
    if digits[2] < "2":
        # Not echoed: it has the shape of a personal identity number.
        raise InvalidInput(
            "not an organisation number: the third digit of an organisation number "
            "is 2 or more (this looks like a personal identity number)"
        )
    if not luhn_ok(digits):
        raise InvalidInput(
            f"organisation number {text} has a wrong check digit (the last one); "
            "check it against the registration"
        )
    return f"{match[1]}-{match[2]}"


def alert_role(value: str) -> Role:
    """A role that may be alerted beyond the DSOs, from what an operator typed."""
    name = value.strip().lower().replace("-", "_")
    for role in ALERT_ROLES:
        if role.value == name:
            return role
    allowed = ", ".join(role.value for role in ALERT_ROLES)
    raise InvalidInput(
        f"cannot add {value!r} to the incident alert (choose from {allowed}; "
        "the DSOs and deputies are always alerted)"
    )


def check_alert_scopes(scopes: Mapping[str, Any]) -> dict[str, str]:
    """The whole alert table, checked: role -> "full" | "summary"."""
    checked: dict[str, str] = {}
    for name, scope in scopes.items():
        role = alert_role(str(name))
        if not isinstance(scope, str) or scope.strip().lower() not in ALERT_SCOPES:
            raise InvalidInput(f"alert scope for {role.value} must be full or summary, "
                               f"not {scope!r}")
        checked[role.value] = scope.strip().lower()
    return checked


def check_settings(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes, normalised; InvalidInput (TypeError for a bug) when one is wrong.

    None clears the organisation number or the address.
    """
    unknown = set(changes) - SETTABLE
    if unknown:
        raise TypeError(f"not an organisation setting: {', '.join(sorted(unknown))}")
    checked = dict(changes)
    if checked.get("org_number") is not None:
        checked["org_number"] = normalise_org_number(checked["org_number"])
    if "address" in checked:
        address = (checked["address"] or "").strip() or None
        if address is not None and len(address) > MAX_ADDRESS_CHARS:
            raise InvalidInput(f"the address is longer than {MAX_ADDRESS_CHARS} characters")
        checked["address"] = address
    for key, what in _YES_NO_SETTINGS.items():
        if key in checked and not isinstance(checked[key], bool):
            raise InvalidInput(f"{what} must be yes or no (true/false)")
    if "alert_scopes" in checked:
        checked["alert_scopes"] = check_alert_scopes(checked["alert_scopes"] or {})
    return checked


def defaults(organisation_id: int) -> OrganisationSettings:
    """The settings of an organisation that has changed none (not added to the session)."""
    return OrganisationSettings(organisation_id=organisation_id, org_number=None, address=None,
                                dso_records_decisions=True, alert_scopes={},
                                register_dso_approval=False, revision=0)


class OrganisationSettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, organisation_id: int, *, for_update: bool = False) -> OrganisationSettings:
        """The stored settings, or the defaults (read-only: change them with `set`).

        `for_update`: lock the row (PostgreSQL) until the transaction ends, for a
        caller that merges into a value (e.g. one role's alert scope) and writes it back.
        """
        row = await self._row(organisation_id, for_update)
        return row if row is not None else defaults(organisation_id)

    async def set(self, organisation_id: int, **changes: Any) -> OrganisationSettings:
        """Store changed settings (checked, see `check_settings`) in the caller's transaction."""
        return await self._write(await self._row(organisation_id, True), organisation_id,
                                 check_settings(changes))

    async def change(self, organisation_id: int, **changes: Any) -> list[str]:
        """Store only the settings whose value differs; returns their names, sorted.

        Nothing differing, nothing is written (no revision bump), so loading the
        same configuration twice, or repeating a command, changes nothing.
        """
        changes = check_settings(changes)
        row = await self._row(organisation_id, True)
        current = row if row is not None else defaults(organisation_id)
        differing = {k: v for k, v in changes.items() if getattr(current, k) != v}
        if differing:
            await self._write(row, organisation_id, differing)
        return sorted(differing)

    async def _row(self, organisation_id: int, for_update: bool) -> OrganisationSettings | None:
        # Locked on PostgreSQL so two operators changing settings at once cannot
        # lose one another's change; SQLite has one writer at a time anyway.
        return await self.session.get(OrganisationSettings, organisation_id,
                                      with_for_update=for_update or None)

    async def _write(self, row: OrganisationSettings | None, organisation_id: int,
                     changes: dict[str, Any]) -> OrganisationSettings:
        if row is None:
            row = defaults(organisation_id)
            self.session.add(row)
        for key, value in changes.items():
            setattr(row, key, value)  # a new dict for alert_scopes: JSON is not mutation-tracked
        row.revision = (row.revision or 0) + 1
        await self.session.flush()
        return row
