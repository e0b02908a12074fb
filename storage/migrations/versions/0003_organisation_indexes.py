"""Every organisation-scoped table has an index on its organisation.

Revision ID: 0003_organisation_indexes
Revises: 0002_flows_and_incidents
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0003_organisation_indexes"
down_revision = "0002_flows_and_incidents"
branch_labels = None
depends_on = None

TABLES = ("flow_instances", "incidents", "incident_events")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(op.f(f"ix_{table}_organisation_id"), table, ["organisation_id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_organisation_id"), table_name=table)
