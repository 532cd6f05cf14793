"""Index reviews and actions for the due list and the programme overview

The due list, the home and the overview ask the database for each
relationship's latest agreed review, to order and count next reviews without
loading every relationship: (relationship, status, held on, id) answers each
in one step. The overview counts agreed reviews by workflow and day, and open
actions by owner; the other two indexes let it read those from the index
alone. None is partial on status: a predicate the planner matches only
against a literal would be missed by prepared statements, where the status is
a parameter.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_reviews_relationship_id_status_held_on': (
        'reviews',
        ['relationship_id', 'status', 'held_on', 'id'],
    ),
    'ix_reviews_status_workflow_held_on': (
        'reviews',
        ['status', 'workflow', 'held_on'],
    ),
    'ix_actions_status_owner_side_due_on': (
        'actions',
        ['status', 'owner_side', 'due_on'],
    ),
}


def upgrade():
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade():
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
