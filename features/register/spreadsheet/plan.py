"""What an import would do, row by row, before it does anything.

Each data row, as read (`rows`), is matched to an entry: by the exported "ID"
column (the entry's reference), else by object and entry name, ignoring case.
It then becomes one of

    create     a new entry (and its object, if new)
    update     an entry whose fields differ, with what changes (old → new)
    unchanged  an entry the row says nothing new about
    reject     a row that cannot be imported, with why (no name, the same entry twice...)

and the problems found in its cells (never guessed at: the field is left out,
so empty on a new entry and unchanged on an existing one). Fields whose column
the workbook lacks are left as they are; a blank cell in a column it has
empties the field, except the status and the owner (a blank never removes an
owner: owners get reminders, and losing one by a stray blank would be silent).
An object's owner is the first one its rows name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from features.register.fields import BY_ID, FIELDS, Kind
from features.register.repo import (
    OwnerMatch,
    RegisterRepository,
    changes_between,
    entry_values,
    match_owner,
    owner_label,
)
from features.register.spreadsheet.rows import ParsedRow, Problem, kept_columns, parse_rows
from features.register.spreadsheet.table import Table
from sheets.headers import Column
from sheets.text import fold, shorten
from storage.errors import InvalidInput
from storage.models import ProcessingActivity, RegisterObject

_NAMED_ADDRESS = re.compile(r"^[^<>@;]*<\s*([^<>\s;]+@[^<>\s;]+)\s*>$")


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class ObjectPlan:
    name: str
    existing: RegisterObject | None
    current_owner: str | None
    owner: OwnerMatch | None = None  # the owner to set; None keeps it
    owner_row: int | None = None  # the row that named the owner first
    owner_text: str | None = None
    used: bool = False  # a row creates an entry in it


@dataclass
class RowPlan:
    row: int
    action: Action
    name: str | None = None
    object: str | None = None
    reference: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # field id or column → old/new
    why: str | None = None
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # what is written
    extra: dict[str, Any] | None = None  # None: the entry's extra columns stay
    activity: ProcessingActivity | None = None


@dataclass
class Plan:
    table: Table
    rows: list[RowPlan]
    objects: dict[str, ObjectPlan]

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.rows), **{a.value: self.count(a) for a in Action},
                "problems": len(self.problems)}


async def make_plan(session: AsyncSession, organisation_id: int, table: Table) -> Plan:
    planner = _Planner(session, organisation_id, table)
    await planner.load()
    rows = [await planner.plan(parsed) for parsed in parse_rows(table)]
    return Plan(table, rows, planner.objects)


class _Planner:
    def __init__(self, session: AsyncSession, organisation_id: int, table: Table) -> None:
        self.session, self.organisation_id, self.table = session, organisation_id, table
        self.repo = RegisterRepository(session)
        self.objects: dict[str, ObjectPlan] = {}
        self.seen: dict[Any, int] = {}  # entry id or (object, name) → the row that had it
        self.owners: dict[str, OwnerMatch | None] = {}
        self.kept = kept_columns(table)

    async def load(self) -> None:
        entries = await self.repo.entries(self.organisation_id)
        self.by_reference = {a.reference: (a, o, p) for a, o, p in entries}
        self.by_name: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for a, o, p in entries:
            self.by_name.setdefault(_key(o.name, a.name), []).append((a, o, p))
        existing = await self.repo.objects(self.organisation_id)
        people = await self.repo.people(o.owner_person_id for o in existing)
        self.known = {o.name.strip().lower(): (o, people.get(o.owner_person_id or -1))
                      for o in existing}

    async def plan(self, parsed: ParsedRow) -> RowPlan:
        name, obj_name = parsed.values.get("name"), parsed.values.get("object")
        plan = RowPlan(parsed.row, Action.REJECT, name, obj_name, problems=parsed.problems)
        if not name:
            plan.why = "no name"
            return plan
        if not obj_name:
            plan.why = "no object"
            return plan
        found, why = self._target(parsed, obj_name, name)
        if why is not None:
            plan.why = why
            return plan
        identity = found[0].id if found else _key(obj_name, name)
        if identity in self.seen:
            plan.why = f"the same entry as row {self.seen[identity]}"
            return plan
        self.seen[identity] = parsed.row
        target = self._object(obj_name)
        owner_change = await self._owner(parsed, target, plan)
        if found is None:
            return self._create(parsed, plan, target, owner_change)
        return self._update(parsed, plan, found, owner_change)

    def _target(self, parsed: ParsedRow, obj_name: str, name: str
                ) -> tuple[tuple[Any, ...] | None, str | None]:
        """The entry this row is about (None: a new one), or why the row is refused."""
        if parsed.reference:
            found = self.by_reference.get(parsed.reference)
            if found is None:
                return None, f"ID {parsed.reference} is not in the register"
            if found[1].name.strip().lower() != obj_name.strip().lower():
                return None, (f"{found[0].reference} belongs to object {found[1].name!r}; "
                              "an import does not move entries between objects")
            return found, None
        matches = self.by_name.get(_key(obj_name, name), [])
        if len(matches) > 1:
            return None, (f"{len(matches)} entries are named {name!r} in {obj_name!r}; "
                          "add the ID column (export the register) to say which")
        return (matches[0] if matches else None), None

    def _object(self, obj_name: str) -> ObjectPlan:
        key = obj_name.strip().lower()
        if key not in self.objects:
            obj, person = self.known.get(key, (None, None))
            self.objects[key] = ObjectPlan(obj.name if obj else obj_name.strip(), obj,
                                           owner_label(obj, person) if obj else None)
        return self.objects[key]

    async def _owner(self, parsed: ParsedRow, target: ObjectPlan, plan: RowPlan
                     ) -> dict[str, Any] | None:
        """The owner change this row makes ({"old", "new"}), if it is the object's first
        row to name an owner and that owner differs; problems on the row otherwise."""
        text = parsed.values.get("owner")
        if not text:
            return None
        column = self.table.column("owner")
        letter = column.letter if column else None
        header = column.header if column else None
        if target.owner_row is not None:
            if fold(text) != fold(target.owner_text or ""):
                plan.problems.append(Problem(
                    parsed.row, header, letter, shorten(text),
                    f"not used: {target.name!r} has its owner from row {target.owner_row}"))
            return None
        found = await self._match(text)
        if found is None:
            plan.problems.append(Problem(parsed.row, header, letter, shorten(text),
                                         "not an e-mail address: the owner is left as it was"))
            return None
        target.owner_row, target.owner_text = parsed.row, text
        label = (found.person.email or found.person.display_name) if found.person else found.text
        if label == target.current_owner:
            return None
        target.owner = found
        why = {"two_owners": "two owners in one cell: kept as text; name one owner",
               "ambiguous_owner": "several people have this name: kept as text; write "
                                  "their e-mail address"}.get(found.problem or "")
        if why is None and found.person is None:
            why = "not known yet: kept as text, and linked when they use the bot"
        if why is not None:
            plan.problems.append(Problem(parsed.row, header, letter, shorten(text), why))
        return {"old": target.current_owner, "new": label}

    async def _match(self, text: str) -> OwnerMatch | None:
        """Who an owner cell names; None for a malformed address (never stored: the
        linking of waiting owners would stumble on it at every later import)."""
        if text not in self.owners:
            # "Anna Ek <anna.ek@kommun.se>", as Outlook copies an address: the address.
            named = _NAMED_ADDRESS.match(text)
            try:
                self.owners[text] = await match_owner(
                    self.session, self.organisation_id, named[1] if named else text)
            except InvalidInput:
                self.owners[text] = None
        return self.owners[text]

    def _create(self, parsed: ParsedRow, plan: RowPlan, target: ObjectPlan,
                owner_change: dict[str, Any] | None) -> RowPlan:
        target.used = True
        values = {k: v for k, v in parsed.values.items() if v not in (None, "", [])}
        plan.action, plan.values, plan.object = Action.CREATE, values, target.name
        plan.extra = dict(parsed.extra)
        plan.changes = {k: {"old": None, "new": v} for k, v in values.items()}
        if owner_change:
            plan.changes["owner"] = owner_change
        return plan

    def _update(self, parsed: ParsedRow, plan: RowPlan, found: tuple[Any, ...],
                owner_change: dict[str, Any] | None) -> RowPlan:
        activity, obj, person = found
        current = entry_values(activity, obj, person)
        proposed = dict(current)
        for field_id, value in parsed.values.items():
            if field_id in ("object", "owner") or (field_id == "status" and not value):
                continue
            if field_id in parsed.implied and current.get(field_id) is None:
                continue  # a blank says nothing new about an entry with nothing recorded
            if BY_ID[field_id].kind == Kind.CHOICES and set(value or []) == set(
                    current.get(field_id) or []):
                continue  # the same choices in another order are the same
            proposed[field_id] = value
        plan.changes = changes_between(current, proposed)
        plan.values = {k: v for k, v in proposed.items() if k in _WRITTEN}
        extra = _merged_extra(activity.extra, parsed.extra, self.kept)
        if extra != activity.extra:
            plan.extra = extra
            for header in sorted(set(extra) | set(activity.extra)):
                if extra.get(header) != activity.extra.get(header):
                    plan.changes[header] = {"old": activity.extra.get(header),
                                            "new": extra.get(header)}
        if owner_change:
            plan.changes["owner"] = owner_change
        plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED
        plan.reference, plan.name, plan.object = activity.reference, activity.name, obj.name
        plan.activity = activity
        return plan


_WRITTEN = {f.id for f in FIELDS} - {"object", "owner"}


def _key(obj_name: str, name: str) -> tuple[str, str]:
    return obj_name.strip().lower(), name.strip().lower()


def _merged_extra(stored: dict[str, Any], row: dict[str, str], kept: list[Column]
                  ) -> dict[str, Any]:
    """The workbook's unknown columns are the truth for what they hold; other columns
    kept from an earlier import stay."""
    merged = dict(stored)
    for column in kept:
        if column.header in row:
            merged[column.header] = row[column.header]
        else:
            merged.pop(column.header, None)
    return merged

