"""Moderation: reports (flags) on posts, the audit log, posts and threads held for review,
and the index that lists a space's pinned threads first

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:00:00

Written by hand; runs on SQLite (batch mode) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_threads_space_pinned_activity",
                              ["space_id", "is_pinned", "last_activity_at", "id"], unique=False)

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("held_reason", sa.String(length=300), nullable=True))
        batch_op.create_index(batch_op.f("ix_posts_held_at"), ["held_at"], unique=False)

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=12), nullable=True),
        sa.CheckConstraint(
            "reason in ('abusive', 'confidential', 'unsafe', 'spam', 'off-topic', 'other')",
            name=op.f("ck_flags_reason")),
        sa.CheckConstraint("resolution in ('dismissed', 'hidden')", name=op.f("ck_flags_resolution")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_flags_member_id_members"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_flags_post_id_posts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["members.id"],
                                name=op.f("fk_flags_resolved_by_id_members"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
        sa.UniqueConstraint("post_id", "member_id", name="uq_flags_post_member"),
    )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flags_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_flags_open", ["resolved_at", "post_id"], unique=False)

    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("target_type", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["members.id"],
                                name=op.f("fk_audit_entries_actor_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_audit_entries_target", ["target_type", "target_id"], unique=False)


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_target")
        batch_op.drop_index(batch_op.f("ix_audit_entries_created_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_actor_id"))
    op.drop_table("audit_entries")

    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_index("ix_flags_open")
        batch_op.drop_index(batch_op.f("ix_flags_member_id"))
    op.drop_table("flags")

    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_held_at"))
        batch_op.drop_column("held_reason")
        batch_op.drop_column("held_at")

    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_index("ix_threads_space_pinned_activity")
        batch_op.drop_column("held_at")
