"""The outbox: every message the bot starts, stored before it is sent.

A message (an alert, a relayed question, a status change, a reminder) is
written here in the same transaction as the change that causes it, and a
dispatcher delivers it. A crash between the commit and the send therefore
loses nothing; at worst a message in flight at the moment of the crash is
sent again. `key` makes enqueueing idempotent: a reminder policy evaluated
twice, or a turn delivered twice by Teams, enqueues one message.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, UTCDateTime, utcnow


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting for its time (due_at), or for a retry
    SENDING = "sending"  # claimed by a dispatcher until lease_until
    SENT = "sent"
    # Will never arrive as things are: blocked, uninstalled, person gone. Shown to the DSO.
    UNDELIVERABLE = "undeliverable"
    FAILED = "failed"  # transient failures until the attempts ran out
    # No longer applies when its turn came (e.g. the incident was decided meanwhile).
    CANCELLED = "cancelled"


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "state", "due_at"),
        Index("ix_outbox_organisation_state", "organisation_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: the same reminder step, alert or notice is enqueued once.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    # What it is, e.g. "incident.alert" or "reminder.incident_deadline": for the queue's
    # listing and for asking the owning policy whether it still applies.
    kind: Mapped[str] = mapped_column(String(64))
    # The message as built for its recipient (their language): text or an Adaptive Card.
    message: Mapped[Any] = mapped_column(JsonDocument)
    # The record it is about, if any.
    record_type: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED.value)
    # Not before: the time it is due, or the time of the next attempt after a failure.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    leased_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last attempt failed, as a status and a reason code: never the content.
    last_error: Mapped[str | None] = mapped_column(String(200))
    # Where it landed, so that the card can be updated in place later.
    conversation_id: Mapped[str | None] = mapped_column(String(512))
    activity_id: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxAttempt(Base):
    """One try at delivering a message, and how it went."""

    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"),
                                            index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # sent, throttled, failed, blocked, gone, not_installed, installed, cancelled, too_large
    outcome: Mapped[str] = mapped_column(String(32))
    status: Mapped[int | None] = mapped_column()  # the HTTP status, if there was one
    worker: Mapped[str | None] = mapped_column(String(64))


class ReminderSetting(Base):
    """An organisation's own schedule for one reminder policy (defaults otherwise)."""

    __tablename__ = "reminder_settings"
    __table_args__ = (UniqueConstraint("organisation_id", "policy"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    policy: Mapped[str] = mapped_column(String(48))
    enabled: Mapped[bool] = mapped_column(default=True)
    # The policy's own parameters (e.g. {"hours": [24, 48, 60, 70]}), checked by the policy.
    settings: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    updated_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderSnooze(Base):
    """A person asked not to be reminded of one record by one policy until a date."""

    __tablename__ = "reminder_snoozes"
    __table_args__ = (UniqueConstraint("organisation_id", "policy", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    policy: Mapped[str] = mapped_column(String(48))
    record_id: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
