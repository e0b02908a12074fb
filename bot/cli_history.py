"""`dsobot import incidents | requests`: last year's logs from a spreadsheet.

    dsobot import incidents FILE --org SLUG [--sheet NAME] [--dry-run]
    dsobot import requests FILE --org SLUG [--sheet NAME] [--dry-run]

The file (.xlsx, .xls, .ods, .csv) is read with the shared workbook reader
(`sheets.workbook`: password-protected, damaged and CSV files of every Swedish
Excel dialect are handled there); each capability's `history` module finds its
header row, maps the values and plans the rows. One
line per row (create, unchanged, reject with why) and a total line are printed;
the rows are created in one transaction unless --dry-run. A file that cannot be
read at all ends with one line and exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.settings import Settings
from features.incidents import history as incident_history
from features.rights import history as request_history
from sheets.workbook import BadWorkbook, blank, choose_sheet, open_book
from storage.db import Database
from storage.migrate import upgrade

KINDS: dict[str, ModuleType] = {"incidents": incident_history, "requests": request_history}


def read_rows(path: str, history: ModuleType, sheet: str | None = None) -> list[list[Any]]:
    """The rows of the sheet asked for, else of the visible sheet whose header row names
    the most columns; raises BadWorkbook or the capability's HistoryFileError."""
    book = open_book(path)
    try:
        chosen = choose_sheet(book, sheet, history.header_score)
        rows = book.sheet(chosen).rows
    finally:
        book.close()
    if all(blank(c) for row in rows for c in row):
        raise BadWorkbook(f"sheet {chosen!r} is empty")
    history.find_columns(rows)  # no usable header row: said now, before the database
    return rows


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _organisation  # late: bot.cli imports this module

    history = KINDS[args.import_command]
    try:
        rows = read_rows(args.file, history, args.sheet)
    except (BadWorkbook, history.HistoryFileError) as error:
        raise UserError(f"{Path(args.file).name}: {error}") from None

    async def run() -> Any:
        url = settings.effective_database_url
        upgrade(url)
        db = Database(url)
        try:  # a dry run only reads; a real one is one transaction, all rows or none
            async with db.session(readonly=args.dry_run) as session:
                organisation = await _organisation(session, args.org)
                return await history.import_rows(session, organisation.id, rows,
                                                 dry_run=args.dry_run)
        finally:
            await db.dispose()

    print("\n".join(history.report_lines(asyncio.run(run()))))
    return 0


def add_commands(commands: Any) -> None:
    importing = commands.add_parser("import", help="last year's incident or request log "
                                                   "from a spreadsheet")
    kinds = importing.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    for kind, what in (("incidents", "an incident log (Diarienummer, Datum, Beskrivning, "
                                     "Typ av incident, Hur upptäcktes, Anmäld till IMY, ...)"),
                       ("requests", "a log of data subjects' requests (Ärendenummer, Inkom, "
                                    "Typ av begäran, Besvarad, Utfall)")):
        command = kinds.add_parser(kind, help=f"import {what}")
        command.add_argument("file", metavar="FILE", help=".xlsx, .xls, .ods or .csv")
        command.add_argument("--org", required=True, metavar="SLUG")
        command.add_argument("--sheet", metavar="NAME", help="the sheet (default: the one "
                                                              "whose headers name the most "
                                                              "columns)")
        command.add_argument("--dry-run", action="store_true",
                             help="print the plan row by row, write nothing")
        command.set_defaults(handler=cmd_import)
