"""Papers drawn before the start (drawn_papers)

Revision ID: 5b8d2f4e6a17
Revises: 5d1f3b7a9c60
Create Date: 2026-12-06 22:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '5b8d2f4e6a17'
down_revision = '5d1f3b7a9c60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'drawn_papers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exam_id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.String(length=64), nullable=False),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('max_score', sa.Float(), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('sheet_html', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('attempt_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_drawn_papers_attempt_id_attempts'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['exam_id'], ['exams.id'], name=op.f('fk_drawn_papers_exam_id_exams'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_drawn_papers')),
        sa.UniqueConstraint('attempt_id', name=op.f('uq_drawn_papers_attempt_id')),
    )
    op.create_index('ix_drawn_papers_free', 'drawn_papers', ['exam_id', 'stamp', 'claimed_at'], unique=False)


def downgrade():
    op.drop_index('ix_drawn_papers_free', table_name='drawn_papers')
    op.drop_table('drawn_papers')
