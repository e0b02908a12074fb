"""Declarative base and the column types every model shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, MetaData
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can refer to them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JsonDocument = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    PostgreSQL stores `timestamptz`. SQLite has no time zones, so values are
    stored as naive UTC and given their UTC zone back when read. Naive values
    are refused on the way in: guessing their zone is how deadlines go wrong.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def column_length(attribute: Any) -> int:
    """The length a String column holds, for a form field to declare the same limit."""
    length = getattr(attribute.property.columns[0].type, "length", None)
    if length is None:
        raise TypeError(f"{attribute} has no length")
    return int(length)


# -- mixins every domain table uses ------------------------------------------------------


class Timestamped:
    """When the row was created and last changed (UTC)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Revisioned(Timestamped):
    """Changed only by compare-and-set (`storage.repos.revision`): every save bumps
    `revision`, and a save naming an older one is refused, so two people acting
    at once cannot overwrite each other."""

    revision: Mapped[int] = mapped_column(default=1)


class OrganisationScoped:
    """Belongs to one organisation (controller); every query of it names that organisation.

    `organisation_ondelete` says what deleting the organisation does to the row
    (None: refused while rows exist, which is right for records the law keeps).
    """

    organisation_ondelete: str | None = None

    @declared_attr
    def organisation_id(cls) -> Mapped[int]:
        return mapped_column(
            ForeignKey("organisations.id", ondelete=cls.organisation_ondelete), index=True
        )
