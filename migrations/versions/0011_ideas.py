"""The idea board (ideas, one support per member each; the discussion is a thread) and "you said,
we did" (decisions linked to the consultations and ideas they came from)

Revision ID: 0011_ideas
Revises: 0010_consultations
Create Date: 2026-12-08 00:10:00

Generated, then checked by hand; runs on SQLite (batch mode) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_ideas'
down_revision = '0010_consultations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('creator_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('planned', 'in-progress', 'done')", name=op.f('ck_decisions_status')),
    sa.ForeignKeyConstraint(['creator_id'], ['members.id'], name=op.f('fk_decisions_creator_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_updated_at'), ['updated_at'], unique=False)

    op.create_table('decision_consultations',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_decision_consultations_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_consultations_decision_id_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'consultation_id', name=op.f('pk_decision_consultations'))
    )
    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status in ('new', 'considering', 'adopted', 'not-now')", name=op.f('ck_ideas_status')),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_ideas_author_id_members')),
    sa.ForeignKeyConstraint(['responded_by_id'], ['members.id'], name=op.f('fk_ideas_responded_by_id_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_ideas_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas')),
    sa.UniqueConstraint('thread_id', name=op.f('uq_ideas_thread_id'))
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_ideas_board', ['support_count', 'id'], unique=False)

    op.create_table('decision_ideas',
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_decision_ideas_decision_id_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_decision_ideas_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_id', 'idea_id', name=op.f('pk_decision_ideas'))
    )
    op.create_table('idea_supports',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_supports_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_idea_supports_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'member_id', name=op.f('pk_idea_supports'))
    )
    with op.batch_alter_table('idea_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_supports_member_id'), ['member_id'], unique=False)



def downgrade():
    with op.batch_alter_table('idea_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_supports_member_id'))

    op.drop_table('idea_supports')
    op.drop_table('decision_ideas')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_board')
        batch_op.drop_index(batch_op.f('ix_ideas_author_id'))

    op.drop_table('ideas')
    op.drop_table('decision_consultations')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_updated_at'))

    op.drop_table('decisions')
