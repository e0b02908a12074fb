"""A workbook file → the register table in it: the sheet, its header row, its columns
and its data rows, or `BadWorkbook` saying why not (one line, row and column named)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from features.register.spreadsheet.headers import NAMES, parse_maps
from sheets.headers import PROBE_ROWS, Column, named
from sheets.text import column_letter, fold
from sheets.workbook import BadWorkbook, Sheet, blank, choose_sheet, open_book


@dataclass
class Table:
    file_name: str
    sheet: str
    header_row: int  # as the sheet numbers rows, from 1
    columns: list[Column]
    rows: list[tuple[int, list[Any]]]  # (row number, cells) of every non-blank data row

    def column(self, field_id: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_id), None)


def read_table(path: str | Path, *, sheet: str | None = None,
               maps: Sequence[str] = ()) -> Table:
    targets = parse_maps(maps)
    book = open_book(path)
    try:
        name = choose_sheet(book, sheet, lambda rows: NAMES.score(rows, targets))
        loaded = book.sheet(name)
    finally:
        book.close()
    if all(blank(c) for row in loaded.rows for c in row):
        raise BadWorkbook(f"sheet {name!r} is empty")
    index, columns = NAMES.header_row(loaded.rows, targets)
    if named(columns) < 2:
        raise BadWorkbook(
            f"no header row in the first {PROBE_ROWS} rows of sheet {name!r}: no row names "
            "two columns such as Behandling, Objekt, Ändamål, Rättslig grund "
            "(name them with --map \"Kolumn=field\")")
    _refuse_merged_header(loaded, index)
    _refuse_unused_maps(maps, columns, index)
    for wanted, header in (("name", "Behandling"), ("object", "Objekt")):
        if not any(c.field == wanted for c in columns):
            raise BadWorkbook(f"row {index + 1}: no column for the {_WHAT[wanted]} (a header "
                              f"such as {header}); name it with --map \"Kolumn={wanted}\"")
    rows = [(number + 1, row) for number, row in enumerate(loaded.rows)
            if number > index and any(not blank(c) for c in row)]
    columns += _columns_without_header(loaded.rows[index], rows)
    _refuse_formulas_without_value(loaded, index, columns)
    return Table(Path(path).name, name, index + 1, columns, rows)


_WHAT = {"name": "processing activity's name", "object": "object"}


def _refuse_merged_header(sheet: Sheet, index: int) -> None:
    """Merged header cells hide which column is which: refused, not guessed."""
    for (top, left), (bottom, right) in sheet.merged:
        if top <= index <= bottom and (left, top) != (right, bottom):
            span = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
            raise BadWorkbook(f"row {index + 1}: merged header cells {span}; unmerge them so "
                              "each column has a header of its own")


def _refuse_unused_maps(maps: Sequence[str], columns: list[Column], index: int) -> None:
    present = {fold(c.header) for c in columns}
    for given in maps:
        header = given.partition("=")[0].strip()
        if fold(header) not in present:
            raise BadWorkbook(f"--map {given!r}: no column {header!r} in the header row "
                              f"(row {index + 1})")


def _columns_without_header(header: list[Any], rows: list[tuple[int, list[Any]]]
                            ) -> list[Column]:
    """Values in a column with a blank header are kept too, under "Kolumn F"."""
    width = max((len(r) for _, r in rows), default=0)
    return [Column(i, f"Kolumn {column_letter(i)}", None, "no header") for i in range(width)
            if (i >= len(header) or blank(header[i]))
            and any(i < len(r) and not blank(r[i]) for _, r in rows)]


def _refuse_formulas_without_value(sheet: Sheet, index: int, columns: list[Column]) -> None:
    cells = sorted((r, c) for r, c in sheet.formulas_without_value if r >= index)
    if not cells:
        return
    row, col = cells[0]
    named = next((f'column "{c.header}" ({c.letter})' for c in columns if c.index == col),
                 f"column {column_letter(col)}")
    more = f" ({len(cells) - 1} more such cells)" if len(cells) > 1 else ""
    raise BadWorkbook(f"row {row + 1}, {named}: a formula with no saved value{more}; open "
                      "the workbook in Excel or LibreOffice, save it and import it again")
