"""`dsobot register import | export`: the register of processing activities as a workbook.

    dsobot register import FILE --org SLUG [--sheet NAME] [--dry-run] [--map "Kolumn=field" ...]
    dsobot register export --org SLUG [--format xlsx|csv] [-o FILE]

The import prints its plan row by row (create, update with what changes,
unchanged, reject with why, and the problems in cells), then applies it in one
transaction unless --dry-run. A file it cannot read ends with one line naming
the row and column where that helps, and exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from features.register.spreadsheet import report
from features.register.spreadsheet.export import FORMATS, export_register
from features.register.spreadsheet.importer import Imported, import_table
from features.register.spreadsheet.table import read_table
from sheets.workbook import BadWorkbook
from storage.db import Database
from storage.migrate import upgrade


async def _organisation_id(session: AsyncSession, slug: str) -> int:
    from bot.cli import _organisation  # the CLI's lookup, with its hint; imported late (cycle)

    return (await _organisation(session, slug)).id


def cmd_register_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError

    try:  # the file is read before the database is touched: it needs none
        table = read_table(args.file, sheet=args.sheet, maps=args.map or ())
    except BadWorkbook as error:
        raise UserError(f"{Path(args.file).name}: {error}") from None

    async def run() -> Imported:
        url = settings.effective_database_url
        upgrade(url)
        db = Database(url)
        try:  # a dry run only reads; a real one is one transaction, all rows or none
            async with db.session(readonly=args.dry_run) as session:
                organisation_id = await _organisation_id(session, args.org)
                return await import_table(session, organisation_id, table,
                                          dry_run=args.dry_run)
        finally:
            await db.dispose()

    imported = asyncio.run(run())
    lines = report.lines(imported.plan, applied=imported.applied)
    if imported.owners_linked:
        lines.append(f"{imported.owners_linked} object owner(s) named earlier are now linked "
                     "to their person.")
    print("\n".join(lines))
    return 0


def cmd_register_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _run_in_session

    fmt = args.format or ("csv" if str(args.output or "").lower().endswith(".csv") else "xlsx")
    output = Path(args.output or f"registerforteckning-{args.org}.{fmt}")
    if not output.parent.is_dir():
        raise UserError(f"cannot write {output}: no such directory {output.parent}")

    async def work(session: AsyncSession) -> int:
        organisation_id = await _organisation_id(session, args.org)
        try:
            return await export_register(session, organisation_id, output, fmt)
        except OSError as error:  # not the database's fault: say which file
            raise UserError(f"cannot write {output}: {error.strerror or error}") from None

    count = _run_in_session(settings, work)
    print(f"Exported {count} entr{'y' if count == 1 else 'ies'} of {args.org} to {output}")
    return 0


def add_commands(commands: Any) -> None:
    register = commands.add_parser("register", help="the register of processing activities "
                                                    "as a workbook (import, export)")
    actions = register.add_subparsers(dest="register_command", required=True, metavar="ACTION")
    importing = actions.add_parser(
        "import", help="import a workbook (.xlsx, .xls, .ods, .csv): new entries are "
                       "created, changed ones updated")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--org", required=True, metavar="SLUG")
    importing.add_argument("--sheet", metavar="NAME", help="the sheet (default: the one whose "
                                                            "headers name the most fields)")
    importing.add_argument("--dry-run", action="store_true",
                           help="print the plan row by row, write nothing")
    importing.add_argument("--map", action="append", metavar='"Kolumn=field"',
                           help="read a column as a field (a field id such as legal_basis, "
                                "or 'id'); 'Kolumn=' keeps it as it is; repeatable")
    importing.set_defaults(handler=cmd_register_import)

    exporting = actions.add_parser("export", help="export the register (re-importable)")
    exporting.add_argument("--org", required=True, metavar="SLUG")
    exporting.add_argument("--format", choices=FORMATS,
                           help="xlsx (drop-down lists; default) or csv (';', UTF-8 with BOM)")
    exporting.add_argument("-o", "--output", metavar="FILE",
                           help="default: registerforteckning-SLUG.xlsx here")
    exporting.set_defaults(handler=cmd_register_export)
