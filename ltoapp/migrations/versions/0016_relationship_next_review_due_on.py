"""Keep when each relationship's next review is due on the relationship

The due list, the home and the overview worked the date out for every
current relationship from its latest agreed review on each view, so they
grew with the programme. The date is now kept on the relationship (by
``reviews.schedule`` after every flush that could move it) and indexed for
the current relationships, soonest first. This revision fills it in for the
relationships already recorded, by the rule as it stood when it was written.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

INTERVAL = relativedelta(months=6)
CURRENT = 'ended_on IS NULL'


RELATIONSHIPS = sa.table(
    'relationships',
    sa.column('id', sa.Integer()),
    sa.column('started_on', sa.Date()),
    sa.column('next_review_due_on', sa.Date()),
)
REVIEWS = sa.table(
    'reviews',
    sa.column('id', sa.Integer()),
    sa.column('relationship_id', sa.Integer()),
    sa.column('status', sa.String()),
    sa.column('held_on', sa.Date()),
    sa.column('next_review_on', sa.Date()),
)


def _next_reviews_due(connection):
    """(relationship id, due on) for every relationship: the latest agreed
    review's next review, or six months after it, or after the start."""
    latest = {}
    for relationship_id, held_on, next_on in connection.execute(
        sa.select(REVIEWS.c.relationship_id, REVIEWS.c.held_on, REVIEWS.c.next_review_on)
        .where(REVIEWS.c.status == 'agreed')
        .order_by(REVIEWS.c.relationship_id, REVIEWS.c.held_on, REVIEWS.c.id)
    ):
        latest[relationship_id] = next_on or held_on + INTERVAL
    for relationship_id, started_on in connection.execute(
        sa.select(RELATIONSHIPS.c.id, RELATIONSHIPS.c.started_on)
    ):
        yield relationship_id, latest.get(relationship_id, started_on + INTERVAL)


def upgrade():
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_review_due_on', sa.Date(), nullable=True))
    connection = op.get_bind()
    due = [
        {'relationship': key, 'due_on': day} for key, day in _next_reviews_due(connection)
    ]
    if due:
        connection.execute(
            RELATIONSHIPS.update()
            .where(RELATIONSHIPS.c.id == sa.bindparam('relationship'))
            .values(next_review_due_on=sa.bindparam('due_on')),
            due,
        )
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.alter_column('next_review_due_on', existing_type=sa.Date(), nullable=False)
        batch_op.create_index(
            'ix_relationships_current_next_review_due_on',
            ['next_review_due_on', 'id'],
            postgresql_where=sa.text(CURRENT),
            sqlite_where=sa.text(CURRENT),
        )


def downgrade():
    with op.batch_alter_table('relationships', schema=None) as batch_op:
        batch_op.drop_index('ix_relationships_current_next_review_due_on')
        batch_op.drop_column('next_review_due_on')
