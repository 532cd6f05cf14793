"""Index only the actions a named person owns

Most actions are owned by a side, with no person named. Indexed over every
action, SQLite's statistics rated a lookup by person as no better than a
scan, and its planner read every open action instead (22 ms for one
person's few at ten times the programme). Over the owned actions alone the
index stays selective; ``owner_person_id = ?`` implies the condition on both
databases, so every lookup by person (and the foreign key's SET NULL on
erasure) still uses it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 22:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

OWNED = 'owner_person_id IS NOT NULL'


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_owner_person_id')
        batch_op.create_index(
            'ix_actions_owner_person_id',
            ['owner_person_id'],
            postgresql_where=sa.text(OWNED),
            sqlite_where=sa.text(OWNED),
        )


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_owner_person_id')
        batch_op.create_index('ix_actions_owner_person_id', ['owner_person_id'])
