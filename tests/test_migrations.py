"""The schema comes from migrations: upgrading a new database gives exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from app import create_app
from app.extensions import db


def test_migrations_match_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts={"render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"
        downgrade(revision="base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
        engine.dispose()


def test_exams_that_existed_before_drafts_stay_published(tmp_path):
    """Exams already live (the two defaults included) must not vanish from trainees at the upgrade."""
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="8548a7fdfd96")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO exams (title, instructions, blueprint, time_limit_seconds, pass_mark, "
                                    "attempts_allowed, shuffle_questions, shuffle_options, review_policy, timeout_policy, "
                                    "grace_seconds, archived, created_at) VALUES ('理论知识模拟卷', '', '[]', 5400, 60, 0, 1, 1, "
                                    "'after_submit', 'auto_submit', 0, 0, '2026-01-01 00:00:00')"))
        upgrade()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT published FROM exams")).scalar_one() in (1, True)
        engine.dispose()
