"""Names and ids as long as the platform allows: display names of 256 characters
(Entra's limit), Teams user and bot ids of 256.

Revision ID: 0005_platform_lengths
Revises: 0004_delivery_leases
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_platform_lengths"
down_revision = "0004_delivery_leases"
branch_labels = None
depends_on = None

WIDENED = (("people", "display_name"), ("people", "teams_user_id"),
           ("conversation_references", "bot_id"))


def upgrade() -> None:
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(256), existing_type=sa.String(200),
                               existing_nullable=True)


def downgrade() -> None:
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(200), existing_type=sa.String(256),
                               existing_nullable=True)
