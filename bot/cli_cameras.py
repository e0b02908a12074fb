"""`dsobot cameras import | export`: the camera register as a workbook.

    dsobot cameras import FILE --org SLUG [--sheet NAME] [--dry-run]
    dsobot cameras export --org SLUG [--format xlsx|csv] [-o FILE]

The file (.xlsx, .xls, .ods, .csv) is read with the shared workbook
reader (`sheets.workbook`, through `bot.cli_history.read_rows`);
the cameras capability (`features.cameras.register.spreadsheet`) finds the header
row, plans each row (created, updated with what changes, unchanged, rejected with
why), names the cameras that lack an assessment of interests or a retention time,
and applies the plan in one transaction unless --dry-run. The export writes the
headers the import reads, so the file imports back to the same cameras. A file that
cannot be read at all ends with one line and exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_camera_grounds import add_grounds_commands
from bot.cli_history import read_rows
from bot.settings import Settings
from chat.exports import FORMATS, write_table
from features.cameras.register import spreadsheet
from features.cameras.register.export import export_table
from sheets.workbook import BadWorkbook
from storage.db import Database
from storage.migrate import upgrade


def cmd_cameras_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _organisation  # late: bot.cli imports this module

    try:  # the file is read before the database is touched: it needs none
        rows = read_rows(args.file, spreadsheet, args.sheet)  # type: ignore[arg-type]
    except (BadWorkbook, spreadsheet.CameraFileError) as error:
        raise UserError(f"{Path(args.file).name}: {error}") from None

    async def run() -> spreadsheet.Imported:
        url = settings.effective_database_url
        upgrade(url)
        db = Database(url)
        try:  # a dry run only reads; a real one is one transaction, all rows or none
            async with db.session(readonly=args.dry_run) as session:
                organisation = await _organisation(session, args.org)
                return await spreadsheet.import_rows(session, organisation.id, rows,
                                                     dry_run=args.dry_run)
        finally:
            await db.dispose()

    print("\n".join(spreadsheet.report_lines(asyncio.run(run()))))
    return 0


def cmd_cameras_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _organisation, _run_in_session

    fmt = args.format or ("csv" if str(args.output or "").lower().endswith(".csv") else "xlsx")
    output = Path(args.output or f"kameraregister-{args.org}.{fmt}")
    if not output.parent.is_dir():
        raise UserError(f"cannot write {output}: no such directory {output.parent}")

    async def work(session: AsyncSession) -> int:
        organisation = await _organisation(session, args.org)
        head, rows = await export_table(session, organisation.id, None, "sv")
        try:
            write_table(output, fmt, head, rows, sheet="Kameror")
        except OSError as error:  # not the database's fault: say which file
            raise UserError(f"cannot write {output}: {error.strerror or error}") from None
        return len(rows)

    count = _run_in_session(settings, work)
    print(f"Exported {count} camera{'' if count == 1 else 's'} of {args.org} to {output}")
    return 0


def add_commands(commands: Any) -> None:
    cameras = commands.add_parser("cameras", help="the camera register as a workbook "
                                                  "(import, export)")
    actions = cameras.add_subparsers(dest="cameras_command", required=True, metavar="ACTION")
    add_grounds_commands(actions)  # `dsobot cameras grounds list|add|end`
    importing = actions.add_parser(
        "import", help="import a workbook of cameras (Kamera, Plats, Ändamål, Lagringstid, "
                       "Intresseavvägning, ...): new cameras are created, changed ones updated")
    importing.add_argument("file", metavar="FILE", help=".xlsx, .xls, .ods or .csv")
    importing.add_argument("--org", required=True, metavar="SLUG")
    importing.add_argument("--sheet", metavar="NAME", help="the sheet (default: the one whose "
                                                            "headers name the most columns)")
    importing.add_argument("--dry-run", action="store_true",
                           help="print the plan row by row, write nothing")
    importing.set_defaults(handler=cmd_cameras_import)

    exporting = actions.add_parser("export", help="export the camera register (re-importable)")
    exporting.add_argument("--org", required=True, metavar="SLUG")
    exporting.add_argument("--format", choices=FORMATS,
                           help="xlsx (default) or csv (';', UTF-8 with BOM)")
    exporting.add_argument("-o", "--output", metavar="FILE",
                           help="default: kameraregister-SLUG.xlsx here")
    exporting.set_defaults(handler=cmd_cameras_export)
