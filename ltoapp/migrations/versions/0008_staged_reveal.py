"""Add the staged reveal: how much of a review's results the room has seen

Reviews already under way keep showing everything (their groups have seen
it); a review started from now on begins with counts only.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reveal_stage', sa.Enum('counts', 'everyone', 'sides', 'talk', name='reveal_stage', native_enum=False, create_constraint=True, length=20), server_default='talk', nullable=False))


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        # SQLite's table copy would keep the enum's CHECK on the dropped column.
        batch_op.drop_constraint(batch_op.f('ck_reviews_reveal_stage'), type_='check')
        batch_op.drop_column('reveal_stage')
