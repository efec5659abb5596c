"""attempt items keep the edit time of their answer (newest edit wins) instead of a save sequence

Revision ID: e7c41a09b2d5
Revises: c3e7a1d0f5b2
Create Date: 2026-12-06 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7c41a09b2d5'
down_revision = 'c3e7a1d0f5b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_at', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.drop_column('saved_seq')


def downgrade():
    with op.batch_alter_table('attempt_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('saved_seq', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('edited_at')
