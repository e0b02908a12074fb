"""Data subjects' requests with their clock, handling and history; questions about
rights relayed to the DSO with the DSO's answers.

Revision ID: 0009_rights
Revises: 0008_register
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.tables import (
    JSON_DOC,
    TIMESTAMP,
    fk,
    index,
    index_organisation,
    revisioned,
    scoped,
)

revision = "0009_rights"
down_revision = "0008_register"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rights_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("rights", JSON_DOC, nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("identity_method", sa.String(32), nullable=True),
        sa.Column("identity_verified_on", sa.Date(), nullable=True),
        sa.Column("requester_ref", sa.String(200), nullable=True),
        sa.Column("activity_ids", JSON_DOC, nullable=False),
        sa.Column("systems", sa.String(300), nullable=True),
        sa.Column("logged_by_person_id", sa.Integer(), nullable=True),
        sa.Column("handler_person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("further_months", sa.Integer(), nullable=False),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extension_told_on", sa.Date(), nullable=True),
        sa.Column("secrecy_on", sa.Date(), nullable=True),
        sa.Column("secrecy_by", sa.String(200), nullable=True),
        sa.Column("secrecy_result", sa.String(24), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("recipients_told", sa.String(16), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(24), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("appeal_info_given", sa.Boolean(), nullable=True),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("archived_at", TIMESTAMP, nullable=True),
        *scoped("rights_requests"), *revisioned(),
        fk("rights_requests", "logged_by_person_id", "people.id"),
        fk("rights_requests", "handler_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_requests")),
        sa.UniqueConstraint("organisation_id", "reference",
                            name=op.f("uq_rights_requests_organisation_id_reference")),
    )
    index_organisation("rights_requests")
    index("rights_requests", "ix_rights_requests_status",
          ["organisation_id", "status", "due_on"])
    op.create_table(
        "rights_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", JSON_DOC, nullable=False),
        *scoped("rights_request_events"),
        fk("rights_request_events", "request_id", "rights_requests.id", "CASCADE"),
        fk("rights_request_events", "actor_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_request_events")),
    )
    index_organisation("rights_request_events")
    index("rights_request_events", "ix_rights_request_events_request", ["request_id", "id"])
    op.create_table(
        "rights_questions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("asker_person_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("topic_hint", sa.String(24), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_person_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", TIMESTAMP, nullable=True),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("archived_at", TIMESTAMP, nullable=True),
        *scoped("rights_questions"), *revisioned(),
        fk("rights_questions", "asker_person_id", "people.id"),
        fk("rights_questions", "answered_by_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_questions")),
    )
    index_organisation("rights_questions")
    index("rights_questions", "ix_rights_questions_status", ["organisation_id", "status"])


def downgrade() -> None:
    for table in ("rights_questions", "rights_request_events", "rights_requests"):
        op.drop_table(table)
