"""A workbook file as sheets of cells: .xlsx, .xls and .ods through calamine (Rust: a
5,000-row register reads in well under a second), .csv through the csv module.

Anything that makes a file unreadable becomes `BadWorkbook` with one line for a
person: what is wrong and, where it helps, the row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
# A CSV export of a sheet of formulas guarded against Excel (see export.py): "'=x".
_GUARDED = re.compile(r"^'(?=[=+\-@])")


class BadWorkbook(Exception):
    """A file the import cannot use; the message is one line for the person importing."""


Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # from the sheet's first row and column, blanks as ""
    merged: list[Merged] = field(default_factory=list)
    # Cells holding a formula with no saved value (0-based row, column): .xlsx only.
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)


class Book:
    """The sheets of one file, loaded one at a time when asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._csv: Sheet | None = None
        self._workbook: Any = None
        self._loaded: dict[str, Sheet] = {}  # choosing a sheet reads them; read each once
        if path.suffix.lower() == ".csv":
            self._csv = _read_csv(path)
            return
        try:
            self._workbook = calamine.CalamineWorkbook.from_path(str(path))
        except calamine.PasswordError:
            raise BadWorkbook("the file is protected by a password; save a copy without one "
                              "and import that") from None
        except (calamine.CalamineError, ValueError, OSError) as error:
            raise BadWorkbook(f"not a spreadsheet this import reads ({', '.join(SPREADSHEETS)}),"
                              f" or a damaged one ({_first_line(error)})") from None

    @property
    def names(self) -> list[str]:
        return [self._csv.name] if self._csv else list(self._workbook.sheet_names)

    @property
    def visible(self) -> list[str]:
        """The worksheets a person sees (hidden lists of choices are not the register)."""
        if self._csv:
            return [self._csv.name]
        return [m.name for m in self._workbook.sheets_metadata
                if m.visible == calamine.SheetVisibleEnum.Visible
                and m.typ == calamine.SheetTypeEnum.WorkSheet]

    def sheet(self, name: str) -> Sheet:
        if self._csv:
            return self._csv
        if name not in self._loaded:
            self._loaded[name] = self._load(name)
        return self._loaded[name]

    def _load(self, name: str) -> Sheet:
        try:
            loaded = self._workbook.get_sheet_by_name(name)
            rows = loaded.to_python(skip_empty_area=False)
            merged = loaded.merged_cell_ranges or []
        except calamine.CalamineError as error:
            raise BadWorkbook(f"sheet {name!r} cannot be read ({_first_line(error)})") from None
        return Sheet(name, rows, merged, _formulas_without_value(self.path, name))

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [error.__class__.__name__])[0][:120]


class _Semicolons(csv.excel):
    delimiter = ";"


def _read_csv(path: Path) -> Sheet:
    """Excel's own CSV (semicolons, UTF-8 with BOM or Windows-1252) and comma CSV alike."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\0" in text:
        raise BadWorkbook("not a CSV file (it holds binary data)")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:  # too irregular to tell: Swedish Excel's separator unless commas rule
        dialect = _Semicolons if sample.count(";") >= sample.count(",") else csv.excel
    rows = [[_GUARDED.sub("", cell) for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    return Sheet(path.stem, rows)


def _formulas_without_value(path: Path, sheet_name: str) -> list[tuple[int, int]]:
    """Formula cells with no saved result: calamine reads a formula's saved value, and a
    workbook written by a program (never opened in Excel) has none, so the cell would
    read as blank without anyone knowing. Only .xlsx keeps this visible in its XML."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        return []
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet_name)
        if member is None:
            return []
        data = archive.read(member)
    if b"<f" not in data and b":f" not in data:
        return []
    found = []
    for match in _CELL.finditer(data):
        body = match.group(4) or b""
        if _FORMULA.search(body) and not _saved(match.group(1), body):
            found.append((int(match.group(3)) - 1, _column_index(match.group(2).decode())))
    return found


def _saved(attributes: bytes, body: bytes) -> bool:
    """A formula's saved value: a filled <v>, or an empty one on a text cell (Excel saves
    =OM(A2="";"";A2) so). An empty <v> on any other cell is what a program that never
    calculates writes (openpyxl does), and no value at all."""
    if _FILLED.search(body):
        return True
    return bool(_EMPTY.search(body)) and b't="str"' in attributes


# A cell: (its attributes, column letters, row number, what it holds).
_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?\br=\"([A-Z]+)([0-9]+)\"[^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_FILLED = re.compile(rb"<(?:\w+:)?v>[^<]+</|<(?:\w+:)?is>")
_EMPTY = re.compile(rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding a named sheet: workbook.xml names it, its rels place it."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rel_id = next((s.get(f"{{{_NS['r']}}}id") for s in book.iter(f"{{{_NS['m']}}}sheet")
                   if s.get("name") == sheet_name), None)
    target = next((r.get("Target") for r in rels.iter(f"{{{_NS['p']}}}Relationship")
                   if r.get("Id") == rel_id), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def open_book(path: str | Path) -> Book:
    path = Path(path)
    if not path.is_file():
        raise BadWorkbook("no such file")
    return Book(path)


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())



def choose_sheet(book: Book, wanted: str | None, score: Callable[[list[list[Any]]], int]
                 ) -> str:
    """The sheet asked for (case and spaces aside), else the visible sheet whose header
    row names the most fields by `score`, the first on a tie (an instructions sheet
    before the table is common)."""
    if wanted is not None:
        for name in book.names:
            if name.strip().lower() == wanted.strip().lower():
                return name
        raise BadWorkbook(f"no sheet {wanted!r} (sheets: {', '.join(repr(n) for n in book.names)})")
    candidates = book.visible or book.names
    if not candidates:
        raise BadWorkbook("the workbook has no sheets")
    if len(candidates) == 1:
        return candidates[0]
    ranked = [(score(book.sheet(n).rows), -i, n) for i, n in enumerate(candidates)]
    return max(ranked)[2]
