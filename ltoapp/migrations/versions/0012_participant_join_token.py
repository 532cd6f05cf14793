"""A guest's join token, so a double tap on "Start answering" joins once

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_token', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_participants_review_id_join_token'), ['review_id', 'join_token']
        )


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_participants_review_id_join_token'), type_='unique'
        )
        batch_op.drop_column('join_token')
