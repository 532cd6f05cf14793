"""Reminders sent and stopped

Each reminder mail is recorded so that ``flask reminders send`` run again
(by cron) sends nothing twice; each person may stop a kind of reminder.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:35:44.056585

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('review_due_soon', 'review_overdue', 'action_due_soon', 'action_overdue', 'review_left_open', 'weekly_digest', name='kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_reminder_opt_outs_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_opt_outs')),
    sa.UniqueConstraint('person_id', 'kind', name=op.f('uq_reminder_opt_outs_person_id_kind'))
    )
    with op.batch_alter_table('reminder_opt_outs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_opt_outs_person_id'), ['person_id'], unique=False)

    op.create_table('sent_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('review_due_soon', 'review_overdue', 'action_due_soon', 'action_overdue', 'review_left_open', 'weekly_digest', name='kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_sent_reminders_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminders')),
    sa.UniqueConstraint('person_id', 'kind', 'key', name=op.f('uq_sent_reminders_person_id_kind_key'))
    )
    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_reminders_person_id'), ['person_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sent_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_reminders_person_id'))

    op.drop_table('sent_reminders')
    with op.batch_alter_table('reminder_opt_outs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_opt_outs_person_id'))

    op.drop_table('reminder_opt_outs')
