"""What an organisation (controller) says about itself and how it works."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDocument, Revisioned


class OrganisationSettings(Revisioned, Base):
    """One organisation's settings; without a row, the defaults apply."""

    __tablename__ = "organisation_settings"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    # For IMY's e-service: the controller's organisation number and address.
    org_number: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(Text)
    # Whether the DSO records the controller's decision to notify on its behalf
    # (as delegated); otherwise an admin of the organisation does, the DSO advises.
    dso_records_decisions: Mapped[bool] = mapped_column(default=True)
    # Whether a register change approved by the object owner also needs the DSO's approval.
    register_dso_approval: Mapped[bool] = mapped_column(default=False)
    # Who else is told of a new incident, and what they see: role -> "full" | "summary".
    alert_scopes: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
