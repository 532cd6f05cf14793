"""Remove the page cache's programme revision

The page cache kept rendered pages under one row that every write moved on;
every commit queued on that row's lock and a kept page was almost never
served again in a workshop, so the cache is gone and its row with it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('programme_revision')


def downgrade():
    revision_table = op.create_table('programme_revision',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_programme_revision_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_revision'))
    )
    op.bulk_insert(revision_table, [{'id': 1, 'number': 0}])
