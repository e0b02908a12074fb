"""The register of processing activities (registerförteckning, GDPR Art. 30).

An *object* (a system or process area) has an owner and people who may act for
them; a *processing activity* belongs to an object and holds its Art. 30 fields
as one document (`values`), declared once in `features/register/fields.py`.
Every change is a *version*; changes asked for in chat are *requests* that the
right people approve. The field vocabulary is the register capability's; storage
only keeps it.
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


class RegisterObject(OrganisationScoped, Revisioned, Base):
    """A system or process area with its owner (objektägare)."""

    __tablename__ = "register_objects"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # An owner named in an imported workbook who is not known yet: linked when they appear.
    owner_text: Mapped[str | None] = mapped_column(String(200))
    # Object managers, product managers, specialists who may act for the owner: person ids.
    deputies: Mapped[list[int]] = mapped_column(JsonDocument, default=list)


class ProcessingActivity(OrganisationScoped, Revisioned, Base):
    """One processing activity (behandling) of the register."""

    __tablename__ = "processing_activities"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_processing_activities_object", "organisation_id", "object_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(32))  # e.g. "BEH-0042", per organisation
    object_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("register_objects.id"))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    values: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    # Columns of an imported workbook that no field matched, kept as they were.
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)


class ActivityVersion(OrganisationScoped, Base):
    """A processing activity as it was after one change: who, when, why, from which request."""

    __tablename__ = "activity_versions"
    __table_args__ = (UniqueConstraint("activity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("processing_activities.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32))  # "import", "request", "owner", ...
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # field id -> {"old": ..., "new": ...}; and the whole entry as it then stood.
    changes: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class ChangeRequest(OrganisationScoped, Revisioned, Base):
    """A request to add, change or retire a processing activity, and its approval."""

    __tablename__ = "register_requests"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_register_requests_status", "organisation_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(32))  # e.g. "RA-2026-0003"
    kind: Mapped[str] = mapped_column(String(16))  # "new" | "change" | "retire"
    activity_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("processing_activities.id"))
    object_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("register_objects.id"))
    requester_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str | None] = mapped_column(String(16))  # "owner" | "dso" while in review
    # The proposed values (field id -> value) and, for a change, what they were then.
    proposed: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    previous: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    # The DPIA screening of a new activity (WP248 criteria met), recorded with it.
    dpia_screening: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RequestEvent(OrganisationScoped, Base):
    """What happened to a request: submitted, questions and answers, approvals, rejections."""

    __tablename__ = "register_request_events"
    __table_args__ = (Index("ix_register_request_events_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("register_requests.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
