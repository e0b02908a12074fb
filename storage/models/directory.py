"""Who is who: organisations (controllers), people and their roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime, utcnow
from storage.roles import ROLE_VALUES, Role

__all__ = ["ROLE_VALUES", "Organisation", "Person", "Role", "RoleAssignment"]


class Organisation(Base):
    """A controller (personuppgiftsansvarig), e.g. one committee of a municipality."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"Organisation(id={self.id}, slug={self.slug!r})"


class Person(Base):
    """Someone the bot knows: from Teams (Entra object id) or pre-created by e-mail."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("tenant_id", "aad_object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    aad_object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    teams_user_id: Mapped[str | None] = mapped_column(String(256))
    # Entra allows display names of 256 characters.
    display_name: Mapped[str | None] = mapped_column(String(256))
    # Stored lower-cased, so matching by e-mail is exact.
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    home_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    # When the person last wrote to the bot (kept to the day): who has left is judged by it.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the retention schedule anonymised a person who had left.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    home_organisation: Mapped[Organisation | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"Person(id={self.id}, email={self.email!r})"


class RoleAssignment(Base):
    __tablename__ = "role_assignments"
    __table_args__ = (
        UniqueConstraint("person_id", "organisation_id", "role"),
        CheckConstraint(
            "role IN ({})".format(", ".join(f"'{r}'" for r in ROLE_VALUES)), name="role"
        ),
        Index("ix_role_assignments_org_role", "organisation_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
