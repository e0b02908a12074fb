"""A retention schedule per organisation, and what purging by it needs: when people were
last seen and anonymised, when incidents were archived, and the permit that lets the
purge (and nothing else) delete audit entries past their retention.

Revision ID: 0006_retention
Revises: 0005_platform_lengths
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_retention"
down_revision = "0005_platform_lengths"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
MESSAGE = "audit_log is append-only"


def upgrade() -> None:
    op.create_table(
        "retention_schedules",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("draft_days", sa.Integer(), nullable=False),
        sa.Column("closed_years", sa.Integer(), nullable=False),
        sa.Column("require_archive", sa.Boolean(), nullable=False),
        sa.Column("people_days", sa.Integer(), nullable=False),
        sa.Column("audit_years", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name=op.f("fk_retention_schedules_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_retention_schedules")),
    )
    op.create_table(
        "audit_purge_permits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_purge_permits")),
    )
    with op.batch_alter_table("people") as table:
        table.add_column(sa.Column("last_seen_at", TIMESTAMP, nullable=True))
        table.add_column(sa.Column("anonymised_at", TIMESTAMP, nullable=True))
    with op.batch_alter_table("incidents") as table:
        table.add_column(sa.Column("archived_at", TIMESTAMP, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_purge_permits) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '{MESSAGE}';
            END
            $$
        """)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permits) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$
        """)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        op.execute(f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    with op.batch_alter_table("incidents") as table:
        table.drop_column("archived_at")
    with op.batch_alter_table("people") as table:
        table.drop_column("anonymised_at")
        table.drop_column("last_seen_at")
    op.drop_table("audit_purge_permits")
    op.drop_table("retention_schedules")
