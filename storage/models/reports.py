"""The DSO's annual report to the controller: what only the DSO can judge.

One row per organisation and year: the DSO's judgements (the mark on the
four-step scale for each mandatory area, the advice, the governing-documents
answers and other matters), as answered in the guided flow and keyed by its
step ids. The figures are never stored here: they are counted from the records
whenever the report is written. The vocabulary is the reports capability's;
storage only keeps it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, OrganisationScoped, Timestamped


class AnnualReport(OrganisationScoped, Timestamped, Base):
    """The DSO's judgements for one organisation's year."""

    __tablename__ = "annual_reports"
    __table_args__ = (UniqueConstraint("organisation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    judgements: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    created_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
