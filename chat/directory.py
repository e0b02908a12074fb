"""Who is acting: the sender of an activity, their organisation and roles.

Run at the start of every turn, in one short transaction: the person is
created or refreshed from what Teams says, the conversation reference is
kept for proactive messages, and the organisation the person acts for is
resolved (from configuration, from their roles, or the only one there is).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from chat.turn import Organisation, Who
from storage.db import Database
from storage.models import utcnow
from storage.repos import (
    ConversationInfo,
    ConversationRepository,
    OrganisationRepository,
    OutboxRepository,
    PeopleRepository,
    RoleRepository,
    TeamsUser,
)
from storage.repos.senders import known_sender
from storage.roles import Role


@dataclass(frozen=True)
class Sender:
    """What an activity says about its sender and conversation."""

    tenant_id: str | None
    aad_object_id: str | None
    teams_user_id: str
    name: str | None
    lang: str
    channel_id: str
    conversation_id: str
    conversation_type: str
    service_url: str
    bot_id: str | None
    # Serialising the reference is only needed when it is (re)stored: lazily.
    reference_of: Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class Identified:
    who: Who
    conversation_ref_id: int
    welcomed: bool  # the conversation has been greeted already


async def identify(db: Database, sender: Sender) -> Identified:
    # Almost every turn comes from someone already known, in a known chat, with
    # nothing changed: that is answered by reading alone, without a write.
    async with db.statement(readonly=True) as connection:
        known = await _already_known(connection, sender)
    if known is not None:
        return known
    async with db.session() as session:
        person_id, name = await _person(session, sender)
        conversations = ConversationRepository(session)
        ref, _ = await conversations.save(
            ConversationInfo(
                channel_id=sender.channel_id,
                conversation_id=sender.conversation_id,
                service_url=sender.service_url,
                reference=sender.reference_of(),
                conversation_type=sender.conversation_type,
                tenant_id=sender.tenant_id,
                bot_id=sender.bot_id,
                # Only the 1:1 chat is "the person's" conversation for proactive messages.
                person_id=person_id if sender.conversation_type == "personal" else None,
            )
        )
        if sender.conversation_type == "personal":
            # A new 1:1 chat, or a new address for it (`serviceUrl`): messages that could
            # not reach them, or wait to be tried again, go now.
            await OutboxRepository(session).hurry_for(person_id, utcnow())
        who = await _who(session, sender, person_id, name)
        return Identified(who, ref.id, welcomed=ref.welcomed_at is not None)


async def _already_known(
    session: AsyncSession | AsyncConnection, sender: Sender
) -> Identified | None:
    """The sender as on record, or None when anything must be written first."""
    known = await known_sender(
        session,
        tenant_id=sender.tenant_id or "",
        aad_object_id=_aad_id(sender),
        channel_id=sender.channel_id,
        conversation_id=sender.conversation_id,
    )
    if known is None:
        return None
    expected_owner = known.person_id if sender.conversation_type == "personal" else None
    if (
        not _seen_recently(known.last_seen_at)
        or known.preferred_language != sender.lang
        or (sender.name and known.display_name != sender.name)
        or known.teams_user_id != sender.teams_user_id
        or known.service_url != sender.service_url
        or known.conversation_person_id != expected_owner
    ):
        return None
    organisation = Organisation(
        known.organisation_id, known.organisation_slug, known.organisation_name
    )
    held: dict[int, set[str]] = {}
    for org, role in known.roles_elsewhere:
        held.setdefault(org, set()).add(role)
    if known.roles:
        held[known.organisation_id] = set(known.roles)
    who = _make_who(sender, known.person_id, known.display_name, organisation, known.roles, held)
    return Identified(who, known.conversation_ref_id, welcomed=known.welcomed_at is not None)


async def _who(session: AsyncSession, sender: Sender, person_id: int, name: str | None) -> Who:
    organisation, roles = await resolve_organisation(session, person_id)
    roles_by_org = await RoleRepository(session).roles_by_organisation(person_id)
    held = {org: {r.value for r in roles} for org, roles in roles_by_org.items()}
    return _make_who(sender, person_id, name, organisation, roles, held)


def _make_who(
    sender: Sender,
    person_id: int,
    name: str | None,
    organisation: Organisation | None,
    roles: set[str] | frozenset[str],
    held: dict[int, set[str]],
) -> Who:
    return Who(
        person_id=person_id,
        name=name,
        lang=sender.lang,
        tenant_id=sender.tenant_id,
        conversation_id=sender.conversation_id,
        conversation_type=sender.conversation_type,
        organisation=organisation,
        roles=frozenset(roles),
        held={org: frozenset(roles) for org, roles in held.items()},
    )


# When a person was last seen is kept to the day: the retention schedule judges who has
# left by it, and most turns need not write it.
SEEN_RESOLUTION = timedelta(days=1)


def _seen_recently(last_seen_at: datetime | None) -> bool:
    return last_seen_at is not None and utcnow() - last_seen_at < SEEN_RESOLUTION


def _aad_id(sender: Sender) -> str:
    # Teams always sends the Entra object id in 1:1 chats; the Teams user id is
    # the fallback key for channels that do not (it is stable per app and user),
    # hashed when it would not fit the column of an Entra object id.
    if sender.aad_object_id:
        return sender.aad_object_id
    key = f"teams:{sender.teams_user_id}"
    return key if len(key) <= 64 else "teams#" + hashlib.sha256(key.encode()).hexdigest()[:58]


async def _person(session: AsyncSession, sender: Sender) -> tuple[int, str | None]:
    people = PeopleRepository(session)
    person, _ = await people.upsert_from_teams(
        TeamsUser(
            tenant_id=sender.tenant_id or "",
            aad_object_id=_aad_id(sender),
            teams_user_id=sender.teams_user_id,
            name=sender.name,
            language=sender.lang,
        )
    )
    if person.preferred_language != sender.lang:
        # The Teams locale decides; we remember it for proactive messages.
        await people.set_language(person.id, sender.lang)
    if not _seen_recently(person.last_seen_at):
        person.last_seen_at = utcnow()
    return person.id, person.display_name


async def resolve_organisation(
    session: AsyncSession, person_id: int
) -> tuple[Organisation | None, set[str]]:
    """The organisation a person acts for, and their roles there.

    Configuration wins (home organisation); otherwise the organisation they
    hold roles in when there is exactly one; otherwise the only organisation
    of the deployment. Else None: the person is asked once.
    """
    people = PeopleRepository(session)
    orgs = OrganisationRepository(session)
    person = await people.get(person_id)
    assert person is not None
    roles_by_org = await RoleRepository(session).roles_by_organisation(person_id)
    org_id = person.home_organisation_id
    if org_id is None and len(roles_by_org) == 1:
        org_id = next(iter(roles_by_org))
    if org_id is None:
        every = await orgs.list()
        if len(every) == 1:
            org_id = every[0].id
    if org_id is None:
        return None, set()
    if person.home_organisation_id is None:
        await people.set_home_organisation(person_id, org_id)
    org = await orgs.get(org_id)
    assert org is not None
    return Organisation(org.id, org.slug, org.name), {r.value for r in roles_by_org.get(org_id, ())}


async def choose_organisation(db: Database, person_id: int, organisation_id: int) -> bool:
    """Set the home organisation once, from the person's own choice. False if unknown."""
    async with db.session() as session:
        org = await OrganisationRepository(session).get(organisation_id)
        if org is None:
            return False
        person = await PeopleRepository(session).get(person_id)
        if person is None or person.home_organisation_id is not None:
            return False
        await PeopleRepository(session).set_home_organisation(person_id, organisation_id)
        return True


async def list_organisations(db: Database) -> list[Organisation]:
    async with db.session(readonly=True) as session:
        rows = await OrganisationRepository(session).list()
    return [Organisation(o.id, o.slug, o.name) for o in rows]


async def mark_welcomed(db: Database, conversation_ref_id: int) -> bool:
    async with db.session() as session:
        return await ConversationRepository(session).mark_welcomed(conversation_ref_id)


async def dso_contact(db: Database, organisation_id: int) -> tuple[str | None, str | None]:
    """Name and e-mail of the organisation's DSO (the first named), for cards."""
    async with db.session(readonly=True) as session:
        holders = await RoleRepository(session).dsos_of(organisation_id)
    dsos = [h for h in holders if h.role is Role.DSO] or holders
    if not dsos:
        return None, None
    return dsos[0].person.display_name, dsos[0].person.email
