"""Action learning sets: sets, memberships, meetings, actions, calendar feeds; set invitations
as notifications

Revision ID: 0009_rooms
Revises: 0008_declined_connections
Create Date: 2026-12-07 23:44:42.585395

Generated, then checked by hand: the notifications table gains `set_id` (a set invitation is
about a set, not a thread) and its kind and "about" checks; runs on SQLite (batch) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_rooms'
down_revision = '0008_declined_connections'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_calendar_feeds_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token', name='uq_calendar_feeds_token')
    )
    op.create_table('learning_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('purpose_source', sa.Text(), nullable=False),
    sa.Column('purpose_html', sa.Text(), nullable=False),
    sa.Column('ground_rules_source', sa.Text(), nullable=False),
    sa.Column('ground_rules_html', sa.Text(), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=True),
    sa.Column('size_limit', sa.Integer(), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size_limit between 4 and 8', name=op.f('ck_learning_sets_size_limit')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['members.id'], name=op.f('fk_learning_sets_facilitator_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_sets'))
    )
    with op.batch_alter_table('learning_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_sets_facilitator_id'), ['facilitator_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('agenda_source', sa.Text(), nullable=False),
    sa.Column('agenda_html', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('timings', sa.JSON(), nullable=False),
    sa.Column('series_key', sa.String(length=32), nullable=True),
    sa.Column('series_number', sa.Integer(), nullable=True),
    sa.Column('summary_html', sa.Text(), nullable=True),
    sa.Column('summary_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint('duration_minutes between 15 and 600', name=op.f('ck_meetings_duration')),
    sa.ForeignKeyConstraint(['set_id'], ['learning_sets.id'], name=op.f('fk_meetings_set_id_learning_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_series_key'), ['series_key'], unique=False)
        batch_op.create_index('ix_meetings_set_starts', ['set_id', 'starts_at'], unique=False)

    op.create_table('set_memberships',
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ground_rules_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('invited', 'active', 'declined', 'left')", name=op.f('ck_set_memberships_status')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['members.id'], name=op.f('fk_set_memberships_invited_by_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_set_memberships_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['learning_sets.id'], name=op.f('fk_set_memberships_set_id_learning_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('set_id', 'member_id', name=op.f('pk_set_memberships'))
    )
    with op.batch_alter_table('set_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_set_memberships_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_set_memberships_set_status', ['set_id', 'status'], unique=False)

    op.create_table('action_commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('open', 'done', 'partly', 'dropped')", name=op.f('ck_action_commitments_status')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_action_commitments_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_action_commitments_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_commitments'))
    )
    with op.batch_alter_table('action_commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_commitments_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_commitments_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_id', sa.Integer(), nullable=True))
        batch_op.alter_column('thread_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_notifications_set_id'), ['set_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_set_id_learning_sets'), 'learning_sets', ['set_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notifications_kind'), "kind in ('mention', 'reply', 'reaction', 'invitation', 'set_invite')")
        batch_op.create_check_constraint(op.f('ck_notifications_about'), "(thread_id is null) = (kind = 'set_invite')")
        batch_op.create_check_constraint(op.f('ck_notifications_about_set'), "(set_id is null) = (kind != 'set_invite')")



def downgrade():
    op.execute("DELETE FROM notifications WHERE kind = 'set_invite'")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notifications_about_set'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_notifications_about'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_notifications_kind'), "kind in ('mention', 'reply', 'reaction', 'invitation')")
        batch_op.drop_constraint(batch_op.f('fk_notifications_set_id_learning_sets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_set_id'))
        batch_op.alter_column('thread_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('set_id')

    with op.batch_alter_table('action_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_commitments_member_id'))
        batch_op.drop_index(batch_op.f('ix_action_commitments_meeting_id'))

    op.drop_table('action_commitments')
    with op.batch_alter_table('set_memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_set_memberships_set_status')
        batch_op.drop_index(batch_op.f('ix_set_memberships_member_id'))

    op.drop_table('set_memberships')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_set_starts')
        batch_op.drop_index(batch_op.f('ix_meetings_series_key'))

    op.drop_table('meetings')
    with op.batch_alter_table('learning_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_sets_facilitator_id'))

    op.drop_table('learning_sets')
    op.drop_table('calendar_feeds')
