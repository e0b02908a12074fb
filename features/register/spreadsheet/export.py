"""The register → a workbook (.xlsx) or a CSV file that the import reads back as exactly
what it was: same columns ("ID" first, then one per field in declaration order under
its Swedish header, then the columns an earlier import kept), choices written as
the words `words.py` reads, several values joined with "; ".

The .xlsx is meant to be edited and imported again: drop-down lists (data
validation) on the choice columns, a frozen header row, columns wide enough to
read. The CSV is what Swedish Excel opens cleanly: ";" between cells, UTF-8
with a byte-order mark.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy.ext.asyncio import AsyncSession

from chat.exports import Export
from compliance.localtime import to_local
from features.register.fields import FIELDS, EntryField, Kind
from features.register.repo import RegisterRepository, entry_values
from features.register.spreadsheet import words
from sheets.text import column_letter
from storage.db import Database
from storage.repos import AuditRepository

FORMATS = ("xlsx", "csv")
ID_HEADER = "ID"
SHEET = "Registerförteckning"
CHOICES_SHEET = "Val"  # hidden: the drop-down lists' words
NEW_ROWS = 500  # rows below the entries that get the drop-down lists too
AUDIT_ACTION = "register.exported"
# Excel would run a cell beginning with these as a formula: CSV cells get a "'" before
# them (the import takes it off again); .xlsx cells are written as text and need none.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header(extra_headers: Sequence[str] = ()) -> list[str]:
    return [ID_HEADER, *(f.headers[0] for f in FIELDS), *extra_headers]


def _group(entry_field: EntryField) -> str:
    return entry_field.choice_group or entry_field.id


def cell(entry_field: EntryField, value: Any) -> Any:
    """One field's value as its cell: text, a date, or None for blank."""
    if value is None or value == "" or value == []:
        return None
    if entry_field.kind == Kind.LIST:
        return "; ".join(str(v) for v in value)
    if entry_field.kind == Kind.CHOICE:
        return _word(entry_field, value)
    if entry_field.kind == Kind.CHOICES:
        return "; ".join(_word(entry_field, v) for v in value)
    if entry_field.kind == Kind.DATE:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return str(value)


def _word(entry_field: EntryField, choice_id: str) -> str:
    return words.written(_group(entry_field), str(choice_id))


async def table(session: AsyncSession, organisation_id: int) -> tuple[list[str], list[list[Any]]]:
    """The register as a header and rows of cells, in reference order."""
    entries = await RegisterRepository(session).entries(organisation_id)
    extra_headers = list(dict.fromkeys(k for a, _, _ in entries for k in a.extra))
    rows = []
    for activity, obj, owner in entries:
        values = entry_values(activity, obj, owner)
        rows.append([activity.reference, *(cell(f, values.get(f.id)) for f in FIELDS),
                     *(activity.extra.get(h) for h in extra_headers)])
    return header(extra_headers), rows


def write_csv(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(head)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def write_xlsx(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    # constant_memory: rows go to disk as written, so 5,000 entries cost little memory.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = book.add_worksheet(SHEET)
        styles = {
            "head": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                     "bg_color": "#DDEBF7", "border": 1}),
            "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "text": book.add_format({"valign": "top"}),
        }
        wrapped = {i + 1 for i, f in enumerate(FIELDS) if f.kind in (Kind.LONG_TEXT, Kind.LIST)}
        for index, width in enumerate(_widths(head, rows)):
            sheet.set_column(index, index, width,
                             styles["wrap"] if index in wrapped else styles["text"])
        sheet.set_row(0, 45)
        for index, text in enumerate(head):
            sheet.write_string(0, index, text, styles["head"])
        for number, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(number, index, value, styles["date"])
                elif value is not None:  # as text, always: "=SUMMA(...)" is no formula here
                    sheet.write_string(number, index, str(value),
                                       styles["wrap"] if index in wrapped else styles["text"])
        sheet.freeze_panes(1, 2)  # the headers, the ID and the name stay in view
        sheet.autofilter(0, 0, max(len(rows), 1), len(head) - 1)
        _drop_downs(book, sheet, len(rows) + NEW_ROWS)
    finally:
        book.close()


def _widths(head: list[str], rows: list[list[Any]]) -> list[float]:
    """Wide enough for most values (the 90th percentile), 10 to 50 characters."""
    widths = []
    for index, text in enumerate(head):
        lengths = sorted(len(str(r[index]).split("\n")[0]) for r in rows
                         if r[index] is not None)
        typical = lengths[int(len(lengths) * 0.9)] if lengths else 0
        widths.append(float(min(50, max(10, len(text) + 2, typical + 2))))
    return widths


def _drop_downs(book: Any, sheet: Any, last_row: int) -> None:
    """A list of the choices' words on each choice column, kept on a hidden sheet (a
    list typed into the validation itself may hold only 255 characters)."""
    lists = book.add_worksheet(CHOICES_SHEET)
    groups: dict[str, str] = {}
    for index, entry_field in enumerate(FIELDS, start=1):
        if entry_field.kind not in (Kind.CHOICE, Kind.CHOICES):
            continue
        group = _group(entry_field)
        if group not in groups:
            column = len(groups)
            written = [w.written for w in words.vocabulary(group)]
            for row, word in enumerate(written):
                lists.write_string(row, column, word)
            letter = column_letter(column)
            groups[group] = f"={CHOICES_SHEET}!${letter}$1:${letter}${len(written)}"
        options: dict[str, Any] = {"validate": "list", "source": groups[group]}
        if entry_field.kind == Kind.CHOICES:
            # Several choices: the list offers one, typing "a; b" stays allowed.
            options |= {"show_error": False, "input_title": "Flera val",
                        "input_message": "Välj i listan, eller skriv flera med ; emellan."}
        else:
            options |= {"error_type": "warning", "error_title": "Inte ett av valen",
                        "error_message": "Välj ett värde i listan."}
        sheet.data_validation(1, index, last_row, index, options)
    lists.hide()


async def export_register(session: AsyncSession, organisation_id: int, path: Path,
                          fmt: str = "xlsx", *, actor: int | None = None,
                          channel: str = "cli") -> int:
    """Write the register to `path`; audited (counts only). Returns the entries written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    head, rows = await table(session, organisation_id)
    (write_xlsx if fmt == "xlsx" else write_csv)(path, head, rows)
    await AuditRepository(session).record(
        organisation_id=organisation_id, actor_person_id=actor, action=AUDIT_ACTION,
        record_type="organisation", record_id=organisation_id,
        detail={"entries": len(rows), "format": fmt, "source": channel})
    return len(rows)


async def export_to_data_dir(db: Database, organisation_id: int, slug: str, now: datetime, *,
                             data_dir: Path, fmt: str = "xlsx") -> tuple[Path, int]:
    """For the chat command: the export as a new file under the data directory, and the
    entries in it. data_dir/exports/registerforteckning-SLUG-YYYYMMDD-HHMMSS.xlsx (in
    Swedish time, as the DSO reads it), readable by the bot's own user only: it names
    people. The caller audits (it knows who asked). `data_dir` is the deployment's."""
    folder = data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"registerforteckning-{slug}-{to_local(now):%Y%m%d-%H%M%S}.{fmt}"
    async with db.session(readonly=True) as session:
        head, rows = await table(session, organisation_id)
    (write_xlsx if fmt == "xlsx" else write_csv)(path, head, rows)
    os.chmod(path, 0o600)
    return path, len(rows)


async def register_table(session: AsyncSession, organisation_id: int, year: int | None,
                         lang: str) -> tuple[list[str], list[list[Any]]]:
    """For `export registret`: the whole register (a register has no year), with the
    workbook's headers, so the file can be imported again."""
    return await table(session, organisation_id)


EXPORT = Export(name="register", words={"sv": ("registret", "registerförteckningen"),
                                        "en": ("register",)},
                file_stem={"sv": "registerforteckning", "en": "register"},
                table=register_table)
