"""Last year's request log from a spreadsheet (`dsobot import requests FILE --org ORG`).

Each data row becomes a rights request marked as imported (`imported_at`) that keeps
the log's reference (`original_reference`, its ärendenummer) and gets the bot's own
REG-reference of the year it came in, with its deadline computed as for a request
logged in chat, so it counts in the figures like any other: received ("Inkom"),
answered ("Besvarad": the day), within the deadline or not. Headers are read
tolerantly (Swedish or English, case, accents and small typos do not matter);
values are mapped to this capability's vocabulary ("Registerutdrag" is access). A
value that cannot be mapped rejects its row with the row, the column and why; the
other rows go through. A row whose reference was imported before is left unchanged:
importing the same file twice changes nothing.

A request log rarely says how a request came in: without a "Kanal" column the
channel is recorded as a letter (the capability has no "unknown" channel).

The file is read into rows elsewhere (`bot/cli_history.py`); this module gets the
cells as the spreadsheet reader gives them (text, numbers, dates).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from compliance import pii
from features.rights.records import REQUEST
from features.rights.repo import new_reference
from features.rights.rules.clock import due
from features.rights.rules.topics import Topic
from features.rights.rules.workflow import Channel, EventKind, Outcome, Status
from storage.models import RightsRequest, column_length, utcnow
from storage.repos import AuditRepository

AUDIT_ACTION = "rights_request.imported"
PROBE_ROWS = 20  # the header row is looked for this far down (title rows above it)
LIKENESS = 85  # rapidfuzz ratio for a header with a typo ("Ärendenumer")


class HistoryFileError(ValueError):
    """The sheet cannot be imported at all; the message is one line for a person."""


# --- headers ---------------------------------------------------------------------------------

HEADERS: dict[str, tuple[str, ...]] = {
    "reference": ("Ärendenummer", "Ärendenr", "Ärende", "Diarienummer", "Dnr", "Dnr.",
                  "Referens", "Reference", "Case number"),
    "received": ("Inkom", "Inkommen", "Inkom datum", "Inkommit", "Datum inkom", "Mottagen",
                 "Datum", "Received", "Date received", "Received on"),
    "rights": ("Typ av begäran", "Begäran", "Typ", "Rättighet", "Rättigheter",
               "Type of request", "Request type", "Request", "Right", "Rights"),
    "answered": ("Besvarad", "Besvarat", "Besvarades", "Svar skickat", "Datum besvarad",
                 "Answered", "Answered on", "Date answered"),
    "outcome": ("Utfall", "Resultat", "Beslut", "Utgång", "Outcome", "Result", "Decision"),
    "channel": ("Kanal", "Inkom via", "Hur inkom", "Sätt", "Channel", "Received via"),
}
REQUIRED = {"reference": "Ärendenummer", "received": "Inkom"}


def fold(text: str) -> str:
    """Lower case, no accents, punctuation and runs of space as one space."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text).casefold())
                    if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", plain).strip()


_EXACT = {fold(h): f for f, hs in HEADERS.items() for h in hs}


def _field_of(header: str) -> str | None:
    folded = fold(header)
    if folded in _EXACT:
        return _EXACT[folded]
    if len(folded) < 5:
        return None
    scored = sorted(((fuzz.ratio(folded, h), f) for h, f in _EXACT.items() if len(h) >= 5),
                    reverse=True)
    return scored[0][1] if scored and scored[0][0] >= LIKENESS else None


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str

    @property
    def letter(self) -> str:
        letters, number = "", self.index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("A") + rest) + letters
        return letters

    def where(self) -> str:
        return f'column "{self.header}" ({self.letter})'


def match_columns(cells: Sequence[Any]) -> list[Column]:
    """The cells of a header row as columns, each field taken by its first column."""
    columns: list[Column] = []
    for index, cell in enumerate(cells):
        header = " ".join(_text(cell).split())
        found = _field_of(header) if header else None
        if found and all(c.field != found for c in columns):
            columns.append(Column(index, header, found))
    return columns


def header_score(rows: Sequence[Sequence[Any]]) -> int:
    """How many fields the best header row of a sheet names (a sheet is chosen by it)."""
    return max((len(match_columns(r)) for r in rows[:PROBE_ROWS]), default=0)


def find_columns(rows: Sequence[Sequence[Any]]) -> tuple[int, list[Column]]:
    """(index of the header row, its columns), or HistoryFileError saying what is missing."""
    best = max(((len(match_columns(r)), -i) for i, r in enumerate(rows[:PROBE_ROWS])),
               default=(0, 0))
    index = -best[1]
    columns = match_columns(rows[index]) if rows else []
    if best[0] < 2:
        raise HistoryFileError(f"no header row in the first {PROBE_ROWS} rows: no row names "
                               "columns such as Diarienummer, Datum, Beskrivning, Status")
    for wanted, header in REQUIRED.items():
        if all(c.field != wanted for c in columns):
            raise HistoryFileError(f"row {index + 1}: no column for the {header} (a header "
                                   f"such as {', '.join(HEADERS[wanted][:3])})")
    return index, columns


# --- cells -----------------------------------------------------------------------------------


class Unmapped(ValueError):
    """A cell that cannot be read; the message is why."""


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "mars": 3, "march": 3, "apr": 4, "april": 4, "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8,
    "augusti": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10,
    "oktober": 10, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
# Year-month-day, day/month year (Swedes write the day first), "5 mars 2024".
_DATES = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})(?:[/.]|\s*-\s*|\s+)(\d{4})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<!\d)(\d{1,2}):?e?\s+([a-zåäö]+)\.?\s+(\d{4})(?!\d)"), (3, 2, 1)),
)
_EXCEL_EPOCH = date(1899, 12, 30)


def find_date(cell: Any) -> date | None:
    """The first date a cell holds ("2024-03-05", "5 mars 2024", "Ja, 5/3 2024", a date
    cell, an Excel serial number); None when it holds none. Unmapped for a date that
    does not exist (2024-02-30)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _EXCEL_EPOCH + timedelta(days=int(cell)) if 25569 <= cell < 73051 else None
    text = _text(cell).lower()
    found: list[tuple[int, date]] = []
    for pattern, (y, m, d) in _DATES:
        for match in pattern.finditer(text):
            month = match.group(m)
            number = int(month) if month.isdigit() else _MONTHS.get(month)
            if number is None:
                continue
            try:
                found.append((match.start(), date(int(match.group(y)), number,
                                                   int(match.group(d)))))
            except ValueError:
                raise Unmapped("no such date") from None
    return min(found)[1] if found else None


def read_date(cell: Any) -> date | None:
    """A date cell, or None when blank; Unmapped when it holds something else."""
    if not _text(cell):
        return None
    found = find_date(cell)
    if found is None:
        raise Unmapped("not a date (write 2024-03-05 or 5 mars 2024)")
    return found


_YES = {"ja", "j", "yes", "y", "x", "true", "besvarad", "besvarat", "answered"}
_NO = {"nej", "n", "no", "ej", "inte", "ingen", "inga", "false", "not", "icke"}


def read_yes_no(cell: Any) -> tuple[bool | None, date | None]:
    """"Ja", "Nej", "Ja, 2024-03-07", "Anmäld 7 mars 2024", a date alone (yes, then),
    "Ej anmäld" → (yes or no, the date given); (None, None) when blank."""
    if isinstance(cell, bool):
        return cell, None
    text = _text(cell)
    if not text:
        return None, None
    day = find_date(cell)
    words = fold(text).split()
    if words and words[0] in _NO:
        return False, None
    if (words and words[0] in _YES) or day is not None:
        return True, day
    raise Unmapped("not yes or no (Ja, Nej, or the date)")


def _choose(text: str, table: Sequence[tuple[Any, tuple[str, ...]]]) -> Any:
    """The first value one of whose words begins a word of the text (or, for a phrase,
    appears in it); None when none does."""
    folded = fold(text)
    words = folded.split()
    for value, stems in table:
        for stem in stems:
            if (" " in stem and stem in folded) or any(w.startswith(stem) for w in words):
                return value
    return None


_RIGHTS: tuple[tuple[Topic, tuple[str, ...]], ...] = (
    (Topic.ACCESS, ("registerutdrag", "utdrag", "tillgang", "insyn", "kopia", "access",
                    "art 15", "artikel 15", "subject access")),
    (Topic.RECTIFICATION, ("rattelse", "rattning", "korriger", "rectif", "art 16")),
    (Topic.ERASURE, ("radering", "radera", "borttag", "ta bort", "bli glomd", "glomd",
                     "erasure", "erase", "deletion", "forgotten", "art 17")),
    (Topic.RESTRICTION, ("begransning", "begransa", "restrict", "art 18")),
    (Topic.PORTABILITY, ("dataportabilitet", "portabilitet", "flytt", "portab", "art 20")),
    (Topic.OBJECTION, ("invandning", "invanda", "objection", "object", "art 21")),
    (Topic.AUTOMATED, ("automatiserat", "automatiserade", "profilering", "automated",
                       "profiling", "art 22")),
    (Topic.INFORMATION, ("information", "informera", "art 13", "art 14")),
)
_WITHDRAWN = "withdrawn"
_OUTCOMES: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_WITHDRAWN, ("aterkall", "atertag", "aterdrag", "withdrawn", "avskriv")),
    (Outcome.NO_DATA, ("inga uppgifter", "inga personuppgifter", "saknas", "fanns inga",
                       "no data", "nothing held")),
    (Outcome.PARTLY_GRANTED, ("delvis", "partly", "partial")),
    (Outcome.REFUSED, ("avslag", "avslagen", "avslogs", "nekad", "nekat", "avvis",
                       "refused", "rejected", "denied")),
    (Outcome.GRANTED, ("bifall", "beviljad", "beviljat", "utlamnat", "utlamnad", "lamnat",
                       "genomford", "genomfort", "raderad", "rattad", "skickat", "skickad",
                       "ja", "granted", "done", "sent")),
)
_CHANNELS: tuple[tuple[Channel, tuple[str, ...]], ...] = (
    (Channel.ESERVICE, ("e tjanst", "etjanst", "e service", "eservice", "webb", "formular",
                        "online")),
    (Channel.EMAIL, ("e post", "epost", "mejl", "mail", "email")),
    (Channel.LETTER, ("brev", "post", "letter")),
    (Channel.IN_PERSON, ("besok", "personligen", "reception", "in person", "visit")),
    (Channel.PHONE, ("telefon", "tel", "phone", "samtal")),
)
_SEPARATORS = re.compile(r"[,;/+&\n]|\boch\b|\band\b")


def read_rights(cell: Any) -> list[str]:
    """"Registerutdrag", "Rättelse och radering", "Access; erasure" → the rights, in the
    order of the regulation. Unmapped names the part no right was found in."""
    found: list[str] = []
    for part in _SEPARATORS.split(_text(cell).lower()):
        if not part.strip():
            continue
        right = _choose(part, _RIGHTS)
        if right is None:
            raise Unmapped("not a right this import knows (e.g. Registerutdrag, Rättelse, "
                           "Radering, Begränsning, Invändning, Dataportabilitet)")
        if right.value not in found:
            found.append(right.value)
    return sorted(found, key=[t.value for t in Topic].index)


# --- the plan --------------------------------------------------------------------------------


class Action(StrEnum):
    CREATE = "create"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowPlan:
    row: int  # as the sheet numbers rows, from 1
    action: Action
    original: str | None = None
    reference: str | None = None  # ours: the existing request's, or the new one's
    why: list[str] = field(default_factory=list)  # a rejected row's reasons
    notes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Imported:
    rows: list[RowPlan]
    applied: bool

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _cell(row: Sequence[Any], column: Column) -> Any:
    return row[column.index] if column.index < len(row) else ""


def _read_row(number: int, row: Sequence[Any], columns: list[Column]) -> RowPlan:
    """One data row read into the request it describes (values), or why it cannot be."""
    plan = RowPlan(number, Action.CREATE)
    by_field = {c.field: c for c in columns}

    def cell(name: str) -> Any:
        column = by_field.get(name)
        return _cell(row, column) if column else ""

    def refuse(name: str, why: str, *, quote: bool = True) -> None:
        value = _text(cell(name))
        # The value is quoted with personal data masked: a cell may hold a name.
        shown = pii.mask(" ".join(value.split()))[:40] if quote and value else ""
        quoted = f' "{shown}"' if shown else ""
        plan.why.append(f"{by_field[name].where()}:{quoted} {why}")

    original = " ".join(_text(cell("reference")).split())
    if not original:
        plan.why.append(f"{by_field['reference'].where()}: empty (the row's reference is "
                        "what a second import recognises it by)")
    elif len(original) > column_length(RightsRequest.original_reference):
        refuse("reference", f"longer than {column_length(RightsRequest.original_reference)} "
                            "characters")
    plan.original = original or None

    values: dict[str, Any] = {"rights": [], "channel": Channel.LETTER.value}
    try:
        received = read_date(cell("received"))
        if received is None:
            refuse("received", "empty (when did it come in?)", quote=False)
        values["received"] = received
    except Unmapped as why:
        refuse("received", str(why))

    try:
        values["rights"] = read_rights(cell("rights"))
    except Unmapped as why:
        refuse("rights", str(why))

    answered_text = _text(cell("answered"))
    values["answered"] = None
    if answered_text:
        try:
            said, on = read_yes_no(cell("answered"))
        except Unmapped as why:
            refuse("answered", str(why))
        else:
            if said and on is None:
                refuse("answered", "says answered but not when: write the day it was "
                                   "answered (2024-03-05)")
            values["answered"] = on if said else None

    outcome_text = _text(cell("outcome"))
    values["outcome"] = None
    if outcome_text:
        outcome = _choose(outcome_text, _OUTCOMES)
        if outcome is None:
            refuse("outcome", "not an outcome this import knows (Bifall, Delvis bifall, "
                              "Avslag, Inga uppgifter, Återkallad)")
        values["outcome"] = outcome

    channel_text = _text(cell("channel"))
    if channel_text:
        channel = _choose(channel_text, _CHANNELS)
        if channel is None:
            refuse("channel", "not a channel this import knows (Brev, E-post, E-tjänst, "
                              "Besök, Telefon)")
        else:
            values["channel"] = channel.value

    received, answered = values.get("received"), values.get("answered")
    if received and answered and answered < received:
        refuse("answered", "a day before the request came in")
    if values["outcome"] not in (None, _WITHDRAWN) and answered is None and not plan.why:
        refuse("outcome", "an outcome, but no day it was answered: write it under "
                          "Besvarad (2024-03-05)")
    if plan.why:
        plan.action = Action.REJECT
    plan.values = values
    return plan


def _columns(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The request's columns, as the capability stores a request logged and answered."""
    received: date = values["received"]
    answered: date | None = values["answered"]
    outcome = values["outcome"]
    if outcome == _WITHDRAWN:
        status, outcome = Status.WITHDRAWN, None
    elif answered is not None:
        status = Status.ANSWERED
    else:
        status = Status.RECEIVED
    return {
        "rights": values["rights"],
        "received_on": received,
        "channel": values["channel"],
        "status": status.value,
        "due_on": due(received).due,
        "answered_on": answered,
        "outcome": outcome.value if isinstance(outcome, Outcome) else None,
        # The log does not say when it was closed: the import is the latest it can be.
        "closed_at": now if status in (Status.ANSWERED, Status.WITHDRAWN) else None,
    }


async def plan_rows(session: AsyncSession, organisation_id: int,
                    rows: Sequence[Sequence[Any]]) -> list[RowPlan]:
    """Every data row below the header row, planned: create, unchanged (its reference
    was imported before) or reject with why. Reads the database, writes nothing."""
    index, columns = find_columns(rows)
    planned = [_read_row(number + 1, row, columns) for number, row in enumerate(rows)
               if number > index and any(_text(c) for c in row)]
    originals = [p.original for p in planned if p.original]
    existing = {r.original_reference: r.reference for r in await session.scalars(
        select(RightsRequest).where(RightsRequest.organisation_id == organisation_id,
                                    RightsRequest.original_reference.in_(originals)))} \
        if originals else {}
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


async def import_rows(session: AsyncSession, organisation_id: int,
                      rows: Sequence[Sequence[Any]], *, dry_run: bool = False,
                      channel: str = "cli") -> Imported:
    """Plan the rows and, unless `dry_run`, create the requests in the caller's
    transaction, with an audit entry that holds counts only."""
    planned = await plan_rows(session, organisation_id, rows)
    if dry_run:
        return Imported(planned, applied=False)
    now = utcnow()
    for plan in planned:
        if plan.action != Action.CREATE:
            continue
        columns = _columns(plan.values, now)
        request = RightsRequest(
            organisation_id=organisation_id,
            reference=await new_reference(session, organisation_id,
                                          columns["received_on"].year),
            imported_at=now, original_reference=plan.original, revision=1, **columns)
        session.add(request)
        await session.flush()
        plan.reference = request.reference
        await REQUEST.add_event(session, request, EventKind.LOGGED, None,
                                {"received_on": request.received_on.isoformat(),
                                 "rights": request.rights, "source": "import"}, now)
        if request.status == Status.ANSWERED:
            await REQUEST.add_event(session, request, EventKind.ANSWERED, None,
                                    {"source": "import"}, now)
        elif request.status == Status.WITHDRAWN:
            await REQUEST.add_event(session, request, EventKind.WITHDRAWN, None,
                                    {"source": "import"}, now)
    imported = Imported(planned, applied=True)
    await AuditRepository(session).record(
        organisation_id=organisation_id, actor_person_id=None, action=AUDIT_ACTION,
        record_type="organisation", record_id=organisation_id,
        # Counts only: the file's contents are the organisation's, not the log's.
        detail={"created": imported.count(Action.CREATE),
                "unchanged": imported.count(Action.UNCHANGED),
                "rejected": imported.count(Action.REJECT), "source": channel})
    return imported


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
