"""Index the reviews not yet agreed, by relationship

Which relationships have a review under way was answered by reading every
review a programme ever held; a partial index holds only the few that are
not agreed. Partial indexes work the same on SQLite and PostgreSQL.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# As ltoapp.reviews.models.NOT_AGREED when this migration was written.
NOT_AGREED = "status <> 'agreed'"


def upgrade():
    op.create_index(
        'ix_reviews_not_agreed',
        'reviews',
        ['relationship_id'],
        postgresql_where=sa.text(NOT_AGREED),
        sqlite_where=sa.text(NOT_AGREED),
    )


def downgrade():
    op.drop_index('ix_reviews_not_agreed', table_name='reviews')
