"""The outbox as the DSO and the operator see it: counts, the messages that did not
arrive, and one line per message for `dsobot reminders list --org ORG [--state S]`.

Only identifiers, states, times and reason codes are shown: never a message's content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from compliance.localtime import format_datetime
from storage.db import Database
from storage.errors import InvalidInput
from storage.models import OutboxAttempt, OutboxMessage, OutboxState, Person
from storage.repos import OrganisationRepository

WINDOW_DAYS = 30  # what the DSO's card counts and lists
LOST = (OutboxState.UNDELIVERABLE.value, OutboxState.FAILED.value)
STATES = tuple(s.value for s in OutboxState)
LIST_LIMIT = 1000


@dataclass(frozen=True)
class Problem:
    """A message that did not arrive, with the dispatcher's reason."""

    id: int
    person: str | None  # display name
    kind: str
    state: str
    at: datetime  # the last attempt, else when it fell due
    last_error: str | None
    outcome: str | None  # the last attempt's outcome


async def counts_since(session: AsyncSession, organisation_id: int,
                       since: datetime) -> dict[str, int]:
    """Messages created since `since`, by state; those being sent count as queued."""
    rows = await session.execute(
        select(OutboxMessage.state, func.count()).where(
            OutboxMessage.organisation_id == organisation_id,
            OutboxMessage.created_at >= since).group_by(OutboxMessage.state))
    counts: dict[str, int] = {}
    for state, count in rows:
        shown = OutboxState.QUEUED.value if state == OutboxState.SENDING.value else state
        counts[shown] = counts.get(shown, 0) + int(count)
    return counts


def _last_attempt(column: object) -> object:
    return (select(column).where(OutboxAttempt.message_id == OutboxMessage.id)
            .order_by(OutboxAttempt.id.desc()).limit(1).scalar_subquery())


async def problems_since(session: AsyncSession, organisation_id: int, since: datetime, *,
                         limit: int) -> list[Problem]:
    """Undeliverable and failed messages created since `since`, the latest first."""
    rows = await session.execute(
        select(OutboxMessage.id, Person.display_name, OutboxMessage.kind, OutboxMessage.state,
               _last_attempt(OutboxAttempt.at), OutboxMessage.due_at,
               OutboxMessage.last_error, _last_attempt(OutboxAttempt.outcome))
        .outerjoin(Person, Person.id == OutboxMessage.person_id)
        .where(OutboxMessage.organisation_id == organisation_id,
               OutboxMessage.state.in_(LOST), OutboxMessage.created_at >= since)
        .order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
        .limit(limit))
    return [Problem(id_, name, kind, state, _aware(attempted) or due, error, outcome)
            for id_, name, kind, state, attempted, due, error, outcome in rows]


def _aware(moment: datetime | None) -> datetime | None:
    """Aware UTC, whatever the backend hands back for a subquery's value."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _when(moment: datetime | None) -> str:
    return format_datetime(moment) if moment is not None else "-"


async def queue_lines(db: Database, org_slug: str, state: str | None = None) -> list[str]:
    """One line per outbox message of the organisation (newest first, at most 1000):
    id, state, kind, recipient's display name, due and sent times (Stockholm time),
    attempts, last error. InvalidInput for an unknown organisation or state."""
    if state is not None and state not in STATES:
        raise InvalidInput(f"unknown state {state!r}; use one of {', '.join(STATES)}")
    async with db.session(readonly=True) as session:
        org = await OrganisationRepository(session).by_slug(org_slug)
        if org is None:
            raise InvalidInput(f"no organisation {org_slug!r}")
        query = (select(OutboxMessage.id, OutboxMessage.state, OutboxMessage.kind,
                        Person.display_name, OutboxMessage.person_id, OutboxMessage.due_at,
                        OutboxMessage.sent_at, OutboxMessage.attempts,
                        OutboxMessage.last_error)
                 .outerjoin(Person, Person.id == OutboxMessage.person_id)
                 .where(OutboxMessage.organisation_id == org.id)
                 .order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
                 .limit(LIST_LIMIT))
        if state is not None:
            query = query.where(OutboxMessage.state == state)
        rows = list(await session.execute(query))
    return [
        f"{id_:>6}  {state_:<13}  {kind:<34}  {(name or f'person {person_id}')[:40]:<40}  "
        f"due {_when(due)}  sent {_when(sent)}  attempts {attempts}  error {error or '-'}"
        for id_, state_, kind, name, person_id, due, sent, attempts, error in rows
    ]
