"""The DSO's judgements for the annual report, one row per organisation and year.

Revision ID: 0012_annual_reports
Revises: 0011_imported_history
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.tables import JSON_DOC, TIMESTAMP, fk, index_organisation, scoped

revision = "0012_annual_reports"
down_revision = "0011_imported_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annual_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        *scoped("annual_reports"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("judgements", JSON_DOC, nullable=False),
        sa.Column("created_by_person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        fk("annual_reports", "created_by_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_reports")),
        sa.UniqueConstraint("organisation_id", "year",
                            name=op.f("uq_annual_reports_organisation_id_year")),
    )
    index_organisation("annual_reports")


def downgrade() -> None:
    op.drop_table("annual_reports")
