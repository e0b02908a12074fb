"""`dsobot`: run the bot, migrate the database, set up organisations and roles.

    dsobot serve [--host H] [--port P]
    dsobot migrate
    dsobot config load FILE
    dsobot org add SLUG NAME | org list
    dsobot org show|set --org SLUG [...]  (bot/cli_org.py: IMY details, decisions, alerts)
    dsobot role grant|revoke --org SLUG (--email E | --aad-id ID) --role ROLE [--name N]
    dsobot role list [--org SLUG]
    dsobot retention show|set, purge, archive  (bot/cli_retention.py)
    dsobot register import FILE | export --org SLUG  (bot/cli_register.py: the register)
    dsobot cameras import FILE | export --org SLUG  (bot/cli_cameras.py: the camera register)
    dsobot import incidents|requests FILE --org SLUG [--dry-run]  (bot/cli_history.py: logs)
    dsobot reminders list --org SLUG [--state S] | send  (bot/cli_reminders.py: the outbox)
    dsobot report --org SLUG --year YEAR --format md|docx -o FILE | template  (bot/cli_report.py)
    dsobot worker

Mistakes in what the operator typed end with a one-line message and exit
code 1 (2 for malformed command lines), never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import inspect
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

import bot.cli_cameras as cli_cameras
from bot import cli_history, cli_org, cli_register, cli_reminders, cli_report, cli_retention
from bot.settings import Settings
from storage.config_loader import apply_config
from storage.db import Database
from storage.errors import InvalidInput, StorageError
from storage.migrate import current_revision, upgrade
from storage.models import ROLE_VALUES, Organisation, Person
from storage.repos import (
    AuditRepository,
    OrganisationRepository,
    PeopleRepository,
    RoleRepository,
    normalise_email,
)

T = TypeVar("T")


class UserError(Exception):
    """Something the operator can fix; shown without a traceback."""


def _run_in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Migrate (a no-op when up to date), then run `work` in one transaction."""
    url = settings.effective_database_url
    upgrade(url)

    async def run() -> T:
        db = Database(url)
        try:
            async with db.session() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


async def _organisation(session: AsyncSession, slug: str) -> Organisation:
    organisation = await OrganisationRepository(session).by_slug(slug)
    if organisation is None:
        known = [o.slug for o in await OrganisationRepository(session).list()]
        hint = f"known: {', '.join(known)}" if known else "none exist yet; use 'dsobot org add'"
        raise UserError(f"unknown organisation {slug!r} ({hint})")
    return organisation


def _who(person: Person) -> str:
    return (
        " ".join(
            part
            for part in (person.display_name, f"<{person.email}>" if person.email else None)
            if part
        )
        or f"aad:{person.aad_object_id}"
    )


# --- subcommands ---------------------------------------------------------------------


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runtime import CannotListen, serve  # the edge is only loaded when the bot runs

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    try:
        outcome = serve(dataclasses.replace(settings, **overrides))
    except CannotListen as error:  # e.g. the port is taken: not a database problem
        raise UserError(str(error)) from None
    if inspect.isawaitable(outcome):
        asyncio.run(outcome)  # type: ignore[arg-type]
    return 0


def cmd_worker(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.runtime import work  # loaded only when the worker actually runs

    work(settings)
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    url = settings.effective_database_url
    upgrade(url)
    print(f"Database is up to date (revision {current_revision(url)}).")
    return 0


def cmd_config_load(settings: Settings, args: argparse.Namespace) -> int:
    result = _run_in_session(settings, lambda session: apply_config(session, args.file))
    changed = (f", settings of {result.settings_changed} organisation(s) changed"
               if result.settings_changed else "")
    print(
        f"Loaded {args.file}: {result.organisations_created} organisation(s) and "
        f"{result.people_created} person(s) created, {result.roles_granted} role(s) granted"
        f"{changed}."
    )
    return 0


def cmd_org_add(settings: Settings, args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> bool:
        organisation, created = await OrganisationRepository(session).upsert(args.slug, args.name)
        await AuditRepository(session).record(
            organisation_id=organisation.id,
            actor_person_id=None,
            action="organisation.created" if created else "organisation.renamed",
            record_type="organisation",
            record_id=organisation.id,
            detail={"source": "cli"},
        )
        return created

    created = _run_in_session(settings, work)
    print(f"{'Added' if created else 'Updated'} organisation {args.slug}: {args.name}")
    return 0


def cmd_org_list(settings: Settings, _args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> list[tuple[str, str]]:
        return [(o.slug, o.name) for o in await OrganisationRepository(session).list()]

    rows = _run_in_session(settings, work)
    if not rows:
        print("No organisations yet. Add one with: dsobot org add SLUG NAME")
    for slug, name in rows:
        print(f"{slug}\t{name}")
    return 0


def cmd_role_change(settings: Settings, args: argparse.Namespace) -> int:
    granting = args.role_command == "grant"

    async def work(session: AsyncSession) -> str:
        organisation = await _organisation(session, args.org)
        people = PeopleRepository(session)
        if granting:
            person, _ = await people.ensure(
                email=args.email, aad_object_id=args.aad_id, name=args.name
            )
        else:
            person = await (
                people.by_email(args.email) if args.email else people.by_aad(None, args.aad_id)
            )
            if person is None:
                raise UserError(f"no person known as {args.email or args.aad_id}")
        roles = RoleRepository(session)
        change = roles.grant if granting else roles.revoke
        changed = await change(person.id, organisation.id, args.role)
        if changed:
            await AuditRepository(session).record(
                organisation_id=organisation.id,
                actor_person_id=None,
                action="role.granted" if granting else "role.revoked",
                record_type="person",
                record_id=person.id,
                detail={"role": args.role, "source": "cli"},
            )
        if granting:
            state = "granted" if changed else "already had"
        else:
            state = "revoked" if changed else "did not have"
        return f"{_who(person)}: {state} {args.role} in {organisation.slug}"

    print(_run_in_session(settings, work))
    return 0


def cmd_role_list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> list[tuple[str, str, str]]:
        organisation_id = (await _organisation(session, args.org)).id if args.org else None
        holders = await RoleRepository(session).holders(organisation_id)
        return [(h.organisation.slug, h.role.value, _who(h.person)) for h in holders]

    rows = _run_in_session(settings, work)
    if not rows:
        print("No roles assigned.")
    for row in rows:
        print("\t".join(row))
    return 0


# --- argument parsing ----------------------------------------------------------------


def _role_name(value: str) -> str:
    normalised = value.strip().lower().replace("-", "_")
    if normalised not in ROLE_VALUES:
        raise argparse.ArgumentTypeError(
            f"unknown role {value!r} (choose from {', '.join(ROLE_VALUES)})"
        )
    return normalised


def _email(value: str) -> str:
    try:
        return normalise_email(value) or ""
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dsobot", description="Teams bot for data-protection work at public bodies."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the bot (default 127.0.0.1:3978)")
    serve.add_argument("--host", help="address to listen on")
    serve.add_argument("--port", type=int, help="port to listen on")
    serve.set_defaults(handler=cmd_serve)

    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        handler=cmd_migrate
    )

    config = commands.add_parser("config", help="organisations and roles from a file")
    config_commands = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    load = config_commands.add_parser("load", help="load a TOML file (idempotent)")
    load.add_argument("file", help="e.g. config/organisations.example.toml")
    load.set_defaults(handler=cmd_config_load)

    org = commands.add_parser("org", help="organisations (controllers)")
    org_commands = org.add_subparsers(dest="org_command", required=True, metavar="ACTION")
    add = org_commands.add_parser("add", help="add or rename an organisation")
    add.add_argument("slug", help="short id: lower-case letters, digits, hyphens")
    add.add_argument("name", help="full name, e.g. 'Bildningsnämnden'")
    add.set_defaults(handler=cmd_org_add)
    org_commands.add_parser("list", help="list organisations").set_defaults(handler=cmd_org_list)
    cli_org.add_commands(org_commands)

    role = commands.add_parser("role", help="who is DSO, deputy, admin or object owner")
    role_commands = role.add_subparsers(dest="role_command", required=True, metavar="ACTION")
    for action in ("grant", "revoke"):
        change = role_commands.add_parser(action, help=f"{action} a role in an organisation")
        change.add_argument("--org", required=True, metavar="SLUG")
        who = change.add_mutually_exclusive_group(required=True)
        who.add_argument("--email", type=_email)
        who.add_argument("--aad-id", dest="aad_id", metavar="ID", help="Entra object id")
        change.add_argument("--role", required=True, type=_role_name, help=" | ".join(ROLE_VALUES))
        if action == "grant":
            change.add_argument("--name", help="display name for a person not yet known")
        change.set_defaults(handler=cmd_role_change, name=None)
    listing = role_commands.add_parser("list", help="list role holders")
    listing.add_argument("--org", metavar="SLUG")
    listing.set_defaults(handler=cmd_role_list)

    cli_retention.add_commands(commands)
    cli_register.add_commands(commands)
    cli_cameras.add_commands(commands)
    cli_history.add_commands(commands)
    cli_reminders.add_commands(commands)
    cli_report.add_commands(commands)
    commands.add_parser("worker", help="run the background work without serving: purges, "
                                       "reminders, delivering the outbox"
                        ).set_defaults(handler=cmd_worker)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(Settings.load(), args)
    except (UserError, StorageError) as error:
        print(f"dsobot: error: {error}", file=sys.stderr)
    except (OperationalError, OSError) as error:
        print(
            f"dsobot: error: cannot use the database ({error.__class__.__name__}: "
            f"{str(error).splitlines()[0]}). Check DATABASE_URL or DSOBOT_DATA_DIR.",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
