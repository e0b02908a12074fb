"""Guided-dialog state, incidents, their events and reference counters.

Revision ID: 0002_flows_and_incidents
Revises: 0001_foundation
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_flows_and_incidents"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ACTIVE_ONLY = sa.text("status = 'active'")


def _fk(table: str, column: str, target: str, ondelete: str | None = None):  # type: ignore[no-untyped-def]
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "flow_instances",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column("flow_id", sa.String(length=64), nullable=False),
        sa.Column("flow_version", sa.Integer(), nullable=False),
        sa.Column("state", JSON_DOC, nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'paused', 'completed', 'cancelled')",
            name=op.f("ck_flow_instances_status"),
        ),
        _fk("flow_instances", "organisation_id", "organisations", "CASCADE"),
        _fk("flow_instances", "person_id", "people", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_instances")),
    )
    op.create_index("ix_flow_instances_person_status", "flow_instances", ["person_id", "status"])
    op.create_index(
        "uq_flow_instances_one_active",
        "flow_instances",
        ["person_id", "conversation_id"],
        unique=True,
        sqlite_where=ACTIVE_ONLY,
        postgresql_where=ACTIVE_ONLY,
    )

    op.create_table(
        "incidents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("reporter_person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("answers", JSON_DOC, nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=True),
        sa.Column("discovered_at", TIMESTAMP, nullable=True),
        sa.Column("aware_at", TIMESTAMP, nullable=True),
        sa.Column("submitted_at", TIMESTAMP, nullable=True),
        sa.Column("severity", JSON_DOC, nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=32), nullable=True),
        sa.Column("imy_notified_on", sa.Date(), nullable=True),
        sa.Column("imy_reference", sa.String(length=64), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("subjects_informed", sa.Boolean(), nullable=True),
        sa.Column("subjects_informed_reason", sa.Text(), nullable=True),
        sa.Column("late_reason", sa.Text(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("pii_flag", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        _fk("incidents", "organisation_id", "organisations"),
        _fk("incidents", "owner_person_id", "people"),
        _fk("incidents", "reporter_person_id", "people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint(
            "organisation_id", "reference", name=op.f("uq_incidents_organisation_id_reference")
        ),
    )
    op.create_index("ix_incidents_org_status", "incidents", ["organisation_id", "status"])
    op.create_index("ix_incidents_reporter", "incidents", ["organisation_id", "reporter_person_id"])

    op.create_table(
        "incident_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("data", JSON_DOC, nullable=False),
        _fk("incident_events", "actor_person_id", "people"),
        _fk("incident_events", "incident_id", "incidents", "CASCADE"),
        _fk("incident_events", "organisation_id", "organisations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_events")),
    )
    op.create_index("ix_incident_events_incident", "incident_events", ["incident_id", "id"])

    op.create_table(
        "reference_counters",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        _fk("reference_counters", "organisation_id", "organisations", "CASCADE"),
        sa.PrimaryKeyConstraint(
            "organisation_id", "kind", "year", name=op.f("pk_reference_counters")
        ),
    )


def downgrade() -> None:
    op.drop_table("reference_counters")
    op.drop_table("incident_events")
    op.drop_table("incidents")
    op.drop_table("flow_instances")
