"""What every command and card action gets: the person, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from chat.turn import Who
from storage.db import Database
from storage.repos import AuditRepository, OutboxRepository, PeopleRepository

if TYPE_CHECKING:
    from chat.registry import Registry

def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ChatSettings:
    """What the conversation needs to know of the deployment's settings."""

    default_language: str = "sv"
    # Where files the bot writes for people (exports) go; the deployment's data directory.
    data_dir: Path = Path("data")


@dataclass
class Ctx:
    db: Database
    settings: ChatSettings
    who: Who
    registry: Registry
    clock: Callable[[], datetime] = field(default=_utcnow)
    # The inbound delivery this turn answers: effects store it, so that Teams
    # delivering the same activity again is recognised and not applied twice.
    activity_key: str | None = None

    @property
    def lang(self) -> str:
        return self.who.lang

    def now(self) -> datetime:
        return self.clock()

    async def language_of(self, person_id: int | None) -> str:
        """The language someone else reads in (for messages the bot sends them)."""
        async with self.db.session(readonly=True) as session:
            person = await PeopleRepository(session).get(person_id) if person_id else None
        return (person.preferred_language if person else None) or self.settings.default_language

    async def notify(self, session: AsyncSession, person_id: int,
                     message: str | dict[str, Any], *, kind: str, key: str | None = None,
                     organisation_id: int | None = None, record_type: str | None = None,
                     record_id: Any = None) -> bool:
        """Queue a message to a person's 1:1 chat in the caller's transaction.

        Nothing is sent here: the outbox's dispatcher delivers it once the change that
        caused it is committed, so a crash in between loses nothing. `key` makes it
        idempotent (False: that key was queued before).
        """
        if organisation_id is None and self.who.organisation is not None:
            organisation_id = self.who.organisation.id
        return await OutboxRepository(session).enqueue(
            person_id=person_id, message=message, kind=kind, key=key,
            organisation_id=organisation_id, record_type=record_type, record_id=record_id)

    async def audit(
        self,
        session: AsyncSession,
        what: str,
        record_type: str,
        record_id: Any,
        *,
        organisation_id: int | None = None,
        **detail: Any,
    ) -> None:
        """Append to the audit trail in the caller's transaction: who did what to which record.

        The entry belongs to the record's organisation (default: the person's own).
        """
        if organisation_id is None and self.who.organisation is not None:
            organisation_id = self.who.organisation.id
        await AuditRepository(session).record(
            organisation_id=organisation_id,
            actor_person_id=self.who.person_id,
            action=what,
            record_type=record_type,
            record_id=record_id,
            detail=detail or None,
        )
