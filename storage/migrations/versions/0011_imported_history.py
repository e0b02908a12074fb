"""Incidents and rights requests imported from last year's spreadsheets: when they were
imported, and the reference the organisation gave them (a diarienummer or
ärendenummer), unique per organisation where given.

Revision ID: 0011_imported_history
Revises: 0010_outbox
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_imported_history"
down_revision = "0010_outbox"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
TABLES = ("incidents", "rights_requests")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("imported_at", TIMESTAMP, nullable=True))
            batch.add_column(sa.Column("original_reference", sa.String(64), nullable=True))
            # NULLs are distinct in a unique index on SQLite and PostgreSQL alike: only
            # the references given must differ.
            batch.create_index(f"uq_{table}_original_reference",
                               ["organisation_id", "original_reference"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"uq_{table}_original_reference")
            batch.drop_column("original_reference")
            batch.drop_column("imported_at")
