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

from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select

from chat.ctx import Ctx
from chat.list_filter import CLOSED, OPEN, OVERDUE, ListFilter, ListWords, UnknownWord
from chat.turn import Answer
from compliance.deadlines import NOTIFICATION_WINDOW
from compliance.localtime import start_of_day, to_utc
from features.incidents.cards.list import PAGE_SIZE, incident_list_card
from features.incidents.records import DSO, list_item
from features.incidents.repo import IncidentRepository
from features.incidents.rules.workflow import DECIDED, Status
from i18n import t
from storage.models import Incident, Organisation

LISTS = ListWords((OPEN, OVERDUE, CLOSED), "incident.lists")
UNDECIDED = tuple(str(s) for s in Status if s not in DECIDED)


def _clock_start():
    return func.coalesce(Incident.aware_at, Incident.submitted_at, Incident.created_at)


def conditions(f: ListFilter, organisations: list[int], now: datetime) -> list:
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


def _order(f: ListFilter) -> list:
    if f.which == "closed":
        return [func.coalesce(Incident.closed_at, Incident.created_at).desc(), Incident.id]
    # As the card orders them: undecided by their deadline, then the rest newest first.
    undecided = and_(Incident.status.in_(UNDECIDED), Incident.near_miss.is_(False))
    return [case((undecided, 0), else_=1),
            case((undecided, _clock_start())).asc(),
            func.coalesce(Incident.submitted_at, Incident.created_at).desc(),
            Incident.id]


async def list_incidents(ctx: Ctx, rest: str) -> Answer:
    try:
        wanted = LISTS.parse(rest)
    except UnknownWord as error:
        return LISTS.typo_answer(ctx.lang, error)
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
