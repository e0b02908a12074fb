"""Where the bot can reach people, and which deliveries it has already handled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, UTCDateTime, utcnow


class ConversationReference(Base):
    """Everything needed to message a conversation proactively (reminders, alerts)."""

    __tablename__ = "conversation_references"
    __table_args__ = (UniqueConstraint("channel_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(String(512))
    # Set for 1:1 ("personal") conversations: whose chat this is.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    conversation_type: Mapped[str | None] = mapped_column(String(32))
    service_url: Mapped[str] = mapped_column(Text)
    bot_id: Mapped[str | None] = mapped_column(String(256))
    reference: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ProcessedActivity(Base):
    """Inbound deliveries: claimed with a lease while their turn runs, then done.

    Teams retries deliveries; a duplicate of a done one gets `response` again
    (an invoke's answer), one whose lease ran out (its process died) runs again.
    """

    __tablename__ = "processed_activities"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
