"""Which row of a sheet holds the headers, and which column is which field.

A capability names, for each of its fields, the headers a sheet may give its
column (Swedish and English, with their usual variants). A column is matched, in
this order: by an explicit map (`--map "Kolumn=field"`); by one of the names after
`fold` (case, accents, punctuation and spacing do not matter), also without what
the header says in brackets (a unit: "Lagringstid (dygn)"); by likeness
(rapidfuzz) for typos. Each field takes one column at most, the first in the
sheet; a column that matches nothing is kept as a column with no field, so the
capability can keep or report it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from sheets.text import column_letter, fold, fold_header, text_of

PROBE_ROWS = 20  # the header row is looked for this far down (title rows above it)

# Likeness: rapidfuzz's ratio (0–100) of the folded texts. 85 takes "Lagringstd" and
# "Kategorier av registerade"; the margin refuses a header about as like two fields.
# Headers shorter than five letters ("K", "PUB", "Dnr") are matched exactly or not at all.
LIKENESS = 85
MARGIN = 5
MIN_LIKENESS_LENGTH = 5
MAX_HEADER_LENGTH = 80  # longer cells are data, not headers: not worth comparing


class SheetError(ValueError):
    """The sheet cannot be imported at all; the message is one line for a person."""


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as the sheet writes it
    field: str | None  # None: a column no field claims
    how: str = "exact"  # "map", "exact", "likeness", "unknown", "duplicate"

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def where(self) -> str:
        """The column as a report names it: `column "Datum" (B)`."""
        return f'column "{self.header}" ({self.letter})'


def named(columns: Iterable[Column]) -> int:
    """How many fields the columns name."""
    return sum(1 for c in columns if c.field is not None)


def cell_of(row: Sequence[Any], column: Column) -> Any:
    """The row's cell in that column; blank where a short row ends before it."""
    return row[column.index] if column.index < len(row) else ""


class HeaderNames:
    """The headers a capability reads: field → the names a sheet may give its column."""

    def __init__(self, names: Mapping[str, Sequence[str]], *, required: Sequence[str] = (),
                 such_as: str = "") -> None:
        """`required`: the fields a sheet must have a column for (each said by its first
        name); `such_as`: headers that show a person what a header row looks like."""
        self.names = names
        self.required = required
        self.such_as = such_as
        self.exact: dict[str, str] = {}  # folded header → field; the first named wins
        for field, headers in names.items():
            for header in headers:
                self.exact.setdefault(fold(header), field)
        pairs = [(h, f) for h, f in self.exact.items() if len(h) >= MIN_LIKENESS_LENGTH]
        self._choices = [h for h, _ in pairs]
        self._owners = [f for _, f in pairs]

    def likely(self, folded: str) -> tuple[str, float] | None:
        """The one field a typed header is most like, if like enough and clearly so."""
        if not MIN_LIKENESS_LENGTH <= len(folded) <= MAX_HEADER_LENGTH:
            return None
        best: dict[str, float] = {}
        for _, score, index in process.extract(folded, self._choices, scorer=fuzz.ratio,
                                               limit=None, score_cutoff=LIKENESS - MARGIN):
            owner = self._owners[index]
            best[owner] = max(best.get(owner, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] < LIKENESS:
            return None
        if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - MARGIN:
            return None
        return ranked[0]

    def match(self, header_cells: Sequence[Any],
              maps: Mapping[str, str | None] | None = None) -> list[Column]:
        """The non-blank header cells as columns, each field given to one column at most:
        mapped ones first, then exact names, then the likest."""
        maps = maps or {}
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
        for i in headers:
            if i not in chosen and folded[i] in self.exact:
                give(i, self.exact[folded[i]], "exact")
        # A unit or a note in brackets ("Lagringstid (dygn)") does not hide the header.
        bare = {i: fold_header(h) for i, h in headers.items()}
        for i in headers:
            if i not in chosen and bare[i] != folded[i] and bare[i] in self.exact:
                give(i, self.exact[bare[i]], "exact")
        likely = sorted(((found[1], i, found[0]) for i in headers if i not in chosen
                         and (found := self.likely(bare[i])) is not None), reverse=True)
        for _, i, target in likely:
            if target not in taken:
                give(i, target, "likeness")
        return [Column(i, h, *chosen.get(i, (None, "unknown"))) for i, h in headers.items()]

    def header_row(self, rows: Sequence[Sequence[Any]],
                   maps: Mapping[str, str | None] | None = None) -> tuple[int, list[Column]]:
        """(index, columns) of the row among the first PROBE_ROWS naming the most fields;
        the first such row on a tie. Fewer than two named fields: no header row found."""
        best: tuple[int, list[Column]] = (0, [])
        for index, row in enumerate(rows[:PROBE_ROWS]):
            columns = self.match(row, maps)
            if named(columns) > named(best[1]):
                best = (index, columns)
        return best

    def find(self, rows: Sequence[Sequence[Any]]) -> tuple[int, list[Column]]:
        """(index of the header row, its columns), or SheetError saying what is missing."""
        index, columns = self.header_row(rows)
        if named(columns) < 2:
            raise SheetError(f"no header row in the first {PROBE_ROWS} rows: no row names "
                             f"columns such as {self.such_as}")
        for wanted in self.required:
            if all(c.field != wanted for c in columns):
                names = self.names[wanted]
                raise SheetError(f"row {index + 1}: no column for the {names[0]} (a header "
                                 f"such as {', '.join(names[:3])})")
        return index, columns

    def score(self, rows: Sequence[Sequence[Any]],
              maps: Mapping[str, str | None] | None = None) -> int:
        """How many fields the best header row of a sheet names (a sheet is chosen by it)."""
        return named(self.header_row(rows, maps)[1])
