"""One cell read as one field, by the field's kind.

A cell that cannot be read is never guessed at: the reading carries the reason
and no value, and the plan leaves that field out (empty on a new entry,
unchanged on an existing one). A few cells say more than their own field: the
classification column's "Ja, 2023-05-12" also gives the classification date,
the DPIA column's "Genomförd 2023-05-12" the DPIA's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from features.register.fields import EntryField, Kind
from features.register.spreadsheet import words
from sheets.dates import find_dates, read_date
from sheets.text import Unreadable, fold, text_of

# A list item's bullet, as people type them in a cell with line breaks.
_BULLET = re.compile(r"^(?:[-•*–·]|\d+[.)])\s+")
_ITEMS = re.compile(r"[;\n]")
_NOTHING = frozenset({"-", "–", "—"})  # a dash alone in a list cell says "none"


@dataclass
class Reading:
    values: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # why the cell was not read
    # Fields whose value only a blank cell gave (a blank classification reads "no"): an
    # entry with nothing recorded keeps nothing rather than gaining a "no".
    implied: frozenset[str] = frozenset()


def read(entry_field: EntryField, cell: Any) -> Reading:
    try:
        return _READERS[entry_field.kind](entry_field, cell)
    except Unreadable as why:
        return Reading(problem=str(why))


def _text(entry_field: EntryField, cell: Any) -> Reading:
    text = text_of(cell)
    if len(text) > entry_field.max_length:
        raise Unreadable(f"longer than {entry_field.max_length} characters")
    return Reading({entry_field.id: text or None})


def _list(entry_field: EntryField, cell: Any) -> Reading:
    items = [_BULLET.sub("", item.strip()).strip() for item in _ITEMS.split(text_of(cell))]
    items = [item for item in items if item and item not in _NOTHING]
    if any(len(item) > entry_field.max_length for item in items):
        raise Unreadable(f"a part longer than {entry_field.max_length} characters")
    return Reading({entry_field.id: items})


def _date(entry_field: EntryField, cell: Any) -> Reading:
    found = read_date(cell)
    return Reading({entry_field.id: found.isoformat() if found else None})


def _group(entry_field: EntryField) -> str:
    return entry_field.choice_group or entry_field.id


def _choice(entry_field: EntryField, cell: Any) -> Reading:
    special = _SPECIAL.get(entry_field.id)
    if special is not None:
        return special(cell)
    if isinstance(cell, bool) and set(entry_field.choices) >= {"yes", "no"}:
        return Reading({entry_field.id: "yes" if cell else "no"})
    text = text_of(cell)
    if entry_field.id == "status" and not text:
        return Reading()  # a status is never empty: a blank keeps it (or the default)
    if _group(entry_field) == "klassa" and len(re.findall(r"\d", text)) > 1:
        raise Unreadable(f"not {words.NOUNS['klassa']}")  # "2.5", "12": no level in them
    return Reading({entry_field.id: words.read_choice(_group(entry_field), text)})


def _choices(entry_field: EntryField, cell: Any) -> Reading:
    text = text_of(cell)
    ids, unread = words.read_choices(_group(entry_field), text)
    noun = words.NOUNS.get(_group(entry_field), "one of the choices")
    if unread == [text]:
        raise Unreadable(f"not {noun}")
    if unread:
        raise Unreadable(f"cannot read {', '.join(repr(p) for p in unread)} as {noun}")
    return Reading({entry_field.id: ids})


def _classified(cell: Any) -> Reading:
    """"Ja, 2023-05-12", "Klassad 2023-05-12" → yes, classified on that day; "Nej",
    "Ej klassad" and blank → not classified."""
    if isinstance(cell, bool):
        return Reading({"classified": "yes" if cell else "no"})
    if isinstance(cell, date):
        return Reading({"classified": "yes", "classified_on": read_date(cell).isoformat()})
    text = text_of(cell)
    if not text:
        return Reading({"classified": "no"}, implied=frozenset({"classified"}))
    said = words.phrase_ids("classified", fold(text))
    dates = find_dates(text)
    if len(said) > 1:
        raise Unreadable("says both yes and no")
    answer = said[0] if said else ("yes" if dates else None)
    if answer is None:
        raise Unreadable(f"not {words.NOUNS['classified']}")
    values: dict[str, Any] = {"classified": answer}
    if answer == "yes" and dates:
        values["classified_on"] = dates[0][1].isoformat()
    return Reading(values)


_FOLLOW_UP_WORD = re.compile(r"upp ?f[oö]lj|f[oö]lj[as]* upp|follow", re.IGNORECASE)


def _dpia(cell: Any) -> Reading:
    """"Ja", "Genomförd 2023-05-12", "Genomförd 2023-05-12, uppföljning 2024-05-12",
    "Behövs inte", "Ej aktuellt"."""
    if isinstance(cell, date):
        return Reading({"dpia": "done", "dpia_date": read_date(cell).isoformat()})
    text = text_of(cell)
    if not text:
        return Reading({"dpia": None})
    said = words.phrase_ids("dpia", fold(text))
    dates = find_dates(text)
    if "follow_up" in said:
        follow = _FOLLOW_UP_WORD.search(text)
        cut = follow.start() if follow else len(text)
        before = [d for at, d in dates if at < cut]
        after = [d for at, d in dates if at >= cut]
        values: dict[str, Any] = {"dpia": "follow_up"}
        if before:
            values["dpia_date"] = before[0].isoformat()
        if after:
            values["dpia_follow_up"] = after[0].isoformat()
        return Reading(values)
    if len(said) > 1:
        raise Unreadable("names several DPIA states")
    answer = said[0] if said else ("done" if dates else None)
    if answer is None:
        raise Unreadable(f"not {words.NOUNS['dpia']}")
    values = {"dpia": answer}
    if answer == "done" and dates:
        values["dpia_date"] = dates[0][1].isoformat()
    return Reading(values)


_READERS = {
    Kind.TEXT: _text,
    Kind.LONG_TEXT: _text,
    Kind.LIST: _list,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
    Kind.CHOICES: _choices,
}
_SPECIAL = {"classified": _classified, "dpia": _dpia}
