"""The camera register as a spreadsheet: `dsobot cameras import FILE --org ORG` and
`dsobot cameras export --org ORG` (and `export kameror` in chat).

The import gets the rows of one sheet as the workbook reader gives them (text,
numbers, dates; the file is read in `bot/cli_cameras.py`). The header row is found
in the first rows; each column is matched to a field by its header words
(`fields.FIELDS`: Swedish or English, case, accents, punctuation and a unit in
brackets ignored, small typos forgiven). Each data row is planned: created, updated
(naming what changes), unchanged, or rejected with the column and why. A row is
matched to its camera by its reference (the organisation's own name or id), so
importing the same file again changes nothing. Free text goes through the
personal-data guard before it is stored; the report names what kind it masked,
never the text. A camera that lacks its assessment of interests or (when it
records) its retention is named in the report as incomplete.

How a cell is read: `cells.py`; the export, which writes the same headers the
import reads so that an exported file imports back to the same cameras:
`export.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from compliance import pii
from features.cameras.register import completeness
from features.cameras.register.cells import (
    line_of,
    read_count,
    read_date,
    read_hours,
    read_status,
    read_yes_no,
)
from features.cameras.register.fields import (
    ATTRIBUTE,
    BY_ID,
    FIELDS,
    CameraField,
    Kind,
)
from features.cameras.register.repo import ACTIVE, CameraRepository
from sheets.headers import PROBE_ROWS, Column, HeaderNames, cell_of, named
from sheets.text import Unreadable, fold, fold_header
from storage.models import Camera, column_length
from storage.repos import AuditRepository

AUDIT_ACTION = "camera.imported"


class CameraFileError(ValueError):
    """The sheet cannot be imported at all; the message is one line for a person."""


# --- headers -----------------------------------------------------------------------------

NAMES = HeaderNames({f.id: f.headers for f in FIELDS})

# A unit written in a header's brackets: "Lagringstid (dygn)", "Lagringstid, timmar".
_HEADER_UNITS = (({"dygn", "dagar", "dag", "d", "days", "day"}, 24),
                 ({"timmar", "timme", "tim", "h", "hours", "hour"}, 1),
                 ({"veckor", "vecka", "v", "weeks", "week"}, 168))


def unit_hours(column: Column) -> int | None:
    """The unit a bare number in this column is in, when the header says it."""
    words = set(fold(column.header).split()) - set(fold_header(column.header).split())
    words |= set(fold(column.header).split()[1:])
    for names, hours in _HEADER_UNITS:
        if words & names:
            return hours
    return None


def header_score(rows: Sequence[Sequence[Any]]) -> int:
    """How many fields the best header row of a sheet names (a sheet is chosen by it)."""
    return NAMES.score(rows)


def find_columns(rows: Sequence[Sequence[Any]]) -> tuple[int, list[Column]]:
    """(index of the header row, its columns), or CameraFileError saying what is missing."""
    index, columns = NAMES.header_row(rows)
    if named(columns) < 2:
        raise CameraFileError(f"no header row in the first {PROBE_ROWS} rows: no row names "
                              "columns such as Kamera, Plats, Ändamål, Lagringstid")
    if not {"reference", "name"} & {c.field for c in columns}:
        raise CameraFileError(f"row {index + 1}: no column naming the camera (a header such "
                              "as Kamera-ID, Kamera or Namn)")
    return index, columns


# --- the plan ----------------------------------------------------------------------------


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowPlan:
    row: int  # as the sheet numbers rows, from 1
    action: Action
    reference: str | None = None
    values: dict[str, Any] = field(default_factory=dict)  # Camera attribute → value
    texts: dict[str, str] = field(default_factory=dict)  # activity/responsible as written
    changes: list[str] = field(default_factory=list)  # headers of what an update changes
    why: list[str] = field(default_factory=list)  # a rejected row's reasons
    notes: list[str] = field(default_factory=list)  # masked personal data, unlinked names
    missing: list[str] = field(default_factory=list)  # completeness.missing of the result
    camera_id: uuid.UUID | None = None


@dataclass
class Imported:
    rows: list[RowPlan]
    applied: bool
    unread: list[str] = field(default_factory=list)  # headers of columns not read

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _read_row(number: int, row: Sequence[Any], columns: list[Column]) -> RowPlan:
    """One data row read into the values it gives, or why it cannot be."""
    plan = RowPlan(number, Action.CREATE)
    for column in columns:
        if column.field is None:
            continue
        spec = BY_ID[column.field]
        cell = cell_of(row, column)
        try:
            _read_cell(plan, spec, column, cell)
        except Unreadable as why:
            shown = pii.mask(line_of(cell))[:40]
            quoted = f' "{shown}"' if shown else ""
            plan.why.append(f"{column.where()}:{quoted} {why}")
    reference = plan.values.pop("reference", None) or plan.values.get("name")
    if not reference:
        plan.why.append("no camera reference or name (a second import recognises the "
                        "camera by it)")
    elif len(reference) > column_length(Camera.reference):
        if "name" in plan.values and plan.values["name"] == reference:
            plan.why.append(f"the name is longer than {column_length(Camera.reference)} "
                            "characters: give the camera a short id in a Kamera-ID column")
        else:
            plan.why.append(f"the reference is longer than {column_length(Camera.reference)} "
                            "characters")
    plan.reference = reference or None
    if plan.why:
        plan.action = Action.REJECT
    return plan


def _read_cell(plan: RowPlan, spec: CameraField, column: Column, cell: Any) -> None:
    attribute = ATTRIBUTE.get(spec.id, spec.id)
    if spec.kind == Kind.HOURS:
        plan.values[attribute] = read_hours(cell, unit_hours(column))
    elif spec.kind == Kind.DATE:
        plan.values[attribute] = read_date(cell)
    elif spec.kind == Kind.YES_NO:
        value = read_yes_no(cell, spec.id)
        if value is not None or spec.id == "public_place":
            plan.values[attribute] = value
    elif spec.kind == Kind.NUMBER:
        count = read_count(cell)
        if count is not None:
            plan.values[attribute] = count
    elif spec.kind == Kind.STATUS:
        status = read_status(cell)
        if status is not None:
            plan.values[attribute] = status
    elif spec.kind == Kind.REFERENCE:
        plan.values[attribute] = line_of(cell) or None
    elif spec.kind == Kind.ACTIVITY:
        plan.texts["activity"] = line_of(cell)
    else:  # text, long text, a person's name: through the personal-data guard
        text = line_of(cell) if spec.kind != Kind.LONG else str(cell or "").strip()
        if isinstance(cell, int | float | date) and not isinstance(cell, bool):
            text = line_of(cell)
        if spec.kind == Kind.PERSON:
            plan.texts["responsible"] = text
            emails = [text[f.start:f.end] for f in pii.find(text, names=False)
                      if f.kind == "email"]
            if emails:
                plan.texts["responsible_email"] = emails[0].lower()
        found = {f.kind for f in pii.find(text, names=spec.names)}
        if found:
            text = pii.mask(text, names=spec.names)
            if spec.kind == Kind.PERSON:  # an e-mail that named the person says no more
                text = " ".join(text.replace(pii.MASK_LABELS["sv"]["email"], "").split())
                text = text.strip(" ,;<>()")
            plan.notes.append(f"{column.where()} held personal data "
                              f"({', '.join(sorted(found))}): masked before storing")
        name = attribute if hasattr(Camera, attribute) else None
        if name and text and spec.kind in (Kind.TEXT, Kind.PERSON):
            limit = column_length(getattr(Camera, name))
            if len(text) > limit:
                raise Unreadable(f"longer than {limit} characters")
        plan.values[attribute] = text or None


def _resolve_activity(plan: RowPlan, activities: list[tuple[uuid.UUID, str, str]]) -> None:
    written = plan.texts.get("activity")
    if written is None:
        return
    if not written:
        plan.values["processing_activity_id"] = None
        return
    by_reference = [i for i, ref, _ in activities if ref.casefold() == written.casefold()]
    by_name = [i for i, _, name in activities if fold(name) == fold(written)]
    found = by_reference or by_name
    if len(found) == 1:
        plan.values["processing_activity_id"] = found[0]
    else:
        how = "several processing activities" if found else "no processing activity"
        plan.notes.append(f'{how} in the register named "{pii.mask(written)[:60]}": '
                          "not linked")


def _resolve_person(plan: RowPlan, people: list[tuple[int, str | None, str | None]]) -> None:
    if "responsible" not in plan.texts:
        return
    email = plan.texts.get("responsible_email")
    name = plan.values.get("responsible_name")
    found = [i for i, _, e in people if email and e == email]
    if not found and name:
        found = [i for i, n, _ in people if n and fold(n) == fold(name)]
    plan.values["responsible_person_id"] = found[0] if len(found) == 1 else None


def _changes(camera: Camera, values: dict[str, Any], columns: list[Column]) -> list[str]:
    header_of = {ATTRIBUTE.get(c.field, c.field): c.header for c in columns if c.field}
    header_of["responsible_person_id"] = header_of.get("responsible_name", "Ansvarig")
    changed = []
    for attribute, value in values.items():
        if getattr(camera, attribute) != value:
            shown = header_of.get(attribute, attribute)
            if shown not in changed:
                changed.append(shown)
    return changed


async def plan_rows(session: AsyncSession, organisation_id: int,
                    rows: Sequence[Sequence[Any]]) -> Imported:
    """Every data row below the header row, planned. Reads the database, writes nothing."""
    index, columns = find_columns(rows)
    header = [fold(c.header) for c in columns]
    planned = []
    for number, row in enumerate(rows):
        if number <= index or not any(line_of(c) for c in row):
            continue
        if [fold(line_of(cell_of(row, c))) for c in columns] == header:
            continue  # the header row again (a sheet pasted twice)
        planned.append(_read_row(number + 1, row, columns))
    repo = CameraRepository(session)
    existing = await repo.by_references(organisation_id,
                                        [p.reference for p in planned if p.reference])
    activities = await repo.activities(organisation_id)
    people = await repo.people(organisation_id)
    seen: dict[str, int] = {}
    for plan in planned:
        key = (plan.reference or "").casefold()
        if plan.action != Action.REJECT and key in seen:
            plan.action = Action.REJECT
            plan.why.append(f"the same camera as row {seen[key]}")
        if key and key not in seen:
            seen[key] = plan.row
        if plan.action == Action.REJECT:
            continue
        _resolve_activity(plan, activities)
        _resolve_person(plan, people)
        camera = existing.get(key)
        if camera is None:
            if not plan.values.get("name"):
                plan.values["name"] = plan.reference
            shape = SimpleNamespace(recording=True, retention_hours=None, assessment_on=None)
            for attribute, value in plan.values.items():
                setattr(shape, attribute, value)
            plan.missing = completeness.missing(shape)
            continue
        plan.camera_id = camera.id
        if "responsible_person_id" in plan.values and plan.values["responsible_person_id"] \
                is None and plan.values.get("responsible_name") == camera.responsible_name:
            del plan.values["responsible_person_id"]  # linked in chat since: keep it
        if plan.values.get("name") is None:
            plan.values.pop("name", None)
        plan.changes = _changes(camera, plan.values, columns)
        plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED
        after = SimpleNamespace(**{a: getattr(camera, a) for a in
                                   ("recording", "retention_hours", "assessment_on")})
        for attribute, value in plan.values.items():
            setattr(after, attribute, value)
        plan.missing = completeness.missing(after)
    unread = [c.header for c in columns if c.field is None]
    return Imported(planned, applied=False, unread=unread)


async def import_rows(session: AsyncSession, organisation_id: int,
                      rows: Sequence[Sequence[Any]], *, dry_run: bool = False,
                      channel: str = "cli") -> Imported:
    """Plan the rows and, unless `dry_run`, create and update the cameras in the
    caller's transaction, with an audit entry that holds counts only."""
    imported = await plan_rows(session, organisation_id, rows)
    if dry_run:
        return imported
    repo = CameraRepository(session)
    existing = await repo.by_references(organisation_id, [p.reference for p in imported.rows
                                                          if p.camera_id and p.reference])
    for plan in imported.rows:
        if plan.action == Action.CREATE:
            assert plan.reference is not None
            camera = Camera(organisation_id=organisation_id, reference=plan.reference,
                            status=ACTIVE, count=1, recording=True, sound=False)
            for attribute, value in plan.values.items():
                setattr(camera, attribute, value)
            session.add(camera)
            await session.flush()
            plan.camera_id = camera.id
        elif plan.action == Action.UPDATE:
            camera = existing[(plan.reference or "").casefold()]
            for attribute, value in plan.values.items():
                setattr(camera, attribute, value)
            camera.revision += 1
    await session.flush()
    imported.applied = True
    await AuditRepository(session).record(
        organisation_id=organisation_id, actor_person_id=None, action=AUDIT_ACTION,
        record_type="organisation", record_id=organisation_id,
        # Counts only: the file's contents are the organisation's, not the log's.
        detail={"created": imported.count(Action.CREATE),
                "updated": imported.count(Action.UPDATE),
                "unchanged": imported.count(Action.UNCHANGED),
                "rejected": imported.count(Action.REJECT),
                "incomplete": sum(1 for r in imported.rows
                                  if r.missing and r.action != Action.REJECT),
                "source": channel})
    return imported


def report_lines(imported: Imported) -> list[str]:
    """One line per row, the incomplete cameras by name, then the totals (English, as
    the rest of `dsobot`)."""
    done = imported.applied
    verbs = {Action.CREATE: "created" if done else "create",
             Action.UPDATE: "updated" if done else "update",
             Action.UNCHANGED: "unchanged", Action.REJECT: "rejected"}
    lines = []
    if imported.unread:
        lines.append("columns not read (no camera field has such a header): "
                     + ", ".join(f'"{h}"' for h in imported.unread))
    for plan in imported.rows:
        said = f'"{plan.reference}"' if plan.reference else "(no reference)"
        line = f"row {plan.row}: {verbs[plan.action]} {said}"
        if plan.action == Action.REJECT:
            line += ": " + "; ".join(plan.why)
        elif plan.action == Action.UPDATE:
            line += ": " + ", ".join(plan.changes)
        lines.append(line + "".join(f"; {note}" for note in plan.notes))
    flagged = [p for p in imported.rows if p.missing and p.action != Action.REJECT]
    if flagged:
        lines.append(f"{len(flagged)} camera(s) incomplete:")
        lines += [f'  "{p.reference}": '
                  + ", ".join(completeness.ENGLISH[m] for m in p.missing) for p in flagged]
    tail = "" if done else " Dry run: nothing was written."
    lines.append(f"{len(imported.rows)} rows: {imported.count(Action.CREATE)} "
                 f"{'created' if done else 'to create'}, {imported.count(Action.UPDATE)} "
                 f"{'updated' if done else 'to update'}, "
                 f"{imported.count(Action.UNCHANGED)} unchanged, "
                 f"{imported.count(Action.REJECT)} rejected, {len(flagged)} incomplete.{tail}")
    return lines
