"""Spaces, threads, posts, revisions, reactions, per-member thread state

Revision ID: 0002_threads
Revises: 0001_members
Create Date: 2026-11-24 12:19:55.532851

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_threads'
down_revision = '0001_members'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('thread_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spaces')),
    sa.UniqueConstraint('slug', name=op.f('uq_spaces_slug'))
    )
    op.create_table('threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.Column('last_position', sa.Integer(), nullable=False),
    sa.Column('is_locked', sa.Boolean(), nullable=False),
    sa.Column('is_pinned', sa.Boolean(), nullable=False),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_threads_author_id_members')),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_threads_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threads'))
    )
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.create_index('ix_threads_activity', ['last_activity_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_threads_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_threads_space_activity', ['space_id', 'last_activity_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_threads_space_id'), ['space_id'], unique=False)

    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_opening', sa.Boolean(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.String(length=300), nullable=True),
    sa.Column('is_helpful', sa.Boolean(), nullable=False),
    sa.Column('like_count', sa.Integer(), nullable=False),
    sa.Column('insightful_count', sa.Integer(), nullable=False),
    sa.Column('thanks_count', sa.Integer(), nullable=False),
    sa.Column('client_token', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_posts_author_id_members')),
    sa.ForeignKeyConstraint(['parent_id'], ['posts.id'], name=op.f('fk_posts_parent_id_posts')),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_posts_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts')),
    sa.UniqueConstraint('author_id', 'client_token', name='uq_posts_author_client_token'),
    sa.UniqueConstraint('thread_id', 'number', name='uq_posts_thread_number')
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_posts_thread_position', ['thread_id', 'position', 'number'], unique=False)

    op.create_table('thread_disciplines',
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.Column('wanted', sa.Boolean(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_disciplines_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('thread_id', 'discipline', name=op.f('pk_thread_disciplines'))
    )
    with op.batch_alter_table('thread_disciplines', schema=None) as batch_op:
        batch_op.create_index('ix_thread_disciplines_need', ['discipline', 'wanted', 'comments'], unique=False)

    op.create_table('thread_states',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('follow', sa.String(length=10), nullable=True),
    sa.Column('last_read_number', sa.Integer(), nullable=False),
    sa.CheckConstraint("follow in ('following', 'muted')", name=op.f('ck_thread_states_follow')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_thread_states_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_states_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'thread_id', name=op.f('pk_thread_states'))
    )
    with op.batch_alter_table('thread_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_states_thread_id'), ['thread_id'], unique=False)

    op.create_table('thread_tags',
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_thread_tags_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('thread_id', 'tag', name=op.f('pk_thread_tags'))
    )
    with op.batch_alter_table('thread_tags', schema=None) as batch_op:
        batch_op.create_index('ix_thread_tags_tag', ['tag', 'thread_id'], unique=False)

    op.create_table('post_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_revisions_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_revisions'))
    )
    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('reactions',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind in ('like', 'insightful', 'thanks')", name=op.f('ck_reactions_kind')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_reactions_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'member_id', 'kind', name=op.f('pk_reactions'))
    )


def downgrade():
    op.drop_table('reactions')
    with op.batch_alter_table('post_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_revisions_post_id'))

    op.drop_table('post_revisions')
    with op.batch_alter_table('thread_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_thread_tags_tag')

    op.drop_table('thread_tags')
    with op.batch_alter_table('thread_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_states_thread_id'))

    op.drop_table('thread_states')
    with op.batch_alter_table('thread_disciplines', schema=None) as batch_op:
        batch_op.drop_index('ix_thread_disciplines_need')

    op.drop_table('thread_disciplines')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_thread_position')
        batch_op.drop_index(batch_op.f('ix_posts_author_id'))

    op.drop_table('posts')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threads_space_id'))
        batch_op.drop_index('ix_threads_space_activity')
        batch_op.drop_index(batch_op.f('ix_threads_author_id'))
        batch_op.drop_index('ix_threads_activity')

    op.drop_table('threads')
    op.drop_table('spaces')
