"""The append-only audit trail: who did what to which record, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, UTCDateTime, utcnow


class AuditEntry(Base):
    """One audited act. Never holds message content; database triggers refuse
    UPDATE and DELETE.

    The actor is a plain id rather than a foreign key: the trail must outlive
    the people it mentions, and an ON DELETE action would itself be an UPDATE.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "organisation_id", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    action: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str | None] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
