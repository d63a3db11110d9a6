"""Declined connection requests are kept (status 'declined', declined_at) for the re-send cooldown

Revision ID: 0008_declined_connections
Revises: 0007_auth_events
Create Date: 2026-12-08 00:20:00

Written by hand; runs on SQLite (batch mode rebuilds the table) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_declined_connections"
down_revision = "0007_auth_events"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_connections_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_connections_status"),
                                         "status in ('pending', 'accepted', 'declined')")


def downgrade():
    # Declined requests did not exist before: they go, as declining used to delete them.
    op.execute("DELETE FROM connections WHERE status = 'declined'")
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_connections_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_connections_status"),
                                         "status in ('pending', 'accepted')")
        batch_op.drop_column("declined_at")
