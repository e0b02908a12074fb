"""`incidenter [öppna|försenade|stängda|ÅR] [sida N]` / `incidents [open|overdue|closed|YEAR]
[page N]`: the DSO's incidents, filtered and paged in SQL.

- öppna / open (the default): not closed, the most urgent first;
- försenade / overdue: open, undecided, not a near miss, past the 72 hours;
- stängda / closed: closed, the latest closed first;
- ÅR / YEAR: submitted in that calendar year (Stockholm time), closed ones included;
  combined with one of the others, both apply ("incidenter 2025 öppna").

The organisations are those the person is DSO of (the existing behaviour), the
current one first; when there are several, each row names its organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import process
from sqlalchemy import and_, case, func, or_, select

from chat.ctx import Ctx
from chat.turn import Answer
from compliance.deadlines import NOTIFICATION_WINDOW
from compliance.localtime import start_of_day, to_utc
from dialogs.parsing import normalise
from features.incidents.cards.list import PAGE_SIZE, incident_list_card
from features.incidents.records import DSO, list_item
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import DECIDED, Status
from i18n import t
from storage.models import Incident, Organisation

OPEN_WORDS = frozenset({"oppna", "oppen", "open"})
OVERDUE_WORDS = frozenset({"forsenade", "forsenad", "sena", "overdue", "late"})
CLOSED_WORDS = frozenset({"stangda", "stangd", "avslutade", "closed"})
PAGE_WORDS = frozenset({"sida", "page"})
ACCEPTED = {"sv": ("öppna", "försenade", "stängda"), "en": ("open", "overdue", "closed")}
YEAR = re.compile(r"^(19|20|21)\d\d$")
UNDECIDED = tuple(str(s) for s in Status if s not in DECIDED)


@dataclass(frozen=True)
class Filter:
    which: str = "open"  # open | overdue | closed | all (a year alone)
    year: int | None = None
    page: int = 1

    def words(self, lang: str) -> str:
        """The filter as typed again (for the "show more" button), without the page."""
        index = {"open": 0, "overdue": 1, "closed": 2}.get(self.which)
        parts = [ACCEPTED[lang][index]] if index is not None else []
        if self.year is not None:
            parts.insert(0, str(self.year))
        return " ".join(parts)


class Unknown(Exception):
    def __init__(self, word: str, reason: str = "unknown") -> None:
        super().__init__(word)
        self.word, self.reason = word, reason


def parse(rest: str) -> Filter:
    """The filter in what follows the command word; `Unknown` for a word it does not know
    (or two that contradict each other)."""
    typed = [word for word in rest.split() if normalise(word)]
    tokens = ["".join(normalise(word).split()) for word in typed]
    which: str | None = None
    year: int | None = None
    page = 1
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in PAGE_WORDS and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            page = max(1, min(int(tokens[i + 1]), 100_000))
            i += 2
            continue
        if YEAR.match(word):
            if year is not None and int(word) != year:
                raise Unknown(typed[i], "two_years")
            year = int(word)
        else:
            found = ("open" if word in OPEN_WORDS else "overdue" if word in OVERDUE_WORDS
                     else "closed" if word in CLOSED_WORDS else None)
            if found is None:
                raise Unknown(typed[i])
            if which is not None and which != found and {which, found} != {"open", "overdue"}:
                raise Unknown(typed[i], "contradiction")
            # "öppna försenade": overdue ones are open anyway.
            which = "overdue" if "overdue" in (which, found) else found
        i += 1
    return Filter(which or ("all" if year is not None else "open"), year, page)


def _clock_start():
    return func.coalesce(Incident.aware_at, Incident.submitted_at, Incident.created_at)


def conditions(f: Filter, organisations: list[int], now: datetime) -> list:
    """The WHERE clause of a filter (in SQL, on the indexed columns)."""
    where = [Incident.organisation_id.in_(organisations)]
    if f.which == "closed":
        where.append(Incident.status == str(Status.CLOSED))
    elif f.which == "open":
        where.append(Incident.status != str(Status.CLOSED))
    elif f.which == "overdue":  # the 72 hours ran out and nothing is decided
        cutoff = to_utc(now) - NOTIFICATION_WINDOW
        where += [Incident.status.in_(UNDECIDED), Incident.near_miss.is_(False),
                  Incident.decision.is_(None),
                  or_(and_(Incident.aware_at.is_not(None), Incident.aware_at < cutoff),
                      and_(Incident.aware_at.is_(None), Incident.submitted_at.is_not(None),
                           Incident.submitted_at < cutoff),
                      and_(Incident.aware_at.is_(None), Incident.submitted_at.is_(None),
                           Incident.created_at < cutoff))]
    if f.year is not None:
        start, end = start_of_day(date(f.year, 1, 1)), start_of_day(date(f.year + 1, 1, 1))
        where.append(or_(
            and_(Incident.submitted_at.is_not(None), Incident.submitted_at >= start,
                 Incident.submitted_at < end),
            and_(Incident.submitted_at.is_(None), Incident.created_at >= start,
                 Incident.created_at < end)))
    return where


def _order(f: Filter) -> list:
    if f.which == "closed":
        return [func.coalesce(Incident.closed_at, Incident.created_at).desc(), Incident.id]
    # As the card orders them: undecided by their deadline, then the rest newest first.
    undecided = and_(Incident.status.in_(UNDECIDED), Incident.near_miss.is_(False))
    return [case((undecided, 0), else_=1),
            case((undecided, _clock_start())).asc(),
            func.coalesce(Incident.submitted_at, Incident.created_at).desc(),
            Incident.id]


def typo_answer(lang: str, error: Unknown) -> Answer:
    accepted = ACCEPTED[lang]
    if error.reason != "unknown":
        return Answer.text(t(lang, f"incident.lists.{error.reason}", word=error.word[:40]))
    guess = process.extractOne(normalise(error.word), [normalise(w) for w in accepted],
                               score_cutoff=70)
    key = "incident.lists.did_you_mean" if guess else "incident.lists.unknown"
    return Answer.text(t(lang, key, word=error.word[:40],
                         guess=accepted[guess[2]] if guess else "",
                         accepted=", ".join(accepted)))


async def list_incidents(ctx: Ctx, rest: str) -> Answer:
    try:
        wanted = parse(rest)
    except Unknown as error:
        return typo_answer(ctx.lang, error)
    now = ctx.now()
    organisations = DSO.organisations(ctx)
    if not organisations:
        return Answer.text(t(ctx.lang, "bot.not_allowed"))
    where = conditions(wanted, organisations, now)
    async with ctx.db.session() as session:
        total = await session.scalar(select(func.count()).select_from(Incident).where(*where))
        total = int(total or 0)
        last_page = max(1, -(-total // PAGE_SIZE))
        page = min(wanted.page, last_page)
        rows = list(await session.scalars(
            select(Incident).where(*where).order_by(*_order(wanted))
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
        repo = IncidentRepository(session)
        names = await repo.names(row.owner_person_id for row in rows)
        labels: dict[str, str] = {}
        if len(organisations) > 1:
            orgs = dict((await session.execute(select(Organisation.id, Organisation.name).where(
                Organisation.id.in_(organisations)))).all())
            labels = {str(row.id): orgs.get(row.organisation_id, "") for row in rows}
        items = [list_item(row, names.get(row.owner_person_id) if row.owner_person_id else None,
                           now) for row in rows]
        await ctx.audit(session, "incident.list_viewed", "incident", None, count=len(items),
                        closed=wanted.which == "closed", which=wanted.which, year=wanted.year,
                        page=page, total=total)
    return Answer.card(incident_list_card(
        ctx.lang, items, closed=wanted.which == "closed", which=wanted.which,
        year=wanted.year, page=page, total=total, filter_words=wanted.words(ctx.lang),
        organisations=labels))
