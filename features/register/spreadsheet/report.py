"""An import's plan as lines a person reads (the command line prints them; English, as
the rest of `dsobot`): the columns found, then row by row, then the counts."""

from __future__ import annotations

from features.register.spreadsheet.plan import Action, Plan, RowPlan
from features.register.spreadsheet.rows import kept_columns
from sheets.text import shorten


def columns(plan: Plan) -> list[str]:
    table = plan.table
    lines = [f'Sheet "{table.sheet}", headers on row {table.header_row}, '
             f"{len(table.rows)} rows."]
    for column in table.columns:
        if column.how == "likeness":
            lines.append(f'  column "{column.header}" ({column.letter}) read as {column.field} '
                         "(the nearest header)")
        elif column.how == "duplicate":
            lines.append(f'  column "{column.header}" ({column.letter}) names a field an '
                         "earlier column has: kept as it is")
    if any(c.field == "id" for c in table.columns) and any(
            c.field == "id" for c in kept_columns(table)):
        lines.append("  the ID column holds no register references (BEH-0001...): kept as "
                     "it is, rows matched by object and name")
    kept = [f'"{c.header}"' for c in kept_columns(table)]
    if kept:
        lines.append(f"  kept with the entries as they are (no field): {', '.join(kept)}")
    return lines


def row(planned: RowPlan) -> list[str]:
    head = f"row {planned.row}: {planned.action.value}"
    if planned.action == Action.REJECT:
        head += f": {planned.why}"
    elif planned.action == Action.CREATE:
        head += f' "{shorten(planned.name or "")}" in {shorten(planned.object or "")}'
    else:
        head += f' {planned.reference} "{shorten(planned.name or "")}"'
        if planned.action == Action.UPDATE:
            head += f": {', '.join(planned.changes)}"
    return [head, *(f"  {problem}" for problem in planned.problems)]


def summary(plan: Plan, *, applied: bool) -> str:
    counts = plan.counts()
    verbs = ("created", "updated") if applied else ("to create", "to update")
    done = (f"{counts['create']} {verbs[0]}, {counts['update']} {verbs[1]}, "
            f"{counts['unchanged']} unchanged, {counts['reject']} rejected")
    problems = f"; {counts['problems']} problem(s) in cells" if counts["problems"] else ""
    tail = "" if applied else " Dry run: nothing was written."
    return f"{counts['rows']} rows: {done}{problems}.{tail}"


def lines(plan: Plan, *, applied: bool) -> list[str]:
    return [*columns(plan), *(line for r in plan.rows for line in row(r)),
            summary(plan, applied=applied)]
