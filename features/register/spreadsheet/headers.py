"""The register's headers: each field's `headers` in the declaration (the first is the
Swedish header the export writes), the reference's, and `--map "Kolumn=field"`.
Which row holds them and how a column is matched: `sheets.headers`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from features.register.fields import BY_ID, FIELDS
from sheets.headers import Column, HeaderNames
from sheets.text import fold
from sheets.workbook import BadWorkbook

ID = "id"  # the register's reference (BEH-0042): what matches a row to its entry
ID_HEADERS = ("ID", "Referens", "Reference")

NAMES = HeaderNames({**{f.id: f.headers for f in FIELDS}, ID: ID_HEADERS})


def parse_maps(maps: Sequence[str]) -> dict[str, str | None]:
    """`--map "Kolumn=field"` (a field id or any of its headers; "id" for the reference;
    nothing after "=" keeps the column as it is) → folded column header → target."""
    targets: dict[str, str | None] = {}
    for given in maps:
        column, equals, target = given.partition("=")
        if not equals or not column.strip():
            raise BadWorkbook(f"--map {given!r}: write --map \"Kolumn=field\"")
        wanted = fold(target).replace(" ", "_")
        if not wanted:
            targets[fold(column)] = None
        elif wanted in BY_ID or wanted == ID:
            targets[fold(column)] = wanted
        elif fold(target) in NAMES.exact:
            targets[fold(column)] = NAMES.exact[fold(target)]
        else:
            raise BadWorkbook(f"--map {given!r}: no field {target.strip()!r} (fields: "
                              f"{', '.join((ID, *BY_ID))})")
    return targets


def match_columns(header_cells: Sequence[Any], maps: dict[str, str | None]) -> list[Column]:
    """The non-blank header cells as columns, each field given to one column at most."""
    return NAMES.match(header_cells, maps)
