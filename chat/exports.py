"""What a capability contributes to `export …`: its records as one table, and the writer.

A capability declares `Export`s in `Feature(exports=...)`: the words that name
them, who may export, and `table`, which reads one organisation's records (of a
year, if given) as a header and rows in the person's language, with the columns
of the capability's own declarations. The reports capability resolves the words
and writes the file; `write_table` writes .xlsx (every value as text or date,
never a formula) or .csv (semicolons, UTF-8 with BOM, as Swedish Excel opens it).
"""

from __future__ import annotations

import csv
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy.ext.asyncio import AsyncSession

from i18n import Lang
from storage.roles import DSO_ROLES, Role

FORMATS = ("xlsx", "csv")
# A cell starting with one of these would be a formula in a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# (session, organisation id, year or None, language) -> (header, rows)
ReadTable = Callable[[AsyncSession, int, int | None, Lang],
                     Awaitable[tuple[list[str], list[list[Any]]]]]


@dataclass(frozen=True)
class Export:
    name: str  # "incidents"
    words: Mapping[Lang, tuple[str, ...]]  # e.g. {"sv": ("incidenter",), "en": ("incidents",)}
    file_stem: Mapping[Lang, str]  # e.g. {"sv": "incidenter", "en": "incidents"}
    table: ReadTable
    roles: frozenset[Role] = frozenset(DSO_ROLES | {Role.ADMIN})


def write_table(path: Path, fmt: str, head: Sequence[str], rows: Sequence[Sequence[Any]],
                sheet: str = "Export") -> Path:
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            writer.writerow(head)
            writer.writerows([_as_text(v) for v in row] for row in rows)
        return path
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        page = book.add_worksheet(sheet[:31])
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for index, text in enumerate(head):
            page.write_string(0, index, str(text), bold)
            page.set_column(index, index, 18)
        for number, row in enumerate(rows, start=1):
            for index, value in enumerate(row):
                if isinstance(value, datetime):
                    page.write_datetime(number, index, value.replace(tzinfo=None), moment)
                elif isinstance(value, date):
                    page.write_datetime(number, index, value, day)
                elif value is not None:  # text, always: "=SUMMA(...)" is no formula here
                    page.write_string(number, index, str(value))
        page.freeze_panes(1, 1)
        page.autofilter(0, 0, max(len(rows), 1), max(len(head) - 1, 0))
    finally:
        book.close()
    return path


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text
