"""`dsobot cameras grounds list | add | end`: the legal grounds a disclosure decision on
recorded material may rest on, as dated data (features/cameras/followup/grounds.py).

    dsobot cameras grounds list --org SLUG [--on DATE] [--all]
    dsobot cameras grounds add --org SLUG --code CODE --sv TEXT --en TEXT
                               [--from DATE] [--to DATE]
    dsobot cameras grounds end --org SLUG --code CODE --on DATE

`list` prints the grounds the organisation may rely on on a day (today in
Stockholm by default; `--all`: whatever their dates), its own marked `own`.
`add` adds the organisation's own ground (or replaces its own with that code),
e.g. a new rule in force from a date; with the code of a shared ground it takes
that one's place for the organisation. `end` makes DATE the last day a ground is
offered. Both are audited. The grounds' texts are the law's words, not personal
data.

`add_grounds_commands(actions)` adds `grounds` to the `cameras` command's
subparsers (bot/cli_cameras.py owns `cameras`).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from storage.models import CameraLegalGround


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _line(ground: CameraLegalGround) -> str:
    span = f"{ground.valid_from or '…'} – {ground.valid_to or '…'}"
    own = "own   " if ground.organisation_id is not None else "shared"
    return f"{ground.code:<20} {own} {span:<25} {ground.label_sv}"


async def _organisation_id(session: AsyncSession, slug: str) -> int:
    from bot.cli import _organisation  # the CLI's lookup, with its hint; imported late (cycle)

    return (await _organisation(session, slug)).id


async def _audit(session: AsyncSession, organisation_id: int, action: str,
                 ground: CameraLegalGround) -> None:
    from storage.repos import AuditRepository

    await AuditRepository(session).record(
        organisation_id=organisation_id, actor_person_id=None, action=action,
        record_type="camera_legal_ground", record_id=ground.id,
        detail={"code": ground.code, "valid_from": str(ground.valid_from or ""),
                "valid_to": str(ground.valid_to or ""), "source": "cli"})


def cmd_grounds_list(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import _run_in_session
    from compliance.localtime import to_local
    from features.cameras.followup.grounds import grounds_of, grounds_valid_on
    from storage.models import utcnow

    day = args.on or to_local(utcnow()).date()

    async def work(session: AsyncSession) -> list[str]:
        organisation_id = await _organisation_id(session, args.org)
        grounds = await (grounds_of(session, organisation_id) if args.all
                         else grounds_valid_on(session, organisation_id, day))
        return [_line(g) for g in grounds]

    lines = _run_in_session(settings, work)
    print(f"Legal grounds of {args.org}" + ("" if args.all else f" valid on {day}") + ":")
    print("\n".join(f"  {line}" for line in lines) if lines else "  (none)")
    return 0


def cmd_grounds_add(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import _run_in_session
    from features.cameras.followup.grounds import add_ground

    async def work(session: AsyncSession) -> str:
        organisation_id = await _organisation_id(session, args.org)
        ground = await add_ground(session, organisation_id, args.code, args.sv, args.en,
                                  args.valid_from, args.valid_to)
        await _audit(session, organisation_id, "cameras.ground_added", ground)
        return _line(ground)

    print(f"Added to {args.org}: {_run_in_session(settings, work)}")
    return 0


def cmd_grounds_end(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import _run_in_session
    from features.cameras.followup.grounds import end_ground

    async def work(session: AsyncSession) -> str:
        organisation_id = await _organisation_id(session, args.org)
        ground = await end_ground(session, organisation_id, args.code, args.on)
        await _audit(session, organisation_id, "cameras.ground_ended", ground)
        return _line(ground)

    print(f"Ended for {args.org}: {_run_in_session(settings, work)}")
    return 0


def add_grounds_commands(actions: Any) -> None:
    """Add `grounds` (list, add, end) to the `cameras` command's subparsers."""
    grounds = actions.add_parser(
        "grounds", help="the legal grounds for disclosing recorded material (dated data)")
    commands = grounds.add_subparsers(dest="grounds_command", required=True, metavar="ACTION")

    listing = commands.add_parser("list", help="the grounds valid on a day (default today)")
    listing.add_argument("--org", required=True, metavar="SLUG")
    listing.add_argument("--on", type=_date, metavar="DATE")
    listing.add_argument("--all", action="store_true", help="whatever their dates")
    listing.set_defaults(handler=cmd_grounds_list)

    add = commands.add_parser("add", help="add the organisation's own ground (or replace it)")
    add.add_argument("--org", required=True, metavar="SLUG")
    add.add_argument("--code", required=True)
    add.add_argument("--sv", required=True, metavar="TEXT", help="the ground in Swedish")
    add.add_argument("--en", required=True, metavar="TEXT", help="the ground in English")
    add.add_argument("--from", dest="valid_from", type=_date, metavar="DATE")
    add.add_argument("--to", dest="valid_to", type=_date, metavar="DATE")
    add.set_defaults(handler=cmd_grounds_add)

    end = commands.add_parser("end", help="the last day a ground is offered")
    end.add_argument("--org", required=True, metavar="SLUG")
    end.add_argument("--code", required=True)
    end.add_argument("--on", required=True, type=_date, metavar="DATE")
    end.set_defaults(handler=cmd_grounds_end)
