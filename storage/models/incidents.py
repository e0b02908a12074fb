"""Personal-data incidents (PUI), their history, and reference numbering."""

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


class Incident(OrganisationScoped, Revisioned, Base):
    """One reported incident. The id is a UUID so card data cannot be enumerated.

    `status` and the event kinds are the incident capability's vocabulary
    (`features/incidents/rules/workflow.py`); storage only keeps them.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        Index("ix_incidents_org_status", "organisation_id", "status"),
        Index("ix_incidents_reporter", "organisation_id", "reporter_person_id"),
        # A reference the organisation gave it before the bot (imported history).
        Index("uq_incidents_original_reference", "organisation_id", "original_reference",
              unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(32))
    reporter_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    discovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    aware_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    severity: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    owner_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # A near miss (tillbud): reported with the same flow, counted apart, never notified.
    near_miss: Mapped[bool] = mapped_column(default=False)
    ceased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The registrar's number for the case in the records system (diarienummer).
    diarienummer: Mapped[str | None] = mapped_column(String(64))
    # The DSO's advice to the controller, and the controller's decision: who decided,
    # in what capacity (e.g. "förvaltningschef enligt delegationsordning"). Apart,
    # because the DSO advises and must stay independent.
    dso_advice: Mapped[str | None] = mapped_column(String(32))
    dso_advice_note: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_capacity: Mapped[str | None] = mapped_column(String(200))
    # The severity a person confirmed: only then is it "the controller's own assessment".
    own_assessment: Mapped[str | None] = mapped_column(String(16))
    # When IMY was notified (a time: lateness is a matter of hours), and whether that
    # was a preliminary notification to be supplemented (Art. 33(4)).
    imy_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notification_phase: Mapped[str | None] = mapped_column(String(16))
    imy_supplement_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    imy_reference: Mapped[str | None] = mapped_column(String(64))
    justification: Mapped[str | None] = mapped_column(Text)
    subjects_informed: Mapped[bool | None] = mapped_column()
    subjects_informed_reason: Mapped[str | None] = mapped_column(Text)
    subjects_informed_on: Mapped[date | None] = mapped_column(Date)
    subjects_informed_method: Mapped[str | None] = mapped_column(String(200))
    # The Art. 34(3) exception relied on when the people affected are not told.
    art34_exception: Mapped[str | None] = mapped_column(String(32))
    late_reason: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    # The register entry the incident concerns, when the reporter picked one.
    processing_activity_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("processing_activities.id", ondelete="SET NULL"))
    # Set when the reporter insisted on keeping detected personal data in the text.
    pii_flag: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Exported for the archive (`dsobot archive`): may be purged per the records plan.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Imported from the organisation's own incident log (`dsobot import incidents`): when,
    # and the log's reference (its diarienummer), unique per organisation where given.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    original_reference: Mapped[str | None] = mapped_column(String(64))


class IncidentEvent(OrganisationScoped, Base):
    """What happened to an incident, by whom: status changes, questions, decisions."""

    __tablename__ = "incident_events"
    __table_args__ = (Index("ix_incident_events_incident", "incident_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("incidents.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)


class ReferenceCounter(Base):
    """The last number handed out per organisation, kind (e.g. "PUI") and year."""

    __tablename__ = "reference_counters"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
