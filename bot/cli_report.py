"""`dsobot report`: the DSO's annual report, reproducible from the command line.

    dsobot report --org SLUG --year YEAR [--format md|docx] [-o FILE]
    dsobot report template --org SLUG FILE

The report uses the DSO's stored judgements for that year when there are any
(from `årsrapport ÅR` in the chat), else every mark reads "Ej bedömd"; the
figures are counted from the records. `template` stores an organisation's own
Word template (its house style) after checking that docxtpl can read it and that
it uses the report's fields; the DOCX is then written with it.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from features.reports.annual.docx import BadTemplate, check_template, template_path
from features.reports.annual.service import FORMATS, file_name, write_report
from storage.db import Database
from storage.migrate import upgrade


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _organisation  # imported late (cycle)
    from chat.install import install
    from features import FEATURES

    missing = [flag for flag, value in (("--org", args.org), ("--year", args.year))
               if value is None]
    if missing:
        raise UserError(f"missing {' and '.join(missing)} "
                        "(dsobot report --org SLUG --year YEAR --format md|docx -o FILE)")
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    fmt = args.format or (suffix if suffix in FORMATS else "md")
    output = Path(args.output or file_name(args.org, args.year, fmt))
    if not output.parent.is_dir():
        raise UserError(f"cannot write {output}: no such directory {output.parent}")

    async def run() -> Path:
        url = settings.effective_database_url
        upgrade(url)
        db = Database(url)
        try:
            async with db.session(readonly=True) as session:
                organisation_id = (await _organisation(session, args.org)).id
            try:
                return await write_report(db, install(FEATURES), organisation_id, args.year,
                                          datetime.now(UTC), fmt, output,
                                          data_dir=settings.data_dir)
            except OSError as error:  # not the database's fault: say which file
                raise UserError(f"cannot write {output}: {error.strerror or error}") from None
        finally:
            await db.dispose()

    written = asyncio.run(run())
    print(f"Wrote the annual report {args.year} of {args.org} ({fmt}) to {written}")
    return 0


def cmd_report_template(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import UserError, _run_in_session

    source = Path(args.file)
    if not source.is_file():
        raise UserError(f"no such file: {source}")
    try:
        fields = check_template(source)
    except BadTemplate as error:
        raise UserError(f"{source.name}: {error}") from None

    async def work(session: AsyncSession) -> str:
        from bot.cli import _organisation

        return (await _organisation(session, args.org)).slug

    slug = _run_in_session(settings, work)
    target = template_path(settings.data_dir, slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    print(f"Stored the annual report template of {slug} ({', '.join(sorted(fields))}) "
          f"as {target}")
    return 0


def add_commands(commands: Any) -> None:
    report = commands.add_parser("report", help="the DSO's annual report (md, docx) and the "
                                                "organisation's Word template")
    report.add_argument("--org", metavar="SLUG")
    report.add_argument("--year", type=int, metavar="YEAR")
    report.add_argument("--format", choices=FORMATS, help="md or docx (default: from -o, else md)")
    report.add_argument("-o", "--output", metavar="FILE",
                        help="default: arsrapport-SLUG-YEAR.FORMAT here")
    report.set_defaults(handler=cmd_report)
    actions = report.add_subparsers(dest="report_command", metavar="ACTION")
    template = actions.add_parser("template", help="store the organisation's own Word template "
                                                   "(same fields as ours)")
    template.add_argument("--org", required=True, metavar="SLUG")
    template.add_argument("file", metavar="FILE", help="a .docx with the report's fields")
    template.set_defaults(handler=cmd_report_template)
