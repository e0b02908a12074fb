"""Cameras and requests for recorded material: the camera register, the footage
requests with their erasure clock, decision and hand-over, their history, and the
legal grounds a disclosure decision may rest on (data with validity dates).

Revision ID: 0013_cameras
Revises: 0012_annual_reports
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

revision = "0013_cameras"
down_revision = "0012_annual_reports"
branch_labels = None
depends_on = None

# The grounds every organisation is offered from the start. An organisation adds its
# own (e.g. when Ds 2024:11's rule on disclosure to the police enters into force).
GROUNDS = [
    ("osl_10_17", "OSL 10 kap. 17 § – uppgiften lämnas till en annan myndighet som behöver "
     "den för sin verksamhet (sekretess hindrar inte)",
     "Public Access and Secrecy Act ch. 10 s. 17 – disclosure to another authority that "
     "needs the information (secrecy does not prevent it)"),
    ("osl_10_21", "OSL 10 kap. 21 § – misstanke om brott för vilket fängelse är föreskrivet "
     "och det kan antas leda till fängelse i mer än ett år",
     "Public Access and Secrecy Act ch. 10 s. 21 – suspected crime punishable by "
     "imprisonment for more than one year"),
    ("osl_10_24", "OSL 10 kap. 24 § – misstanke om brott för vilket fängelse är föreskrivet, "
     "intresset av att brottet utreds väger tyngre (brottsbekämpning)",
     "Public Access and Secrecy Act ch. 10 s. 24 – suspected crime punishable by "
     "imprisonment, the interest of investigating it outweighs"),
    ("osl_10_27", "OSL 10 kap. 27 § – generalklausulen: intresset av att uppgiften lämnas "
     "har företräde framför det intresse sekretessen skyddar",
     "Public Access and Secrecy Act ch. 10 s. 27 – the general clause: the interest in "
     "disclosure clearly outweighs"),
    ("osl_32_3a", "OSL 32 kap. 3 a § – uppgift i kamerabevakningsmaterial får lämnas till "
     "Polismyndigheten, Säkerhetspolisen m.fl. för att förebygga, förhindra, utreda "
     "eller lagföra brott",
     "Public Access and Secrecy Act ch. 32 s. 3 a – camera material may be disclosed to "
     "the Police, the Security Service and others to prevent, detect, investigate or "
     "prosecute crime"),
    ("osl_32_3_no_harm", "OSL 32 kap. 3 § – det står klart att uppgiften kan röjas utan att "
     "den enskilde eller någon närstående lider men (allmän handling till enskild)",
     "Public Access and Secrecy Act ch. 32 s. 3 – it is clear that the information can be "
     "disclosed without harm to the person (official document to a private person)"),
    ("osl_32_3_refuse", "OSL 32 kap. 3 § – sekretess: det kan inte stå klart att uppgiften "
     "kan röjas utan men (avslag eller maskering)",
     "Public Access and Secrecy Act ch. 32 s. 3 – secrecy: it is not clear that the "
     "information can be disclosed without harm (refusal or masking)"),
]


def upgrade() -> None:
    op.create_table(
        "cameras",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("processing_activity_id", sa.Uuid(), nullable=True),
        sa.Column("location", sa.String(300), nullable=True),
        sa.Column("coordinates", sa.String(64), nullable=True),
        sa.Column("public_place", sa.Boolean(), nullable=True),
        sa.Column("coverage", sa.Text(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("unit", sa.String(200), nullable=True),
        sa.Column("responsible_person_id", sa.Integer(), nullable=True),
        sa.Column("responsible_name", sa.String(200), nullable=True),
        sa.Column("video_system", sa.String(200), nullable=True),
        sa.Column("processor", sa.String(200), nullable=True),
        sa.Column("recording", sa.Boolean(), nullable=False),
        sa.Column("sound", sa.Boolean(), nullable=False),
        sa.Column("retention_hours", sa.Integer(), nullable=True),
        sa.Column("access", sa.Text(), nullable=True),
        sa.Column("signage", sa.String(300), nullable=True),
        sa.Column("assessment_on", sa.Date(), nullable=True),
        sa.Column("assessment_ref", sa.String(64), nullable=True),
        sa.Column("risk_analysis_on", sa.Date(), nullable=True),
        sa.Column("permit", sa.String(200), nullable=True),
        sa.Column("cooperation", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("extra", JSON_DOC, nullable=False),
        *scoped("cameras"), *revisioned(),
        fk("cameras", "processing_activity_id", "processing_activities.id", "SET NULL"),
        fk("cameras", "responsible_person_id", "people.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cameras")),
        sa.UniqueConstraint("organisation_id", "reference",
                            name=op.f("uq_cameras_organisation_id_reference")),
    )
    index_organisation("cameras")
    index("cameras", "ix_cameras_status", ["organisation_id", "status"])
    op.create_table(
        "footage_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        sa.Column("requester_kind", sa.String(24), nullable=False),
        sa.Column("requester_name", sa.String(200), nullable=True),
        sa.Column("requester_ref", sa.String(100), nullable=True),
        sa.Column("camera_ids", JSON_DOC, nullable=False),
        sa.Column("window_start", TIMESTAMP, nullable=False),
        sa.Column("window_end", TIMESTAMP, nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("imprisonment", sa.Boolean(), nullable=True),
        sa.Column("channel", sa.String(16), nullable=True),
        sa.Column("received_at", TIMESTAMP, nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=True),
        sa.Column("logged_by_person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("erasure_at", TIMESTAMP, nullable=True),
        sa.Column("secured_at", TIMESTAMP, nullable=True),
        sa.Column("secured_by_person_id", sa.Integer(), nullable=True),
        sa.Column("secured_where", sa.String(300), nullable=True),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("legal_ground", sa.String(48), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_capacity", sa.String(200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("handover", JSON_DOC, nullable=False),
        sa.Column("handed_over_at", TIMESTAMP, nullable=True),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("archived_at", TIMESTAMP, nullable=True),
        *scoped("footage_requests"), *revisioned(),
        fk("footage_requests", "logged_by_person_id", "people.id"),
        fk("footage_requests", "secured_by_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footage_requests")),
        sa.UniqueConstraint("organisation_id", "reference",
                            name=op.f("uq_footage_requests_organisation_id_reference")),
    )
    index_organisation("footage_requests")
    index("footage_requests", "ix_footage_requests_status", ["organisation_id", "status"])
    op.create_table(
        "footage_request_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", JSON_DOC, nullable=False),
        *scoped("footage_request_events"),
        fk("footage_request_events", "request_id", "footage_requests.id", "CASCADE"),
        fk("footage_request_events", "actor_person_id", "people.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footage_request_events")),
    )
    index_organisation("footage_request_events")
    index("footage_request_events", "ix_footage_request_events_request", ["request_id", "id"])
    grounds = op.create_table(
        "camera_legal_grounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(48), nullable=False),
        sa.Column("label_sv", sa.String(300), nullable=False),
        sa.Column("label_en", sa.String(300), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        fk("camera_legal_grounds", "organisation_id", "organisations.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_camera_legal_grounds")),
        sa.UniqueConstraint("organisation_id", "code",
                            name=op.f("uq_camera_legal_grounds_organisation_id_code")),
    )
    op.bulk_insert(grounds, [
        {"organisation_id": None, "code": code, "label_sv": sv, "label_en": en,
         "valid_from": None, "valid_to": None}
        for code, sv, en in GROUNDS])


def downgrade() -> None:
    for table in ("camera_legal_grounds", "footage_request_events", "footage_requests",
                  "cameras"):
        op.drop_table(table)
