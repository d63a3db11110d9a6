"""Consultations: questions, responses with random ids, answers with no autoincrement id,
who took part kept apart from the answers; notifications that are not about a thread

Revision ID: 0010_consultations
Revises: 0009_rooms
Create Date: 2026-12-07 23:48:02

Generated, then checked by hand; runs on SQLite (batch mode) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_consultations'
down_revision = '0009_rooms'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation_principles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_principles'))
    )
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('creator_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('audience_set_id', sa.Integer(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("audience in ('all', 'disciplines', 'set')", name=op.f('ck_consultations_audience')),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_consultations_dates')),
    sa.ForeignKeyConstraint(['creator_id'], ['members.id'], name=op.f('fk_consultations_creator_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_creator_id'), ['creator_id'], unique=False)
        batch_op.create_index('ix_consultations_open', ['published_at', 'closes_on'], unique=False)

    op.create_table('consultation_disciplines',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_disciplines_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'discipline', name=op.f('pk_consultation_disciplines'))
    )
    op.create_table('consultation_participants',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('member_ids', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_participants_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', name=op.f('pk_consultation_participants'))
    )
    op.create_table('consultation_principle_links',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('principle', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_principle_links_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'principle', name=op.f('pk_consultation_principle_links'))
    )
    op.create_table('consultation_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('prompt', sa.String(length=300), nullable=False),
    sa.Column('hint', sa.String(length=500), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('low_label', sa.String(length=60), nullable=False),
    sa.Column('high_label', sa.String(length=60), nullable=False),
    sa.CheckConstraint("kind in ('single', 'multiple', 'scale', 'text', 'ranking')", name=op.f('ck_consultation_questions_kind')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_questions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_questions'))
    )
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_questions_order', ['consultation_id', 'position'], unique=False)

    op.create_table('consultation_responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('submitted', sa.Boolean(), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_responses_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_consultation_responses_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_responses')),
    sa.UniqueConstraint('consultation_id', 'member_id', name='uq_consultation_responses_member'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_responses_results', ['consultation_id', 'submitted'], unique=False)

    op.create_table('consultation_answer_themes',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_answer_themes_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_consultation_answer_themes_response_id_consultation_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', 'theme', name=op.f('pk_consultation_answer_themes')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('consultation_answer_themes', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_answer_themes_question', ['question_id', 'theme'], unique=False)

    op.create_table('consultation_answers',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_answers_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['consultation_responses.id'], name=op.f('fk_consultation_answers_response_id_consultation_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', 'item', name=op.f('pk_consultation_answers')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_answers_question_id'), ['question_id'], unique=False)

    op.create_table('consultation_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['consultation_questions.id'], name=op.f('fk_consultation_options_question_id_consultation_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_options'))
    )
    with op.batch_alter_table('consultation_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_options_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=300), nullable=True))
        # thread_id is nullable since 0009_rooms (set invitations); consultation news may have none.
        batch_op.drop_constraint(op.f('ck_notifications_about'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notifications_kind'),
            "kind in ('mention', 'reply', 'reaction', 'invitation', 'set_invite', 'consultation')")
        batch_op.create_check_constraint(
            op.f('ck_notifications_about'), "kind = 'consultation' or (thread_id is null) = (kind = 'set_invite')")



def downgrade():
    op.execute("DELETE FROM notifications WHERE kind = 'consultation'")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notifications_about'), type_='check')
        batch_op.drop_constraint(op.f('ck_notifications_kind'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_notifications_kind'), "kind in ('mention', 'reply', 'reaction', 'invitation', 'set_invite')")
        batch_op.create_check_constraint(op.f('ck_notifications_about'), "(thread_id is null) = (kind = 'set_invite')")
        batch_op.drop_column('link')
        batch_op.drop_column('subject')

    with op.batch_alter_table('consultation_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_options_question_id'))

    op.drop_table('consultation_options')
    with op.batch_alter_table('consultation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_answers_question_id'))

    op.drop_table('consultation_answers')
    with op.batch_alter_table('consultation_answer_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_answer_themes_question')

    op.drop_table('consultation_answer_themes')
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_responses_results')

    op.drop_table('consultation_responses')
    with op.batch_alter_table('consultation_questions', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_questions_order')

    op.drop_table('consultation_questions')
    op.drop_table('consultation_principle_links')
    op.drop_table('consultation_participants')
    op.drop_table('consultation_disciplines')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_open')
        batch_op.drop_index(batch_op.f('ix_consultations_creator_id'))

    op.drop_table('consultations')
    op.drop_table('consultation_principles')
