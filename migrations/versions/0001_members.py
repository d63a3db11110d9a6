"""Members, organisations, roles, profile tags and offers, connections

Revision ID: 0001_members
Revises: 
Create Date: 2026-11-24 12:13:08.143327

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_members'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    # Case-insensitive uniqueness lives in expression indexes, which autogenerate cannot see.
    op.create_index('uq_organisations_name_lower', 'organisations', [sa.text('lower(name)')], unique=True)
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('discipline', sa.String(length=40), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('job_title', sa.String(length=120), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=False),
    sa.Column('bio_source', sa.Text(), nullable=False),
    sa.Column('bio_html', sa.Text(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pending_email', sa.String(length=254), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_members_email_lower')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_members_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_discipline'), ['discipline'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_place'), ['place'], unique=False)
    op.create_index('uq_members_email_lower', 'members', [sa.text('lower(email)')], unique=True)
    op.create_index('ix_members_name_lower', 'members', [sa.text('lower(name)')], unique=False)

    op.create_table('connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('addressee_id', sa.Integer(), nullable=False),
    sa.Column('pair_low', sa.Integer(), nullable=False),
    sa.Column('pair_high', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status in ('pending', 'accepted')", name=op.f('ck_connections_status')),
    sa.CheckConstraint('requester_id <> addressee_id', name=op.f('ck_connections_not_self')),
    sa.ForeignKeyConstraint(['addressee_id'], ['members.id'], name=op.f('fk_connections_addressee_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['members.id'], name=op.f('fk_connections_requester_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connections')),
    sa.UniqueConstraint('pair_low', 'pair_high', name='uq_connections_pair')
    )
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connections_addressee_id'), ['addressee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connections_requester_id'), ['requester_id'], unique=False)

    op.create_table('member_offers',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('offer', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_offers_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'offer', name=op.f('pk_member_offers'))
    )
    with op.batch_alter_table('member_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_offers_offer'), ['offer'], unique=False)

    op.create_table('member_roles',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_roles_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'role', name=op.f('pk_member_roles'))
    )
    op.create_table('member_tags',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_tags_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'kind', 'tag', name=op.f('pk_member_tags'))
    )
    with op.batch_alter_table('member_tags', schema=None) as batch_op:
        batch_op.create_index('ix_member_tags_kind_tag', ['kind', 'tag'], unique=False)



def downgrade():
    with op.batch_alter_table('member_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_member_tags_kind_tag')

    op.drop_table('member_tags')
    op.drop_table('member_roles')
    with op.batch_alter_table('member_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_offers_offer'))

    op.drop_table('member_offers')
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connections_requester_id'))
        batch_op.drop_index(batch_op.f('ix_connections_addressee_id'))

    op.drop_table('connections')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_place'))
        batch_op.drop_index(batch_op.f('ix_members_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_members_discipline'))

    op.drop_index('ix_members_name_lower', table_name='members')
    op.drop_index('uq_members_email_lower', table_name='members')
    op.drop_table('members')
    op.drop_index('uq_organisations_name_lower', table_name='organisations')
    op.drop_table('organisations')
