"""The register of processing activities: objects and their owners, processing
activities (their Art. 30 fields as one document), every version, change requests
and their history; an incident may name the entry it concerns; an organisation may
require the DSO's approval of register changes.

Revision ID: 0008_register
Revises: 0007_incident_decisions
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.tables import (
    JSON_DOC,
    TIMESTAMP,
    fk,
    index_organisation,
    revisioned,
    scoped,
)

revision = "0008_register"
down_revision = "0007_incident_decisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_objects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("owner_text", sa.String(200), nullable=True),
        sa.Column("deputies", JSON_DOC, nullable=False),
        *scoped("register_objects"), *revisioned(),
        fk("register_objects", "owner_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_objects")),
        sa.UniqueConstraint("organisation_id", "name",
                            name=op.f("uq_register_objects_organisation_id_name")),
    )
    index_organisation("register_objects")
    op.create_table(
        "processing_activities",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("values", JSON_DOC, nullable=False),
        sa.Column("extra", JSON_DOC, nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        *scoped("processing_activities"), *revisioned(),
        fk("processing_activities", "object_id", "register_objects.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_activities")),
        sa.UniqueConstraint("organisation_id", "reference",
                            name=op.f("uq_processing_activities_organisation_id_reference")),
    )
    index_organisation("processing_activities")
    with op.batch_alter_table("processing_activities") as batch:
        batch.create_index("ix_processing_activities_object", ["organisation_id", "object_id"])
    op.create_table(
        "activity_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("changes", JSON_DOC, nullable=False),
        sa.Column("snapshot", JSON_DOC, nullable=False),
        *scoped("activity_versions"),
        fk("activity_versions", "activity_id", "processing_activities.id", "CASCADE"),
        fk("activity_versions", "actor_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_versions")),
        sa.UniqueConstraint("activity_id", "number",
                            name=op.f("uq_activity_versions_activity_id_number")),
    )
    index_organisation("activity_versions")
    op.create_table(
        "register_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("object_id", sa.Uuid(), nullable=True),
        sa.Column("requester_person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16), nullable=True),
        sa.Column("proposed", JSON_DOC, nullable=False),
        sa.Column("previous", JSON_DOC, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("dpia_screening", JSON_DOC, nullable=True),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        *scoped("register_requests"), *revisioned(),
        fk("register_requests", "activity_id", "processing_activities.id"),
        fk("register_requests", "object_id", "register_objects.id"),
        fk("register_requests", "requester_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_requests")),
        sa.UniqueConstraint("organisation_id", "reference",
                            name=op.f("uq_register_requests_organisation_id_reference")),
    )
    index_organisation("register_requests")
    with op.batch_alter_table("register_requests") as batch:
        batch.create_index("ix_register_requests_status", ["organisation_id", "status"])
    op.create_table(
        "register_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", JSON_DOC, nullable=False),
        *scoped("register_request_events"),
        fk("register_request_events", "request_id", "register_requests.id", "CASCADE"),
        fk("register_request_events", "actor_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_request_events")),
    )
    index_organisation("register_request_events")
    with op.batch_alter_table("register_request_events") as batch:
        batch.create_index("ix_register_request_events_request", ["request_id", "id"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("processing_activity_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_incidents_processing_activity_id_processing_activities"),
            "processing_activities", ["processing_activity_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("organisation_settings") as batch:
        batch.add_column(sa.Column("register_dso_approval", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("organisation_settings") as batch:
        batch.alter_column("register_dso_approval", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("organisation_settings") as batch:
        batch.drop_column("register_dso_approval")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_constraint(batch.f("fk_incidents_processing_activity_id_processing_activities"),
                              type_="foreignkey")
        batch.drop_column("processing_activity_id")
    for table in ("register_request_events", "register_requests", "activity_versions",
                  "processing_activities", "register_objects"):
        op.drop_table(table)
