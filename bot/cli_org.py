"""`dsobot org show | set`: what an organisation (controller) says about itself.

    dsobot org show --org SLUG
    dsobot org set --org SLUG [--org-number NNNNNN-NNNN] [--address TEXT]
                   [--dso-records-decisions yes|no] [--register-dso-approval yes|no]
                   [--alert ROLE=full|summary|none ...]

The values are checked by `storage.repos.settings`, which the configuration
file loader shares, so both ways in refuse the same mistakes.
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_retention import _yes_no  # the same yes|no (ja|nej) as `retention set`
from bot.settings import Settings
from storage.errors import InvalidInput
from storage.models import OrganisationSettings
from storage.repos import AuditRepository, OrganisationSettingsRepository
from storage.repos.settings import ALERT_ROLES, ALERT_SCOPES, alert_role
from storage.roles import Role

# Plain English for what an alerted role sees (see features/incidents/access.py).
_SCOPE_TEXT = {
    "full": "yes, sees the whole case",
    "summary": "yes, sees a summary (no free text, no names)",
}
_ROLE_TEXT = {
    Role.SECURITY_COORDINATOR: "information security coordinator (security_coordinator)",
    Role.REGISTRAR: "registrar",
}


def describe(settings: OrganisationSettings) -> list[str]:
    """Every setting, defaults included, as an operator reads it."""
    decisions = (
        "recorded by the DSO, on the controller's behalf (delegated)"
        if settings.dso_records_decisions
        else "recorded by an admin of the organisation; the DSO advises"
    )
    address = ", ".join(line.strip() for line in (settings.address or "").splitlines()
                        if line.strip())
    lines = [
        f"organisation number: {settings.org_number or 'not set'}",
        f"postal address: {address or 'not set'}",
        f"decision whether to notify IMY: {decisions}",
        "register changes approved by the object owner"
        + (" and then the DSO" if settings.register_dso_approval else " (the DSO need not)"),
        "alerted of a new incident besides the DSOs and deputies:",
    ]
    scopes = settings.alert_scopes or {}
    for role in ALERT_ROLES:
        lines.append(f"  {_ROLE_TEXT[role]}: {_SCOPE_TEXT.get(scopes.get(role.value, ''), 'no')}")
    return lines


def _changes(args: argparse.Namespace, current_scopes: dict[str, str]) -> dict[str, Any]:
    """What the command line asks to change; an empty --org-number or --address clears it."""
    changes: dict[str, Any] = {}
    if args.org_number is not None:
        changes["org_number"] = args.org_number.strip() or None
    if args.address is not None:
        changes["address"] = args.address
    if args.dso_records_decisions is not None:
        changes["dso_records_decisions"] = args.dso_records_decisions
    if args.register_dso_approval is not None:
        changes["register_dso_approval"] = args.register_dso_approval
    if args.alert:
        scopes = dict(current_scopes)
        for role, scope in _alerts(args.alert):
            if scope == "none":
                scopes.pop(role, None)
            else:
                scopes[role] = scope
        changes["alert_scopes"] = scopes
    return changes


def _alerts(values: list[str]) -> list[tuple[str, str]]:
    """ROLE=full|summary|none pairs, checked (InvalidInput: exit 1 with its message)."""
    pairs = []
    for value in values:
        name, equals, scope = value.partition("=")
        if not equals:
            raise InvalidInput(f"--alert {value!r}: write ROLE=full, ROLE=summary or ROLE=none")
        role = alert_role(name).value
        scope = scope.strip().lower()
        if scope not in (*ALERT_SCOPES, "none"):
            raise InvalidInput(f"--alert {value!r}: the scope is full, summary or none")
        pairs.append((role, scope))
    return pairs


async def _organisation_id(session: AsyncSession, slug: str) -> int:
    from bot.cli import _organisation  # the CLI's lookup, with its hint; imported late (cycle)

    return (await _organisation(session, slug)).id


def cmd_org_show(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import _run_in_session

    async def work(session: AsyncSession) -> list[str]:
        organisation_id = await _organisation_id(session, args.org)
        return describe(await OrganisationSettingsRepository(session).get(organisation_id))

    lines = _run_in_session(settings, work)
    print("\n".join([f"Settings of {args.org}:", *(f"  {line}" for line in lines)]))
    return 0


def cmd_org_set(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _run_in_session

    if not any(v is not None for v in (args.org_number, args.address,
                                       args.dso_records_decisions, args.alert,
                                       args.register_dso_approval)):
        raise UserError("nothing to set: give --org-number, --address, "
                        "--dso-records-decisions, --register-dso-approval or --alert")
    _alerts(args.alert or [])  # a mistyped role is refused before the database is opened

    async def work(session: AsyncSession) -> tuple[list[str], list[str]]:
        organisation_id = await _organisation_id(session, args.org)
        repo = OrganisationSettingsRepository(session)
        current = await repo.get(organisation_id, for_update=True)
        changed = await repo.change(organisation_id, **_changes(args, current.alert_scopes))
        if changed:
            # Names of settings only: the address is the controller's, but the
            # audit log holds identifiers, not text.
            await AuditRepository(session).record(
                organisation_id=organisation_id, actor_person_id=None,
                action="organisation.settings_set", record_type="organisation",
                record_id=organisation_id, detail={"changed": changed, "source": "cli"})
        return changed, describe(await repo.get(organisation_id))

    changed, lines = _run_in_session(settings, work)
    head = (f"Settings of {args.org} changed ({', '.join(changed)}):" if changed
            else f"Settings of {args.org} unchanged:")
    print("\n".join([head, *(f"  {line}" for line in lines)]))
    return 0


def add_commands(org_commands: Any) -> None:
    """Adds `show` and `set` to the `dsobot org` group of bot/cli.py."""
    show = org_commands.add_parser("show", help="show an organisation's settings")
    show.add_argument("--org", required=True, metavar="SLUG")
    show.set_defaults(handler=cmd_org_show)

    change = org_commands.add_parser("set", help="change an organisation's settings")
    change.add_argument("--org", required=True, metavar="SLUG")
    change.add_argument("--org-number", metavar="NNNNNN-NNNN",
                        help="the controller's organisation number, for IMY ('' clears)")
    change.add_argument("--address", metavar="TEXT",
                        help="the controller's postal address, for IMY ('' clears)")
    change.add_argument("--dso-records-decisions", type=_yes_no, metavar="yes|no",
                        help="yes: the DSO records the decision whether to notify IMY "
                             "(delegated); no: an admin does, the DSO advises")
    change.add_argument("--register-dso-approval", type=_yes_no, metavar="yes|no",
                        help="yes: a register change approved by the object owner also "
                             "needs the DSO's approval")
    roles = "|".join(role.value for role in ALERT_ROLES)
    change.add_argument("--alert", action="append", metavar="ROLE=full|summary|none",
                        help=f"who else is alerted of a new incident ({roles}); repeatable; "
                             "none stops alerting the role")
    change.set_defaults(handler=cmd_org_set)
