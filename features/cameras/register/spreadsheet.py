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

The export writes the same headers the import reads, so an exported file imports
back to the same cameras.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from compliance import pii
from features.cameras.register import completeness
from features.cameras.register.fields import (
    BY_ID,
    FIELDS,
    CameraField,
    Kind,
    hours_in_words,
    status_word,
    yes_no,
)
from features.cameras.register.repo import ACTIVE, RETIRED, CameraRepository
from i18n import Lang
from sheets.cells import date_in
from sheets.dates import SERIALS
from sheets.headers import PROBE_ROWS, Column, HeaderNames, cell_of, named
from sheets.text import Unreadable, fold, fold_header, text_of
from storage.models import Camera, Person, column_length
from storage.repos import AuditRepository

AUDIT_ACTION = "camera.imported"
MAX_HOURS = 24 * 366 * 10  # ten years: more is a typing mistake

# The Camera attribute each field fills (the rest fill the attribute of their id).
ATTRIBUTE = {"activity": "processing_activity_id", "responsible": "responsible_name"}


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


# --- cells -------------------------------------------------------------------------------


def line_of(cell: Any) -> str:
    """A cell as one line of text ("Ja"/"Nej" for a true/false cell)."""
    return " ".join(text_of(cell).split())


def _plain(text: str) -> str:
    """Lower case, no accents; digits, '.' and ',' kept (for numbers like 1,5)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NUMBER_WORDS = {"en": 1, "ett": 1, "one": 1, "a": 1, "an": 1, "tva": 2, "two": 2, "tre": 3,
                 "three": 3, "fyra": 4, "four": 4, "fem": 5, "five": 5, "sex": 6, "six": 6,
                 "sju": 7, "seven": 7, "atta": 8, "eight": 8, "nio": 9, "nine": 9, "tio": 10,
                 "ten": 10, "fjorton": 14, "fourteen": 14, "trettio": 30, "thirty": 30}
_UNIT_HOURS = {**dict.fromkeys(("h", "t", "tim", "timme", "timmar", "timmarna", "hour",
                                "hours", "hr", "hrs"), 1),
               **dict.fromkeys(("d", "dygn", "dag", "dagar", "dagarna", "day", "days"), 24),
               **dict.fromkeys(("v", "vecka", "veckor", "veckan", "w", "wk", "week",
                                "weeks"), 168)}
_MONTH_UNITS = {"man", "manad", "manader", "month", "months"}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?|[a-z]+)\s*([a-z]+)?")
_NONE_WORDS = {"ingen", "inga", "nej", "no", "none", "saknas", "ej", "live", "-"}


def read_hours(cell: Any, unit_hours: int | None = None) -> int | None:
    """A retention time in hours: "7 dagar", "72 timmar", "48 h", "1 vecka", "en vecka",
    "7" under a header such as "Lagringstid (dygn)"; None when blank or "Ingen"."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if unit_hours is None:
            raise Unreadable("a number without a unit (write 7 dagar or 72 timmar)")
        return _whole_hours(float(cell) * unit_hours)
    text = _plain(line_of(cell))
    if not text.strip():
        return None
    if text.strip(" .") in _NONE_WORDS or text.split()[0] in _NONE_WORDS:
        return None
    for match in _AMOUNT.finditer(text):
        amount_text, unit = match.group(1), match.group(2)
        if amount_text[0].isdigit():
            amount = float(amount_text.replace(",", "."))
        elif amount_text in _NUMBER_WORDS:
            amount = float(_NUMBER_WORDS[amount_text])
        else:
            continue
        if unit in _MONTH_UNITS:
            raise Unreadable("months differ in length (write the days, e.g. 30 dagar)")
        if unit in _UNIT_HOURS:
            return _whole_hours(amount * _UNIT_HOURS[unit])
        if unit is None and unit_hours is not None:
            return _whole_hours(amount * unit_hours)
        if unit is None:
            raise Unreadable("a number without a unit (write 7 dagar or 72 timmar)")
    raise Unreadable("not a retention time (write 7 dagar, 72 timmar, 48 h or 1 vecka)")


def _whole_hours(hours: float) -> int:
    if hours <= 0 or hours > MAX_HOURS:
        raise Unreadable("not a retention time this import takes (more than nothing, "
                         "at most ten years)")
    if abs(hours - round(hours)) > 1e-6:
        raise Unreadable("not a whole number of hours")
    return round(hours)


_NO_DATE = {"nej", "no", "saknas", "ej", "ingen", "inte", "missing", "none", "-"}


def read_date(cell: Any) -> date | None:
    """A date cell, an Excel serial, "2024-03-05", "5/3 2024", "5 mars 2024", or a text
    holding one ("Ja, 2024-03-05"); None when blank or "Nej"/"Saknas"."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) \
            and int(cell) not in SERIALS:
        raise Unreadable("a number, not a date (write 2024-03-05)")
    found = date_in(cell)
    if found is not None:
        return found
    text = fold(line_of(cell))
    if not text or text.split()[0] in _NO_DATE:
        return None
    raise Unreadable("no date (write the day it was documented, e.g. 2024-03-05)")


_YES = {"ja", "j", "yes", "y", "x", "true", "sant", "1"}
_NO = {"nej", "n", "no", "false", "falskt", "0", "ej", "inte", "ingen", "inget", "utan",
       "not", "none"}
# For "Inspelning": live view only is no recording.
_LIVE = ("live", "direktovervak", "realtid", "endast visning", "bara visning", "live view")
_RECORDS = ("inspelning", "spelar in", "inspelad", "record")


def read_yes_no(cell: Any, field_id: str) -> bool | None:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        if cell in (0, 1):
            return bool(cell)
        raise Unreadable("not yes or no (Ja or Nej)")
    text = fold(line_of(cell))
    if not text:
        return None
    words = text.split()
    if field_id == "recording" and any(w in text for w in _LIVE):
        return False
    if words[0] in _NO or any(w in _NO for w in words[:2]):
        return False
    if words[0] in _YES:
        return True
    if field_id == "recording" and any(w in text for w in _RECORDS):
        return True
    if field_id == "sound" and any(w.startswith("ljud") or w in ("sound", "audio")
                                   for w in words):
        return True
    raise Unreadable("not yes or no (Ja or Nej)")


_ACTIVE_WORDS = ("aktiv", "active", "i drift", "in use", "ja", "yes", "drift")
_RETIRED_WORDS = ("avveckl", "retired", "nedmonter", "borttag", "ur drift", "inaktiv",
                  "inactive", "removed", "nej", "no", "avslut")


def read_status(cell: Any) -> str | None:
    text = fold(line_of(cell))
    if not text:
        return None
    if any(text.startswith(w) for w in _RETIRED_WORDS):
        return RETIRED
    if any(text.startswith(w) for w in _ACTIVE_WORDS):
        return ACTIVE
    raise Unreadable("not a status this import knows (Aktiv or Avvecklad)")


def read_count(cell: Any) -> int | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = float(cell)
    else:
        text = line_of(cell)
        if not text:
            return None
        found = re.match(r"\s*(\d+)\b", text)
        if not found:
            raise Unreadable("not a number of cameras")
        number = float(found.group(1))
    if not number.is_integer() or not 1 <= number <= 100_000:
        raise Unreadable("not a number of cameras (a whole number, 1 or more)")
    return int(number)


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


# --- the export --------------------------------------------------------------------------


def head(lang: Lang) -> list[str]:
    return [f.header(lang) for f in FIELDS]


def camera_row(camera: Camera, lang: Lang, activities: dict[uuid.UUID, str],
               emails: dict[int, str] | None = None) -> list[Any]:
    """One camera as the import reads it back (the responsible person by e-mail when
    linked, so that the link survives the round trip)."""
    cells: list[Any] = []
    for spec in FIELDS:
        attribute = ATTRIBUTE.get(spec.id, spec.id)
        if spec.id == "activity":
            value = camera.processing_activity_id
            cells.append(activities.get(value, "") if value else "")
            continue
        if spec.kind == Kind.PERSON and camera.responsible_person_id in (emails or {}):
            cells.append((emails or {})[camera.responsible_person_id])
            continue
        value = getattr(camera, attribute)
        if spec.kind == Kind.HOURS:
            cells.append(hours_in_words(value, lang))
        elif spec.kind == Kind.YES_NO:
            cells.append(yes_no(value, lang))
        elif spec.kind == Kind.STATUS:
            cells.append(status_word(value, lang))
        elif spec.kind == Kind.NUMBER:
            cells.append(str(value) if value is not None else "")
        else:
            cells.append(value if value is not None else "")
    return cells


async def export_table(session: AsyncSession, organisation_id: int, year: int | None,
                       lang: Lang) -> tuple[list[str], list[list[Any]]]:
    """Every camera of the organisation, retired ones too (their status says so). The
    register is a standing list: `year` does not narrow it."""
    repo = CameraRepository(session)
    activities = await repo.activity_references(organisation_id)
    cameras = await repo.all(organisation_id)
    linked = {c.responsible_person_id for c in cameras if c.responsible_person_id}
    emails = {pid: email for pid, email in await session.execute(
        select(Person.id, Person.email).where(Person.id.in_(linked))) if email} \
        if linked else {}
    return head(lang), [camera_row(c, lang, activities, emails) for c in cameras]
