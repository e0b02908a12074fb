"""Camera surveillance: the register of cameras, and requests for recorded material.

A *camera* (or a group of identical cameras) is linked to its processing
activity in the register, with where it is, why, who answers for it, how long
recordings are kept, and the documented assessment of interests. A *footage
request* is a request for recorded material (from the police, another
authority, or a private person asking for an official document), logged by the
member of staff who received it: which cameras, which time window, by when;
then the material secured from erasure, the secrecy assessment and decision,
and the hand-over. Its *events* are its history. The *legal grounds* offered
for a decision are data with validity dates, so that an organisation can add a
rule when the law changes, without a release. The vocabulary is the cameras
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


class Camera(OrganisationScoped, Revisioned, Base):
    __tablename__ = "cameras"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_cameras_status", "organisation_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # The organisation's own name for it (e.g. "K-014" or "Resecentrum entré"); the
    # import matches on it, so importing again updates rather than duplicates.
    reference: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(default=1)  # a group of identical cameras
    processing_activity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("processing_activities.id", ondelete="SET NULL"))
    location: Mapped[str | None] = mapped_column(String(300))
    coordinates: Mapped[str | None] = mapped_column(String(64))  # "59.3293, 18.0686"
    public_place: Mapped[bool | None] = mapped_column()
    coverage: Mapped[str | None] = mapped_column(Text)  # what it covers, in words
    purpose: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(200))
    responsible_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    responsible_name: Mapped[str | None] = mapped_column(String(200))
    video_system: Mapped[str | None] = mapped_column(String(200))
    processor: Mapped[str | None] = mapped_column(String(200))
    recording: Mapped[bool] = mapped_column(default=True)  # False: live view only
    sound: Mapped[bool] = mapped_column(default=False)
    retention_hours: Mapped[int | None] = mapped_column()  # how long recordings are kept
    access: Mapped[str | None] = mapped_column(Text)  # who may see recordings
    signage: Mapped[str | None] = mapped_column(String(300))
    assessment_on: Mapped[date | None] = mapped_column(Date)  # assessment of interests
    assessment_ref: Mapped[str | None] = mapped_column(String(64))  # its diarienummer
    risk_analysis_on: Mapped[date | None] = mapped_column(Date)
    permit: Mapped[str | None] = mapped_column(String(200))  # where a permit applied
    cooperation: Mapped[str | None] = mapped_column(Text)  # with whom, and who does what
    status: Mapped[str] = mapped_column(String(16), default="active")
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class FootageRequest(OrganisationScoped, Revisioned, Base):
    __tablename__ = "footage_requests"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_footage_requests_status", "organisation_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(32))  # e.g. "KAM-2026-0004"
    requester_kind: Mapped[str] = mapped_column(String(24))  # police, security_police, ...
    requester_name: Mapped[str | None] = mapped_column(String(200))
    requester_ref: Mapped[str | None] = mapped_column(String(100))  # their reference
    camera_ids: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime())
    purpose: Mapped[str | None] = mapped_column(Text)
    imprisonment: Mapped[bool | None] = mapped_column()  # prescribed for the crime?
    channel: Mapped[str | None] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    needed_by: Mapped[date | None] = mapped_column(Date)
    logged_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(16))
    # When the first of the requested recordings is erased (the earliest over cameras).
    erasure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    secured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    secured_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    secured_where: Mapped[str | None] = mapped_column(String(300))
    decision: Mapped[str | None] = mapped_column(String(16))  # disclose, partial, refuse
    decision_reason: Mapped[str | None] = mapped_column(Text)
    legal_ground: Mapped[str | None] = mapped_column(String(48))  # a ground's code
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_capacity: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)
    handover: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # exported whole


class FootageRequestEvent(OrganisationScoped, Base):
    __tablename__ = "footage_request_events"
    __table_args__ = (Index("ix_footage_request_events_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("footage_requests.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class CameraLegalGround(Base):
    """A legal ground a disclosure decision may rest on, valid for a period.

    Rows without an organisation are the ones every organisation is offered; an
    organisation may add its own (a new rule in force from a date).
    """

    __tablename__ = "camera_legal_grounds"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(48))
    label_sv: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
