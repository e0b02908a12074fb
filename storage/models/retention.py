"""How long an organisation keeps what the bot stores (its records plan, gallring)."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Revisioned

# Until an organisation sets its own schedule (`dsobot retention set`).
DEFAULT_DRAFT_DAYS = 30
DEFAULT_CLOSED_YEARS = 5
DEFAULT_PEOPLE_DAYS = 365
DEFAULT_AUDIT_YEARS = 5


class RetentionSchedule(Revisioned, Base):
    """One organisation's schedule; without a row, the defaults above apply."""

    __tablename__ = "retention_schedules"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    # Reports begun and cancelled, or left untouched, are deleted after this many days.
    draft_days: Mapped[int] = mapped_column(default=DEFAULT_DRAFT_DAYS)
    # Closed records (incidents, requests, register versions) after this many years ...
    closed_years: Mapped[int] = mapped_column(default=DEFAULT_CLOSED_YEARS)
    # ... and only once exported for the archive, when the records plan says so.
    require_archive: Mapped[bool] = mapped_column(default=True)
    # People not seen for this many days, holding no role, are anonymised.
    people_days: Mapped[int] = mapped_column(default=DEFAULT_PEOPLE_DAYS)
    audit_years: Mapped[int] = mapped_column(default=DEFAULT_AUDIT_YEARS)


class AuditPurgePermit(Base):
    """While a row exists here, inside the purge's own transaction, the database lets
    that transaction delete audit entries past their retention; nobody else ever sees
    the row, and the audit log stays append-only for everyone else."""

    __tablename__ = "audit_purge_permits"

    id: Mapped[int] = mapped_column(primary_key=True)
