"""Notifications, the unread count and digest choice on members

Revision ID: 0003
Revises: 0002_threads
Create Date: 2026-11-25 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002_threads'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=40), nullable=True),
    sa.Column('reaction_count', sa.Integer(), nullable=False),
    sa.Column('actor_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('digested_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind in ('mention', 'reply', 'reaction', 'invitation')", name=op.f('ck_notifications_kind')),
    sa.ForeignKeyConstraint(['actor_id'], ['members.id'], name=op.f('fk_notifications_actor_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_notifications_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_notifications_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_notifications_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('member_id', 'dedupe_key', name='uq_notifications_member_dedupe_key')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_member_unread', ['member_id', 'read_at', 'digested_at'], unique=False)
        batch_op.create_index('ix_notifications_member_updated', ['member_id', 'updated_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_thread_id'), ['thread_id'], unique=False)

    # Plain ALTER TABLE, not batch mode: on SQLite a batch rebuilds the table and loses the
    # members' expression indexes (lower(email), lower(name)). SQLite 3.35+ adds and drops
    # columns natively; the server defaults fill existing rows.
    op.add_column('members', sa.Column('unread_notifications', sa.Integer(), server_default='0', nullable=False))
    op.add_column('members', sa.Column('digest_frequency', sa.String(length=10), server_default='weekly', nullable=False))


def downgrade():
    op.drop_column('members', 'digest_frequency')
    op.drop_column('members', 'unread_notifications')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_thread_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_post_id'))
        batch_op.drop_index('ix_notifications_member_updated')
        batch_op.drop_index('ix_notifications_member_unread')

    op.drop_table('notifications')
