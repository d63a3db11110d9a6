"""Signed-in devices: a row per session, deleted at sign-out so copied cookies stop working

Revision ID: 0006_member_sessions
Revises: 0005_outbox
Create Date: 2026-12-08 00:00:00

Written by hand; runs on SQLite (batch mode) and PostgreSQL. Sessions signed in before this
revision carry no session id and are signed out once.
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_member_sessions"
down_revision = "0005_outbox"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name=op.f("fk_member_sessions_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_sessions")),
    )
    with op.batch_alter_table("member_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_sessions_member_id"), ["member_id"], unique=False)


def downgrade():
    with op.batch_alter_table("member_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_sessions_member_id"))
    op.drop_table("member_sessions")
