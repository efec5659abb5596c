"""practice sets, question reports, study goals

Revision ID: 3c7e1a9b5d20
Revises: 3e7b1c9a5d42
Create Date: 2026-12-06 18:27:45.686568

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c7e1a9b5d20'
down_revision = '3e7b1c9a5d42'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('practice_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_sets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_sets'))
    )
    with op.batch_alter_table('practice_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_sets_user_id'), ['user_id'], unique=False)

    op.create_table('study_goals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('weekly_questions', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_study_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_study_goals'))
    )
    op.create_table('question_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_reports_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_question_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_question_reports_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_question_reports_version_id_question_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_reports'))
    )
    with op.batch_alter_table('question_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_reports_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_reports_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_answers_set_id'), ['set_id'], unique=False)
        batch_op.create_index('ix_answers_question_user', ['question_id', 'user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_answers_set_id_practice_sets'), 'practice_sets', ['set_id'], ['id'], ondelete='SET NULL')




def downgrade():

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answers_set_id_practice_sets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_answers_set_id'))
        batch_op.drop_index('ix_answers_question_user')
        batch_op.drop_column('set_id')

    with op.batch_alter_table('question_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_reports_user_id'))
        batch_op.drop_index(batch_op.f('ix_question_reports_status'))
        batch_op.drop_index(batch_op.f('ix_question_reports_question_id'))

    op.drop_table('question_reports')
    op.drop_table('study_goals')
    with op.batch_alter_table('practice_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_sets_user_id'))

    op.drop_table('practice_sets')

