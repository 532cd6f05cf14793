"""Remove the review status 'draft', which nothing ever set

A review starts open; 'draft' was allowed by the schema but never written,
so the status check now allows only the statuses a review can have.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

CONSTRAINT = 'ck_reviews_review_status'


def upgrade():
    # Nothing writes 'draft', but a row someone typed in by hand must not stop
    # the upgrade: such a review is simply open.
    op.execute("UPDATE reviews SET status = 'open' WHERE status = 'draft'")
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_='check')
        batch_op.create_check_constraint(
            op.f(CONSTRAINT), "status IN ('open', 'discussion', 'agreed')"
        )


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_='check')
        batch_op.create_check_constraint(
            op.f(CONSTRAINT), "status IN ('draft', 'open', 'discussion', 'agreed')"
        )
