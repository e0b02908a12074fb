"""Data subjects' requests (Art. 12–22) and questions about rights relayed to the DSO.

A *rights request* is what a resident asked for (access, erasure, ...), logged by
the member of staff who received it: when it came in, how, whether identity was
verified, the handler, and the clock (one month, perhaps extended). Its *events*
are its history: every change with the values before and after. A *rights
question* is a member of staff's question the bot could not answer, and the
DSO's answer. The vocabulary (rights, channels, outcomes) is the rights
capability's; storage only keeps it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import (
    Base,
    JsonDocument,
    OrganisationScoped,
    Revisioned,
    UTCDateTime,
    utcnow,
)


class RightsRequest(OrganisationScoped, Revisioned, Base):
    """One data subject's request, its clock and how it was handled."""

    __tablename__ = "rights_requests"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_rights_requests_status", "organisation_id", "status", "due_on"),
        # A reference the organisation gave it before the bot (imported history).
        Index("uq_rights_requests_original_reference", "organisation_id",
              "original_reference", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(32))  # e.g. "REG-2026-0003"
    rights: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    # How identity was verified (a method id); None while it has not been.
    identity_method: Mapped[str | None] = mapped_column(String(32))
    identity_verified_on: Mapped[date | None] = mapped_column(Date)
    # Just enough to find the requester's own case (an e-service or diary number).
    requester_ref: Mapped[str | None] = mapped_column(String(200))
    # The register entries concerned (ids), and systems named in words.
    activity_ids: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    systems: Mapped[str | None] = mapped_column(String(300))
    logged_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    handler_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(24))
    # The clock: one month from receipt, or more when extended (Art. 12(3)).
    due_on: Mapped[date] = mapped_column(Date)
    further_months: Mapped[int] = mapped_column(default=0)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extension_told_on: Mapped[date | None] = mapped_column(Date)
    # Access: the secrecy assessment (OSL) before anything is released.
    secrecy_on: Mapped[date | None] = mapped_column(Date)
    secrecy_by: Mapped[str | None] = mapped_column(String(200))
    secrecy_result: Mapped[str | None] = mapped_column(String(24))
    # Rectification, erasure, restriction: the recipients told (Art. 19).
    recipients: Mapped[str | None] = mapped_column(Text)
    recipients_told: Mapped[str | None] = mapped_column(String(16))
    answered_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(24))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    appeal_info_given: Mapped[bool | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Exported for the archive (`dsobot archive`): may be purged per the records plan.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Imported from the organisation's own request log (`dsobot import requests`): when,
    # and the log's reference (its ärendenummer), unique per organisation where given.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    original_reference: Mapped[str | None] = mapped_column(String(64))


class RightsRequestEvent(OrganisationScoped, Base):
    """One change to a request: what it was, who did it, the values before and after."""

    __tablename__ = "rights_request_events"
    __table_args__ = (Index("ix_rights_request_events_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("rights_requests.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(32))
    # {"changes": {column: {"old": ..., "new": ...}}, ...}
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class RightsQuestion(OrganisationScoped, Revisioned, Base):
    """A question about rights relayed to the DSO, and the DSO's answer."""

    __tablename__ = "rights_questions"
    __table_args__ = (Index("ix_rights_questions_status", "organisation_id", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    asker_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    question: Mapped[str] = mapped_column(Text)
    # The topic the bot thought closest (shown to the DSO as a hint), if any.
    topic_hint: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16))  # "open" | "answered"
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
