"""The row-by-row plan of a log import (last year's incidents, requests): each data row
is created, left unchanged (its reference was imported before) or rejected with the
column and why, and the plan is reported one line a row, then the totals.

Importing the same file twice changes nothing: a row is recognised by the log's own
reference. A rejected row's quoted value goes through the personal-data guard, so the
report never repeats an identity number from the sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from compliance import pii
from sheets.headers import Column, cell_of
from sheets.text import text_of

QUOTED = 40  # a rejected value is quoted this far, masked


class Action(StrEnum):
    CREATE = "create"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowPlan:
    row: int  # as the sheet numbers rows, from 1
    action: Action
    original: str | None = None  # the log's own reference
    reference: str | None = None  # ours: the existing record's, or the new one's
    why: list[str] = field(default_factory=list)  # a rejected row's reasons
    notes: list[str] = field(default_factory=list)  # e.g. personal data masked
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Imported:
    rows: list[RowPlan]
    applied: bool

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def counts(self) -> dict[str, int]:
        """What an audit entry may hold of an import: counts, never the file's contents."""
        return {"created": self.count(Action.CREATE),
                "unchanged": self.count(Action.UNCHANGED),
                "rejected": self.count(Action.REJECT)}


class RowReader:
    """One data row's cells by field, and its plan that collects why it is rejected."""

    def __init__(self, number: int, row: Sequence[Any], columns: Sequence[Column]) -> None:
        self.plan = RowPlan(number, Action.CREATE)
        self.row = row
        self.by_field = {c.field: c for c in columns if c.field is not None}

    def cell(self, name: str) -> Any:
        column = self.by_field.get(name)
        return cell_of(self.row, column) if column else ""

    def text(self, name: str) -> str:
        return text_of(self.cell(name))

    def where(self, name: str) -> str:
        return self.by_field[name].where()

    def refuse(self, name: str, why: str, *, quote: bool = True) -> None:
        value = self.text(name)
        shown = pii.mask(" ".join(value.split()))[:QUOTED] if quote and value else ""
        quoted = f' "{shown}"' if shown else ""
        self.plan.why.append(f"{self.where(name)}:{quoted} {why}")

    def read_original(self, name: str, limit: int) -> None:
        """The log's own reference, what a second import recognises the row by."""
        original = " ".join(self.text(name).split())
        if not original:
            self.plan.why.append(f"{self.where(name)}: empty (the row's reference is what "
                                 "a second import recognises it by)")
        elif len(original) > limit:
            self.refuse(name, f"longer than {limit} characters")
        self.plan.original = original or None

    def finish(self) -> RowPlan:
        if self.plan.why:
            self.plan.action = Action.REJECT
        return self.plan


def data_rows(rows: Sequence[Sequence[Any]], header_index: int
              ) -> list[tuple[int, Sequence[Any]]]:
    """(row number from 1, cells) of every non-blank row below the header row."""
    return [(number + 1, row) for number, row in enumerate(rows)
            if number > header_index and any(text_of(c) for c in row)]


def settle(planned: list[RowPlan], existing: Mapping[str, str]) -> list[RowPlan]:
    """Rows whose reference was imported before become unchanged (ours named); a second
    row with the same reference in the file is rejected."""
    seen: dict[str, int] = {}
    for plan in planned:
        if plan.original in seen and plan.action != Action.REJECT:
            plan.action = Action.REJECT
            plan.why.append(f"the same reference as row {seen[plan.original]}")
        elif plan.original in existing:
            plan.action = Action.UNCHANGED
            plan.reference = existing[plan.original]
            plan.why.clear()
        if plan.original and plan.original not in seen:
            seen[plan.original] = plan.row
    return planned


def report_lines(imported: Imported) -> list[str]:
    """One line per row, then the totals (English, as the rest of `dsobot`)."""
    lines = []
    for plan in imported.rows:
        said = f'"{plan.original}"' if plan.original else "(no reference)"
        if plan.action == Action.REJECT:
            line = f"row {plan.row}: reject {said}: {'; '.join(plan.why)}"
        elif plan.action == Action.UNCHANGED:
            line = f"row {plan.row}: unchanged {said}: already imported as {plan.reference}"
        else:
            verb = "create" if not imported.applied else "created"
            line = f"row {plan.row}: {verb} {said}" + (
                f" as {plan.reference}" if plan.reference else "")
        lines.append(line + "".join(f"; {note}" for note in plan.notes))
    verb = "created" if imported.applied else "to create"
    tail = "" if imported.applied else " Dry run: nothing was written."
    lines.append(f"{len(imported.rows)} rows: {imported.count(Action.CREATE)} {verb}, "
                 f"{imported.count(Action.UNCHANGED)} unchanged, "
                 f"{imported.count(Action.REJECT)} rejected.{tail}")
    return lines
