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
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from features.rights.records import REQUEST
from features.rights.repo import new_reference
from features.rights.rules.clock import due
from features.rights.rules.topics import Topic
from features.rights.rules.workflow import Channel, EventKind, Outcome, Status
from sheets.cells import choose, read_date, read_yes_no
from sheets.headers import Column, HeaderNames, SheetError
from sheets.plan import Action, Imported, RowPlan, RowReader, data_rows, report_lines, settle
from sheets.text import Unreadable, text_of
from storage.models import RightsRequest, column_length, utcnow
from storage.repos import AuditRepository

__all__ = ["HistoryFileError", "find_columns", "header_score", "import_rows", "plan_rows",
           "report_lines"]

AUDIT_ACTION = "rights_request.imported"


HistoryFileError = SheetError  # what `dsobot import` reports as the file's one line


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
NAMES = HeaderNames(HEADERS, required=("reference", "received"),
                    such_as="Ärendenummer, Inkom, Typ av begäran, Besvarad")
header_score = NAMES.score  # how many fields a sheet's header row names (the sheet is chosen by it)
find_columns = NAMES.find  # (index of the header row, its columns), or HistoryFileError


# --- cells -----------------------------------------------------------------------------------

_YES = {"ja", "j", "yes", "y", "x", "true", "besvarad", "besvarat", "answered"}
_NO = {"nej", "n", "no", "ej", "inte", "ingen", "inga", "false", "not", "icke"}


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
    order of the regulation. Unreadable names the part no right was found in."""
    found: list[str] = []
    for part in _SEPARATORS.split(text_of(cell).lower()):
        if not part.strip():
            continue
        right = choose(part, _RIGHTS)
        if right is None:
            raise Unreadable("not a right this import knows (e.g. Registerutdrag, Rättelse, "
                           "Radering, Begränsning, Invändning, Dataportabilitet)")
        if right.value not in found:
            found.append(right.value)
    return sorted(found, key=[t.value for t in Topic].index)


# --- the plan --------------------------------------------------------------------------------


def _read_row(number: int, row: Sequence[Any], columns: list[Column]) -> RowPlan:
    """One data row read into the request it describes (values), or why it cannot be."""
    reader = RowReader(number, row, columns)
    plan, cell, refuse = reader.plan, reader.cell, reader.refuse
    reader.read_original("reference", column_length(RightsRequest.original_reference))

    values: dict[str, Any] = {"rights": [], "channel": Channel.LETTER.value}
    try:
        received = read_date(cell("received"))
        if received is None:
            refuse("received", "empty (when did it come in?)", quote=False)
        values["received"] = received
    except Unreadable as why:
        refuse("received", str(why))

    try:
        values["rights"] = read_rights(cell("rights"))
    except Unreadable as why:
        refuse("rights", str(why))

    answered_text = reader.text("answered")
    values["answered"] = None
    if answered_text:
        try:
            said, on = read_yes_no(cell("answered"), _YES, _NO)
        except Unreadable as why:
            refuse("answered", str(why))
        else:
            if said and on is None:
                refuse("answered", "says answered but not when: write the day it was "
                                   "answered (2024-03-05)")
            values["answered"] = on if said else None

    outcome_text = reader.text("outcome")
    values["outcome"] = None
    if outcome_text:
        outcome = choose(outcome_text, _OUTCOMES)
        if outcome is None:
            refuse("outcome", "not an outcome this import knows (Bifall, Delvis bifall, "
                              "Avslag, Inga uppgifter, Återkallad)")
        values["outcome"] = outcome

    channel_text = reader.text("channel")
    if channel_text:
        channel = choose(channel_text, _CHANNELS)
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
    plan.values = values
    return reader.finish()


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
    planned = [_read_row(number, row, columns) for number, row in data_rows(rows, index)]
    originals = [p.original for p in planned if p.original]
    existing = {r.original_reference: r.reference for r in await session.scalars(
        select(RightsRequest).where(RightsRequest.organisation_id == organisation_id,
                                    RightsRequest.original_reference.in_(originals)))} \
        if originals else {}
    return settle(planned, existing)


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
        detail={**imported.counts(), "source": channel})
    return imported
