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

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from compliance import pii
from compliance.localtime import STOCKHOLM, start_of_day, to_utc
from features.incidents.repo import IncidentRepository
from features.incidents.rules.breach import BreachType, Discovery, EventType
from features.incidents.rules.workflow import DECIDED_STATUS, Decision, EventKind, Status
from sheets.cells import choose, read_date, read_yes_no
from sheets.headers import Column, HeaderNames, SheetError
from sheets.plan import Action, Imported, RowPlan, RowReader, data_rows, report_lines, settle
from sheets.text import Unreadable
from storage.models import Incident, column_length, utcnow
from storage.repos import AuditRepository

__all__ = ["HistoryFileError", "find_columns", "header_score", "import_rows", "plan_rows",
           "report_lines"]

AUDIT_ACTION = "incident.imported"


HistoryFileError = SheetError  # what `dsobot import` reports as the file's one line


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
NAMES = HeaderNames(HEADERS, required=("reference", "date"),
                    such_as="Diarienummer, Datum, Beskrivning, Status")
header_score = NAMES.score  # how many fields a sheet's header row names (the sheet is chosen by it)
find_columns = NAMES.find  # (index of the header row, its columns), or HistoryFileError


# --- cells -----------------------------------------------------------------------------------

_YES = {"ja", "j", "yes", "y", "x", "true", "anmald", "anmalt", "anmalan", "informerade",
        "informerad", "informerat", "notified", "informed"}
_NO = {"nej", "n", "no", "ej", "inte", "ingen", "inga", "false", "not", "icke"}


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


def _read_row(number: int, row: Sequence[Any], columns: list[Column]) -> RowPlan:
    """One data row read into the incident it describes (values), or why it cannot be."""
    reader = RowReader(number, row, columns)
    plan, cell, refuse = reader.plan, reader.cell, reader.refuse

    reader.read_original("reference", column_length(Incident.original_reference))

    values: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    try:
        day = read_date(cell("date"))
        if day is None:
            refuse("date", "empty (when was it discovered?)", quote=False)
        values["day"] = day
    except Unreadable as why:
        refuse("date", str(why))

    kind_text = reader.text("type")
    if kind_text:
        kind = choose(kind_text, _TYPES)
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

    how = reader.text("discovery")
    if how:
        discovery = choose(how, _DISCOVERY)
        if discovery is None:
            refuse("discovery", "not a way of discovery this import knows (e.g. Personal, "
                                "Rutinkontroll, Tekniskt larm, Biträde, Registrerad)")
        else:
            answers["discovery"] = discovery.value

    description = reader.text("description")
    if description:
        found = {f.kind for f in pii.find(description)}
        if found:
            description = pii.mask(description)
            kinds = ", ".join(sorted(found))
            plan.notes.append(f"{reader.where('description')} held personal data "
                              f"({kinds}): masked before storing")
        answers["description"] = description

    for name, key in (("imy", "notified"), ("informed", "informed")):
        try:
            said, on = read_yes_no(cell(name), _YES, _NO)
        except Unreadable as why:
            refuse(name, str(why))
            continue
        values[key], values[f"{key}_on"] = said, on

    status_text = reader.text("status")
    values["closed"] = False
    if status_text:
        status = choose(status_text, _STATUSES)
        if status is None:
            refuse("status", "not a status this import knows (Avslutad, Stängd, Pågående, "
                             "Öppen)")
        values["closed"] = status == _CLOSED

    if answers.get("event") == EventType.NEAR_MISS.value and values.get("notified"):
        plan.why.append(f"{reader.where('imy')}: a near miss (tillbud) is never notified "
                        "to IMY")
    day = values.get("day")
    for key, name in (("notified_on", "imy"), ("informed_on", "informed")):
        if day and values.get(key) and values[key] < day:
            refuse(name, "a date before the incident's date")
    plan.values = {**values, "answers": answers}
    return reader.finish()


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
    planned = [_read_row(number, row, columns) for number, row in data_rows(rows, index)]
    originals = [p.original for p in planned if p.original]
    existing = {i.original_reference: i.reference for i in await session.scalars(
        select(Incident).where(Incident.organisation_id == organisation_id,
                               Incident.original_reference.in_(originals)))} \
        if originals else {}
    return settle(planned, existing)


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
        detail={**imported.counts(), "source": channel})
    return imported
