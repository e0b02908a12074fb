"""Saved state of guided dialogs, so a flow survives restarts and can be resumed."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, OrganisationScoped, Revisioned


class FlowStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


FLOW_STATUS_VALUES = tuple(s.value for s in FlowStatus)
# One active flow per person and conversation; the rest are paused or finished.
ACTIVE_FLOW_WHERE = text("status = 'active'")


class FlowInstance(OrganisationScoped, Revisioned, Base):
    __tablename__ = "flow_instances"
    organisation_ondelete = "CASCADE"
    __table_args__ = (
        CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s}'" for s in FLOW_STATUS_VALUES)),
            name="status",
        ),
        Index(
            "uq_flow_instances_one_active",
            "person_id",
            "conversation_id",
            unique=True,
            sqlite_where=ACTIVE_FLOW_WHERE,
            postgresql_where=ACTIVE_FLOW_WHERE,
        ),
        Index("ix_flow_instances_person_status", "person_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(512))
    flow_id: Mapped[str] = mapped_column(String(64))
    flow_version: Mapped[int] = mapped_column(default=1)
    state: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    step_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=FlowStatus.ACTIVE.value)
