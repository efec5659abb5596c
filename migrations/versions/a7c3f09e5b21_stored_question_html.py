"""question versions keep their sanitized HTML, rendered once when the version is written

Revision ID: a7c3f09e5b21
Revises: a7c3e19b52d4
Create Date: 2026-12-06 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3f09e5b21'
down_revision = 'a7c3e19b52d4'
branch_labels = None
depends_on = None

BATCH = 500


def upgrade():
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stem_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('options_html', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('explanation_html', sa.Text(), nullable=True))
    _render_existing_versions()
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.alter_column('stem_html', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('explanation_html', existing_type=sa.Text(), nullable=False)


def _render_existing_versions():
    """Data step: every existing version gets the HTML a new one would get (same renderer, same sanitizer)."""
    from app.questions.fragments import render_fragments

    versions = sa.table('question_versions', sa.column('id', sa.Integer), sa.column('stem', sa.Text),
                        sa.column('payload', sa.JSON), sa.column('explanation', sa.Text), sa.column('stem_html', sa.Text),
                        sa.column('options_html', sa.JSON), sa.column('explanation_html', sa.Text))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(sa.select(versions.c.id, versions.c.stem, versions.c.payload, versions.c.explanation)
                                  .where(versions.c.id > last).order_by(versions.c.id).limit(BATCH)).all()
        if not rows:
            return
        for row in rows:
            connection.execute(versions.update().where(versions.c.id == row.id)
                               .values(**render_fragments(row.stem, row.payload or {}, row.explanation)))
        last = rows[-1].id


def downgrade():
    with op.batch_alter_table('question_versions', schema=None) as batch_op:
        batch_op.drop_column('explanation_html')
        batch_op.drop_column('options_html')
        batch_op.drop_column('stem_html')
