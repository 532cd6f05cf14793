"""Index relationships in the order the home lists them

Current first, newest first: an administrator's home reads its first page
of relationships from this index instead of sorting the programme.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 21:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_relationships_current_first_newest',
        'relationships',
        [sa.text('(ended_on IS NOT NULL)'), sa.text('started_on DESC'), sa.text('id DESC')],
    )


def downgrade():
    op.drop_index('ix_relationships_current_first_newest', table_name='relationships')
