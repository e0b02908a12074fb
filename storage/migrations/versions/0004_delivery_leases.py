"""Inbound deliveries are claimed with a lease and completed after their turn.

Revision ID: 0004_delivery_leases
Revises: 0003_organisation_indexes
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_delivery_leases"
down_revision = "0003_organisation_indexes"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("processed_activities") as table:
        table.add_column(sa.Column("lease_until", TIMESTAMP, nullable=True))
        table.add_column(sa.Column("done_at", TIMESTAMP, nullable=True))
        table.add_column(sa.Column("response", JSON_DOC, nullable=True))
    # What was recorded before was recorded as handled.
    op.execute("UPDATE processed_activities SET done_at = received_at")


def downgrade() -> None:
    with op.batch_alter_table("processed_activities") as table:
        table.drop_column("response")
        table.drop_column("done_at")
        table.drop_column("lease_until")
