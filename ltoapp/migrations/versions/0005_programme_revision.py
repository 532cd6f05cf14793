"""The programme's revision, which keys the page cache

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    revision_table = op.create_table('programme_revision',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_programme_revision_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_revision'))
    )
    # The one row every write moves on; the cache keeps nothing without it.
    op.bulk_insert(revision_table, [{'id': 1, 'number': 0}])


def downgrade():
    op.drop_table('programme_revision')
