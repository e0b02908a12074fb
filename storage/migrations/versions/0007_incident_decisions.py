"""Incidents a DSO can defend before IMY: near misses, when the breach ceased, the
diarienummer, the DSO's advice apart from who decided and in what capacity, the
notification as a time (with a preliminary phase and its supplement), how the
people affected were told; organisation settings; two more roles.

Revision ID: 0007_incident_decisions
Revises: 0006_retention
Create Date: 2026-11-30
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_incident_decisions"
down_revision = "0006_retention"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
ROLES = ("dso", "deputy_dso", "admin", "object_owner", "security_coordinator", "registrar")
OLD_ROLES = ("dso", "deputy_dso", "admin", "object_owner")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _new_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("near_miss", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("ceased_at", TIMESTAMP, nullable=True),
        sa.Column("diarienummer", sa.String(64), nullable=True),
        sa.Column("dso_advice", sa.String(32), nullable=True),
        sa.Column("dso_advice_note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_capacity", sa.String(200), nullable=True),
        sa.Column("own_assessment", sa.String(16), nullable=True),
        sa.Column("imy_notified_at", TIMESTAMP, nullable=True),
        sa.Column("notification_phase", sa.String(16), nullable=True),
        sa.Column("imy_supplement_at", TIMESTAMP, nullable=True),
        sa.Column("subjects_informed_on", sa.Date(), nullable=True),
        sa.Column("subjects_informed_method", sa.String(200), nullable=True),
        sa.Column("art34_exception", sa.String(32), nullable=True),
    )


def _role_check(roles: tuple[str, ...]) -> str:
    return "role IN ({})".format(", ".join(f"'{r}'" for r in roles))


def upgrade() -> None:
    with op.batch_alter_table("incidents") as table:
        for column in _new_columns():
            table.add_column(column)
    # A notification recorded as a date becomes that day at noon, Stockholm time.
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT id, imy_notified_on FROM incidents WHERE imy_notified_on IS NOT NULL")).all()
    for incident_id, day in rows:
        day = day if not isinstance(day, str) else datetime.fromisoformat(day).date()
        at = datetime.combine(day, time(12, 0), STOCKHOLM).astimezone(ZoneInfo("UTC"))
        value = at.replace(tzinfo=None) if bind.dialect.name == "sqlite" else at
        bind.execute(sa.text("UPDATE incidents SET imy_notified_at = :at WHERE id = :id"),
                     {"at": value, "id": incident_id})
    with op.batch_alter_table("incidents") as table:
        table.drop_column("imy_notified_on")
        table.alter_column("near_miss", server_default=None)
    op.create_table(
        "organisation_settings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("org_number", sa.String(16), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("dso_records_decisions", sa.Boolean(), nullable=False),
        sa.Column("alert_scopes", JSON_DOC, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name=op.f("fk_organisation_settings_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_organisation_settings")),
    )
    with op.batch_alter_table("role_assignments") as table:
        table.drop_constraint(op.f("ck_role_assignments_role"), type_="check")
        table.create_check_constraint("role", _role_check(ROLES))


def downgrade() -> None:
    with op.batch_alter_table("role_assignments") as table:
        table.drop_constraint(op.f("ck_role_assignments_role"), type_="check")
        table.create_check_constraint("role", _role_check(OLD_ROLES))
    op.drop_table("organisation_settings")
    with op.batch_alter_table("incidents") as table:
        table.add_column(sa.Column("imy_notified_on", sa.Date(), nullable=True))
        for column in _new_columns():
            table.drop_column(column.name)
