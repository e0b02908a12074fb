"""Last year's incident log from a spreadsheet (`dsobot import incidents FILE --org ORG`).

A DSO starting with the bot has kept incidents in Excel. Each data row becomes an
incident marked as imported (`imported_at`) that keeps the log's reference
(`original_reference`, also its `diarienummer`) and gets the bot's own PUI-reference
of the year it was discovered, so it counts in the figures like any other. Headers
are read tolerantly (Swedish or English, case, accents and small typos do not
matter). Values are mapped to this capability's vocabulary; a value that cannot be
mapped rejects its row with the row, the column and why, and the other rows go
through. A row whose reference was imported before is left unchanged: importing the
same file twice changes nothing.

The description is free text: the personal-data guard masks identity numbers, contact
details and names in it before it is stored, and the report says which kinds it
masked, never the text.

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
from compliance.localtime import STOCKHOLM, start_of_day, to_utc
from features.incidents.repo import IncidentRepository
from features.incidents.rules.breach import BreachType, Discovery, EventType
from features.incidents.rules.workflow import DECIDED_STATUS, Decision, EventKind, Status
from storage.models import Incident, column_length, utcnow
from storage.repos import AuditRepository

AUDIT_ACTION = "incident.imported"
PROBE_ROWS = 20  # the header row is looked for this far down (title rows above it)
LIKENESS = 85  # rapidfuzz ratio for a header with a typo ("Diarienumer")


class HistoryFileError(ValueError):
    """The sheet cannot be imported at all; the message is one line for a person."""


# --- headers ---------------------------------------------------------------------------------

HEADERS: dict[str, tuple[str, ...]] = {
    "reference": ("Diarienummer", "Dnr", "Dnr.", "Diarienr", "Referens", "Ärende",
                  "Reference", "Case number", "Registration number"),
    "date": ("Datum", "Datum för upptäckt", "Upptäckt", "Upptäcktes", "Datum upptäckt",
             "Date", "Date discovered", "Discovered"),
    "description": ("Beskrivning", "Kort beskrivning", "Vad hände", "Händelse",
                    "Description", "What happened"),
    "type": ("Typ av incident", "Incidenttyp", "Typ", "Type", "Type of incident",
             "Incident type", "Type of breach"),
    "discovery": ("Hur upptäcktes", "Hur upptäcktes incidenten", "Upptäckt av",
                  "Upptäcktes av", "How discovered", "How was it discovered",
                  "Discovered by"),
    "imy": ("Anmäld till IMY", "Anmäld IMY", "Anmälan till IMY", "Rapporterad till IMY",
            "IMY", "Notified to IMY", "Reported to IMY"),
    "informed": ("Registrerade informerade", "De registrerade informerade",
                 "Informerade registrerade", "Registrerade underrättade",
                 "Subjects informed", "Data subjects informed"),
    "status": ("Status", "Läge", "State"),
}
REQUIRED = {"reference": "Diarienummer", "date": "Datum"}


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


_YES = {"ja", "j", "yes", "y", "x", "true", "anmald", "anmalt", "anmalan", "informerade",
        "informerad", "informerat", "notified", "informed"}
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


NEAR_MISS = "near_miss"
_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (NEAR_MISS, ("tillbud", "near miss", "riskerade", "nara ogat")),
    (BreachType.MISDIRECTED, ("fel mottagare", "felskick", "felsand", "felaktig mottagare",
                              "skickat till fel", "skickad till fel", "fel adress",
                              "misdirect", "wrong recipient", "felpost", "felutskick")),
    (BreachType.UNAUTHORISED_ACCESS, ("atkomst", "intrang", "dataintrang", "hack",
                                      "natfiske", "phishing", "access", "inloggning")),
    (BreachType.DISCLOSURE_OTHER, ("rojande", "rojd", "utlamn", "spridning", "sprid",
                                   "publicer", "disclos", "exponer")),
    (BreachType.LOSS, ("forlust", "forlorad", "borttappad", "tappad", "tappat", "stold",
                       "stulen", "stal", "loss", "lost", "stolen", "forsvunn")),
    (BreachType.DESTRUCTION, ("forstor", "destru", "trasig", "raderad", "radering")),
    (BreachType.ALTERATION, ("andring", "andrad", "alter", "manipuler", "forvansk")),
    (BreachType.UNSURE, ("oklart", "okand", "vet ej", "vet inte", "unsure", "unknown",
                         "annat", "ovrigt", "other")),
)
_DISCOVERY: tuple[tuple[Discovery, tuple[str, ...]], ...] = (
    (Discovery.PROCESSOR, ("personuppgiftsbitrade", "bitrade", "leverantor", "pub",
                           "processor", "supplier", "vendor")),
    (Discovery.AUTOMATED, ("automat", "teknisk", "larm", "logg", "system", "technical",
                           "monitor", "alert")),
    (Discovery.ROUTINE, ("rutin", "kontroll", "granskning", "uppfoljning", "revision",
                         "routine", "audit", "check", "stickprov")),
    (Discovery.OUTSIDER, ("registrerad", "utomstaende", "extern", "allmanhet", "invanare",
                          "medborgare", "vardnadshavare", "foralder", "anhorig", "elev",
                          "mottagare", "kund", "brukare", "outsider", "data subject",
                          "public", "external", "citizen", "resident")),
    (Discovery.EMPLOYEE, ("personal", "medarbetare", "anstalld", "kollega", "handlaggare",
                          "intern", "chef", "larare", "employee", "staff", "colleague",
                          "egen")),
)
_CLOSED, _OPEN = "closed", "open"
_STATUSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_OPEN, ("pagaende", "oppen", "oppet", "under utredning", "utreds", "open", "ongoing",
             "in progress", "ej avslut", "inte avslut", "ej klar", "inte klar", "ny")),
    (_CLOSED, ("avslut", "stangd", "stangt", "klar", "atgardad", "arkiverad", "closed",
               "done", "finished", "resolved")),
)


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
    reference: str | None = None  # ours: the existing incident's, or the new one's
    why: list[str] = field(default_factory=list)  # a rejected row's reasons
    notes: list[str] = field(default_factory=list)  # e.g. personal data masked
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
    """One data row read into the incident it describes (values), or why it cannot be."""
    plan = RowPlan(number, Action.CREATE)
    by_field = {c.field: c for c in columns}

    def cell(name: str) -> Any:
        column = by_field.get(name)
        return _cell(row, column) if column else ""

    def refuse(name: str, why: str, *, quote: bool = True) -> None:
        value = _text(cell(name))
        shown = pii.mask(" ".join(value.split()))[:40] if quote and value else ""
        quoted = f' "{shown}"' if shown else ""
        plan.why.append(f"{by_field[name].where()}:{quoted} {why}")

    original = " ".join(_text(cell("reference")).split())
    if not original:
        plan.why.append(f"{by_field['reference'].where()}: empty (the row's reference is "
                        "what a second import recognises it by)")
    elif len(original) > column_length(Incident.original_reference):
        refuse("reference", f"longer than {column_length(Incident.original_reference)} "
                            "characters")
    plan.original = original or None

    values: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    try:
        day = read_date(cell("date"))
        if day is None:
            refuse("date", "empty (when was it discovered?)", quote=False)
        values["day"] = day
    except Unmapped as why:
        refuse("date", str(why))

    kind_text = _text(cell("type"))
    if kind_text:
        kind = _choose(kind_text, _TYPES)
        if kind is None:
            refuse("type", "not a type of incident this import knows (e.g. Fel mottagare, "
                           "Obehörig åtkomst, Förlust, Tillbud)")
        elif kind == NEAR_MISS:
            answers["event"] = EventType.NEAR_MISS.value
        else:
            answers["event"] = EventType.BREACH.value
            answers["breach_type"] = BreachType(kind).value
    else:
        answers["event"] = EventType.BREACH.value

    how = _text(cell("discovery"))
    if how:
        discovery = _choose(how, _DISCOVERY)
        if discovery is None:
            refuse("discovery", "not a way of discovery this import knows (e.g. Personal, "
                                "Rutinkontroll, Tekniskt larm, Biträde, Registrerad)")
        else:
            answers["discovery"] = discovery.value

    description = _text(cell("description"))
    if description:
        found = {f.kind for f in pii.find(description)}
        if found:
            description = pii.mask(description)
            kinds = ", ".join(sorted(found))
            plan.notes.append(f"{by_field['description'].where()} held personal data "
                              f"({kinds}): masked before storing")
        answers["description"] = description

    for name, key in (("imy", "notified"), ("informed", "informed")):
        try:
            said, on = read_yes_no(cell(name))
        except Unmapped as why:
            refuse(name, str(why))
            continue
        values[key], values[f"{key}_on"] = said, on

    status_text = _text(cell("status"))
    values["closed"] = False
    if status_text:
        status = _choose(status_text, _STATUSES)
        if status is None:
            refuse("status", "not a status this import knows (Avslutad, Stängd, Pågående, "
                             "Öppen)")
        values["closed"] = status == _CLOSED

    if answers.get("event") == EventType.NEAR_MISS.value and values.get("notified"):
        plan.why.append(f"{by_field['imy'].where()}: a near miss (tillbud) is never notified "
                        "to IMY")
    day = values.get("day")
    for key, name in (("notified_on", "imy"), ("informed_on", "informed")):
        if day and values.get(key) and values[key] < day:
            refuse(name, "a date before the incident's date")
    if plan.why:
        plan.action = Action.REJECT
    plan.values = {**values, "answers": answers}
    return plan


def _at_noon(day: date) -> datetime:
    """A notification recorded as a day: that day at noon, Stockholm time (as the
    migration of 0007 reads such days)."""
    return to_utc(datetime.combine(day, time(12, 0), STOCKHOLM))


def _columns(values: dict[str, Any], original: str, now: datetime) -> dict[str, Any]:
    """The incident's columns, as the capability stores a report and a decision."""
    day: date = values["day"]
    start = to_utc(start_of_day(day))
    answers = dict(values["answers"])
    answers["discovered_at"] = answers["aware_at"] = day.isoformat()
    near_miss = answers.get("event") == EventType.NEAR_MISS.value
    notified = values.get("notified")
    decision = (None if notified is None or near_miss
                else Decision.NOTIFIED if notified else Decision.NOT_NOTIFIABLE)
    if values["closed"]:
        status = Status.CLOSED
    elif decision is not None:
        status = DECIDED_STATUS[decision]
    else:
        status = Status.IN_REVIEW
    informed = values.get("informed")
    return {
        "answers": answers,
        "submitted_at": start,
        "discovered_at": start,
        "aware_at": start,
        "near_miss": near_miss,
        "status": status.value,
        "diarienummer": original,
        "decision": decision.value if decision else None,
        "imy_notified_at": _at_noon(values["notified_on"])
        if decision == Decision.NOTIFIED and values.get("notified_on") else None,
        "subjects_informed": informed,
        "subjects_informed_on": values.get("informed_on") if informed else None,
        # The log does not say when it was closed: the import is the latest it can be.
        "closed_at": now if status == Status.CLOSED else None,
    }


async def plan_rows(session: AsyncSession, organisation_id: int,
                    rows: Sequence[Sequence[Any]]) -> list[RowPlan]:
    """Every data row below the header row, planned: create, unchanged (its reference
    was imported before) or reject with why. Reads the database, writes nothing."""
    index, columns = find_columns(rows)
    planned = [_read_row(number + 1, row, columns) for number, row in enumerate(rows)
               if number > index and any(_text(c) for c in row)]
    originals = [p.original for p in planned if p.original]
    existing = {i.original_reference: i.reference for i in await session.scalars(
        select(Incident).where(Incident.organisation_id == organisation_id,
                               Incident.original_reference.in_(originals)))} \
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
    """Plan the rows and, unless `dry_run`, create the incidents in the caller's
    transaction, with an audit entry that holds counts only."""
    planned = await plan_rows(session, organisation_id, rows)
    if dry_run:
        return Imported(planned, applied=False)
    repo = IncidentRepository(session)
    now = utcnow()
    for plan in planned:
        if plan.action != Action.CREATE:
            continue
        assert plan.original is not None
        columns = _columns(plan.values, plan.original, now)
        incident = await repo.create(organisation_id=organisation_id, reporter_person_id=None,
                                     severity={"adjustments": {}}, **columns)
        incident.imported_at = now
        incident.original_reference = plan.original
        plan.reference = incident.reference
        repo.record_event(incident, EventKind.SUBMITTED, None, {"source": "import"},
                          at=columns["submitted_at"])
        if columns["status"] == Status.CLOSED:
            repo.record_event(incident, EventKind.CLOSED, None, {"source": "import"}, at=now)
    await session.flush()
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
