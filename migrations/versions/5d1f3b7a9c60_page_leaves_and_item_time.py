"""page leaves (切屏) and time per item

Revision ID: 5d1f3b7a9c60
Revises: 3c7e1a9b5d20
Create Date: 2026-12-06 21:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d1f3b7a9c60'
down_revision = '3c7e1a9b5d20'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN with server defaults: existing exams, attempts and items keep their rows
    # (off, no limit, 0 seconds), and SQLite needs no table rebuild.
    op.add_column('exams', sa.Column('track_leaves', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('exams', sa.Column('leave_limit', sa.Integer(), server_default='0', nullable=False))
    op.add_column('attempt_items', sa.Column('seconds_spent', sa.Integer(), server_default='0', nullable=False))
    op.create_table('attempt_leaves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_leaves_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_leaves')),
    sa.UniqueConstraint('attempt_id', 'key', name=op.f('uq_attempt_leaves_attempt_id'))
    )
    with op.batch_alter_table('attempt_leaves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_leaves_attempt_id'), ['attempt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attempt_leaves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_leaves_attempt_id'))
    op.drop_table('attempt_leaves')
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.drop_column('seconds_spent')
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.drop_column('leave_limit')
        batch_op.drop_column('track_leaves')
