"""The outbox of messages the bot starts, their delivery attempts, and each
organisation's reminder schedules and snoozes.

Revision ID: 0010_outbox
Revises: 0009_rights
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.migrations.tables import JSON_DOC, TIMESTAMP, fk, index

revision = "0010_outbox"
down_revision = "0009_rights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("message", JSON_DOC, nullable=False),
        sa.Column("record_type", sa.String(32), nullable=True),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("due_at", TIMESTAMP, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("leased_by", sa.String(64), nullable=True),
        sa.Column("lease_until", TIMESTAMP, nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("conversation_id", sa.String(512), nullable=True),
        sa.Column("activity_id", sa.String(256), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        fk("outbox", "organisation_id", "organisations.id", "CASCADE"),
        fk("outbox", "person_id", "people.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    index("outbox", "ix_outbox_due", ["state", "due_at"])
    index("outbox", "ix_outbox_organisation_state", ["organisation_id", "state"])
    index("outbox", op.f("ix_outbox_person_id"), ["person_id"])
    op.create_table(
        "outbox_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("worker", sa.String(64), nullable=True),
        fk("outbox_attempts", "message_id", "outbox.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attempts")),
    )
    index("outbox_attempts", op.f("ix_outbox_attempts_message_id"), ["message_id"])
    op.create_table(
        "reminder_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(48), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("settings", JSON_DOC, nullable=False),
        sa.Column("updated_by_person_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        fk("reminder_settings", "organisation_id", "organisations.id", "CASCADE"),
        fk("reminder_settings", "updated_by_person_id", "people.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_settings")),
        sa.UniqueConstraint("organisation_id", "policy",
                            name=op.f("uq_reminder_settings_organisation_id_policy")),
    )
    op.create_table(
        "reminder_snoozes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(48), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("until", TIMESTAMP, nullable=False),
        sa.Column("by_person_id", sa.Integer(), nullable=True),
        sa.Column("at", TIMESTAMP, nullable=False),
        fk("reminder_snoozes", "organisation_id", "organisations.id", "CASCADE"),
        fk("reminder_snoozes", "by_person_id", "people.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_snoozes")),
        sa.UniqueConstraint("organisation_id", "policy", "record_id",
                            name=op.f("uq_reminder_snoozes_organisation_id_policy_record_id")),
    )


def downgrade() -> None:
    for table in ("reminder_snoozes", "reminder_settings", "outbox_attempts", "outbox"):
        op.drop_table(table)
