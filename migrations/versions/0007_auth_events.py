"""Failed sign-ins and reset requests, kept a day for the throttles

Revision ID: 0007_auth_events
Revises: 0006_member_sessions
Create Date: 2026-12-08 00:10:00

Written by hand; runs on SQLite (batch mode) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_auth_events"
down_revision = "0006_member_sessions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "auth_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_events")),
    )
    with op.batch_alter_table("auth_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_auth_events_kind_email_at", ["kind", "email", "at"], unique=False)
        batch_op.create_index("ix_auth_events_kind_address_at", ["kind", "address", "at"], unique=False)


def downgrade():
    with op.batch_alter_table("auth_events", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_events_kind_address_at")
        batch_op.drop_index("ix_auth_events_kind_email_at")
        batch_op.drop_index(batch_op.f("ix_auth_events_at"))
    op.drop_table("auth_events")
