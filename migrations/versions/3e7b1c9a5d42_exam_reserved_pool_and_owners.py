"""exam-reserved questions (考试专用); ownerless exams go to the first admin

Revision ID: 3e7b1c9a5d42
Revises: e7c41a09b2d5
Create Date: 2026-12-06 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e7b1c9a5d42'
down_revision = 'e7c41a09b2d5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exam_only', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_questions_exam_only'), ['exam_only'], unique=False)
    # Every exam has an owner: the defaults (and any other ownerless exam) belong to the first admin.
    # A database without an admin keeps them ownerless; only admins manage an ownerless exam.
    op.execute("UPDATE exams SET owner_id = (SELECT MIN(id) FROM users WHERE role = 'admin') WHERE owner_id IS NULL")


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_exam_only'))
        batch_op.drop_column('exam_only')
