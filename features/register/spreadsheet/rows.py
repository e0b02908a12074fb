"""The data rows of a table read as fields, before any entry is looked at.

Each cell is read by its column's field (`cells`); what cannot be read becomes a
`Problem` (row, column, the value shortened, why) and leaves the field out. A
column no field has is kept as text under its header (`ProcessingActivity.extra`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from features.register.fields import BY_ID
from features.register.spreadsheet import cells
from features.register.spreadsheet.headers import ID
from features.register.spreadsheet.table import Table
from sheets.headers import Column
from sheets.text import shorten

OUR_REFERENCE = re.compile(r"^BEH-\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    row: int
    column: str | None  # the header as the sheet writes it
    letter: str | None
    value: str | None  # shortened
    why: str

    def __str__(self) -> str:
        where = f"row {self.row}"
        if self.column is not None:
            where += f', column "{self.column}" ({self.letter})'
        quoted = f' "{self.value}"' if self.value else ""
        return f"{where}:{quoted} {self.why}"


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # field id → value, for the fields read from the row
    implied: set[str]
    extra: dict[str, str]  # unknown column's header → value (non-blank cells only)
    reference: str | None
    problems: list[Problem]


def reference_column(table: Table) -> Column | None:
    """The "ID" column, if it holds the register's references. An ID column of the DSO's
    own numbering (1, 2, 3) is theirs: kept with the entries as it is, not matched on."""
    column = table.column(ID)
    if column is None:
        return None
    given = (cells.text_of(_cell(r, column.index)) for _, r in table.rows)
    return column if all(OUR_REFERENCE.match(text) for text in given if text) else None


def kept_columns(table: Table) -> list[Column]:
    """The columns kept with the entries as they are (`extra`)."""
    own_ids = table.column(ID) if reference_column(table) is None else None
    return [c for c in table.columns if c.field is None or c is own_ids]


def parse_rows(table: Table) -> list[ParsedRow]:
    id_column = reference_column(table)
    return [_parse(table, number, row, id_column) for number, row in table.rows]


def _cell(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else ""


def _parse(table: Table, number: int, row: list[Any], id_column: Column | None) -> ParsedRow:
    values: dict[str, Any] = {}
    companions: dict[str, Any] = {}  # "Ja, 2023-05-12" gives classified_on too
    implied: set[str] = set()
    extra: dict[str, str] = {}
    problems: list[Problem] = []
    reference = None
    for column in table.columns:
        cell = _cell(row, column.index)
        if column.field is None or (column.field == ID and id_column is None):
            text = cells.text_of(cell)
            if text:
                extra[column.header] = text
            continue
        if column.field == ID:
            reference = cells.text_of(cell).upper() or None
            continue
        reading = cells.read(BY_ID[column.field], cell)
        if reading.problem is not None:
            problems.append(Problem(number, column.header, column.letter,
                                    shorten(cells.text_of(cell)), reading.problem))
            continue
        implied |= reading.implied
        for field_id, value in reading.values.items():
            (values if field_id == column.field else companions)[field_id] = value
    for field_id, value in companions.items():
        if values.get(field_id) is None and value is not None:
            values[field_id] = value  # the field's own column, when filled, wins
    return ParsedRow(number, values, implied, extra, reference, problems)
