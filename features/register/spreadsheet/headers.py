"""Which row holds the headers, and which column is which field.

A column is matched, in this order: by an explicit `--map "Kolumn=field"`; by
one of the field's `headers` after `fold` (case, accents, punctuation and
spacing do not matter); by likeness (rapidfuzz) for typos. Each field takes
one column at most, the first in the sheet; a column that matches nothing is
kept with the entry as it is (`ProcessingActivity.extra`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from features.register.fields import BY_ID, FIELDS
from features.register.spreadsheet.cells import text_of
from features.register.spreadsheet.text import column_letter, fold
from features.register.spreadsheet.workbook import BadWorkbook

ID = "id"  # the register's reference (BEH-0042): what matches a row to its entry
ID_HEADERS = ("ID", "Referens", "Reference")
PROBE_ROWS = 20  # the header row is looked for this far down (title rows above it)

# Likeness: rapidfuzz's ratio (0–100) of the folded texts. 85 takes "Lagringstd" and
# "Kategorier av registerade"; the margin refuses a header about as like two fields.
# Headers shorter than five letters ("K", "PUB", "Dnr") are matched exactly or not at all.
LIKENESS = 85
MARGIN = 5
MIN_LIKENESS_LENGTH = 5
MAX_HEADER_LENGTH = 80  # longer cells are data, not headers: not worth comparing


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as the sheet writes it
    field: str | None  # a field id, ID, or None: kept with the entry under `header`
    how: str  # "map", "exact", "likeness", "unknown", "duplicate", "no header"

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@cache
def exact_headers() -> dict[str, str]:
    """Folded header → field id, for every header and variant the declaration names."""
    table: dict[str, str] = {}
    for entry_field in FIELDS:
        for header in entry_field.headers:
            table.setdefault(fold(header), entry_field.id)
    for header in ID_HEADERS:
        table.setdefault(fold(header), ID)
    return table


@cache
def _likeness_choices() -> tuple[list[str], list[str]]:
    pairs = [(h, f) for h, f in exact_headers().items() if len(h) >= MIN_LIKENESS_LENGTH]
    return [h for h, _ in pairs], [f for _, f in pairs]


def _likely(folded: str) -> tuple[str, float] | None:
    """The one field a typed header is most like, if like enough and clearly so."""
    if not MIN_LIKENESS_LENGTH <= len(folded) <= MAX_HEADER_LENGTH:
        return None
    headers, owners = _likeness_choices()
    best: dict[str, float] = {}
    for _, score, index in process.extract(folded, headers, scorer=fuzz.ratio, limit=None,
                                           score_cutoff=LIKENESS - MARGIN):
        best[owners[index]] = max(best.get(owners[index], 0.0), score)
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < LIKENESS:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - MARGIN:
        return None
    return ranked[0]


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
        elif fold(target) in exact_headers():
            targets[fold(column)] = exact_headers()[fold(target)]
        else:
            raise BadWorkbook(f"--map {given!r}: no field {target.strip()!r} (fields: "
                              f"{', '.join((ID, *BY_ID))})")
    return targets


def match_columns(header_cells: Sequence[Any], maps: dict[str, str | None]) -> list[Column]:
    """The non-blank header cells as columns, each field given to one column at most."""
    headers: dict[int, str] = {}
    folded: dict[int, str] = {}
    for i, cell in enumerate(header_cells):
        header = " ".join(text_of(cell).split())
        if header:  # two columns named alike keep their values apart: "Kommentar (2)"
            repeats = sum(1 for f in folded.values() if f == fold(header))
            headers[i] = f"{header} ({repeats + 1})" if repeats else header
            folded[i] = fold(header)
    chosen: dict[int, tuple[str | None, str]] = {}
    taken: set[str] = set()

    def give(index: int, target: str | None, how: str) -> None:
        if target is not None and target in taken:
            chosen[index] = (None, "duplicate")
            return
        chosen[index] = (target, how)
        if target is not None:
            taken.add(target)

    for i in headers:
        if folded[i] in maps:
            give(i, maps[folded[i]], "map" if maps[folded[i]] else "unknown")
    exact = exact_headers()
    for i in headers:
        if i not in chosen and folded[i] in exact:
            give(i, exact[folded[i]], "exact")
    likely = sorted(((found[1], i, found[0]) for i in headers if i not in chosen
                     and (found := _likely(folded[i])) is not None), reverse=True)
    for _, i, target in likely:
        if target not in taken:
            give(i, target, "likeness")
    return [Column(i, h, *chosen.get(i, (None, "unknown"))) for i, h in headers.items()]


def score(header_cells: Sequence[Any], maps: dict[str, str | None]) -> int:
    """How many fields a row's cells name: the header row names the most."""
    return sum(1 for c in match_columns(header_cells, maps) if c.field is not None)


def find_header_row(rows: Sequence[Sequence[Any]], maps: dict[str, str | None]
                    ) -> tuple[int, int]:
    """(index, score) of the row among the first PROBE_ROWS naming the most fields; the
    first such row on a tie. A score under 2 means no header row was found."""
    best = (0, 0)
    for index, row in enumerate(rows[:PROBE_ROWS]):
        found = score(row, maps)
        if found > best[1]:
            best = (index, found)
    return best
