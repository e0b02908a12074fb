"""Building blocks the migrations that create capability tables share.

A migration must keep meaning what it meant when it was written: change nothing
here that an existing migration uses; add new helpers instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def scoped(table: str) -> list[sa.SchemaItem]:
    """The organisation column every organisation-scoped table has, with its key."""
    return [
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f(f"fk_{table}_organisation_id_organisations")),
    ]


def revisioned() -> list[sa.Column]:
    return [sa.Column("revision", sa.Integer(), nullable=False),
            sa.Column("created_at", TIMESTAMP, nullable=False),
            sa.Column("updated_at", TIMESTAMP, nullable=False)]


def fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.SchemaItem:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{referred}"))


def index_organisation(table: str) -> None:
    with op.batch_alter_table(table) as batch:
        batch.create_index(batch.f(f"ix_{table}_organisation_id"), ["organisation_id"])


def index(table: str, name: str, columns: list[str]) -> None:
    with op.batch_alter_table(table) as batch:
        batch.create_index(name, columns)
