"""exam drafts: an exam is hidden from trainees until published; existing exams stay published

Revision ID: c3e7a1d0f5b2
Revises: a7c3f09e5b21
Create Date: 2026-12-06 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e7a1d0f5b2'
down_revision = 'a7c3f09e5b21'
branch_labels = None
depends_on = None


def upgrade():
    # The server default publishes every existing row (the two default exams included); the app
    # itself creates new exams as drafts.
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('exams', schema=None) as batch_op:
        batch_op.drop_column('published')
