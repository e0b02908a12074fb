"""Who sent an activity, in one query: the hot path of every turn.

A turn from a known person in a known chat needs their person row, the
conversation reference, their organisation and their roles there. Reading
that with one joined statement (built once, parameters bound per call) keeps
the per-turn cost of "who is this?" to a single round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.models import ConversationReference, Organisation, Person, RoleAssignment


@dataclass(frozen=True)
class KnownSender:
    person_id: int
    display_name: str | None
    preferred_language: str | None
    teams_user_id: str | None
    conversation_ref_id: int
    conversation_person_id: int | None
    service_url: str
    welcomed_at: datetime | None
    organisation_id: int
    organisation_slug: str
    organisation_name: str
    roles: frozenset[str]  # in the home organisation
    roles_elsewhere: frozenset[tuple[int, str]]  # (organisation id, role) in the others
    last_seen_at: datetime | None = None


_KNOWN_SENDER = (
    select(
        Person.id,
        Person.display_name,
        Person.preferred_language,
        Person.teams_user_id,
        ConversationReference.id,
        ConversationReference.person_id,
        ConversationReference.service_url,
        ConversationReference.welcomed_at,
        Organisation.id,
        Organisation.slug,
        Organisation.name,
        RoleAssignment.organisation_id,
        RoleAssignment.role,
        Person.last_seen_at,
    )
    .select_from(Person)
    .join(
        ConversationReference,
        and_(
            ConversationReference.channel_id == bindparam("channel_id"),
            ConversationReference.conversation_id == bindparam("conversation_id"),
        ),
    )
    .join(Organisation, Organisation.id == Person.home_organisation_id)
    .outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id)
    .where(
        Person.tenant_id == bindparam("tenant_id"),
        Person.aad_object_id == bindparam("aad_object_id"),
    )
)


async def known_sender(
    session: AsyncSession | AsyncConnection,
    *,
    tenant_id: str,
    aad_object_id: str,
    channel_id: str,
    conversation_id: str,
) -> KnownSender | None:
    """The sender with their home organisation and roles there, if all are on record."""
    rows = (
        await session.execute(
            _KNOWN_SENDER,
            {
                "tenant_id": tenant_id,
                "aad_object_id": aad_object_id,
                "channel_id": channel_id,
                "conversation_id": conversation_id,
            },
        )
    ).all()
    if not rows:
        return None
    first = rows[0]
    return KnownSender(
        person_id=first[0],
        display_name=first[1],
        preferred_language=first[2],
        teams_user_id=first[3],
        conversation_ref_id=first[4],
        conversation_person_id=first[5],
        service_url=first[6],
        welcomed_at=first[7],
        organisation_id=first[8],
        organisation_slug=first[9],
        organisation_name=first[10],
        roles=frozenset(row[12] for row in rows if row[11] == first[8]),
        roles_elsewhere=frozenset(
            (row[11], row[12]) for row in rows if row[11] is not None and row[11] != first[8]
        ),
        last_seen_at=first[13],
    )
