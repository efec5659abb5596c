"""The migration that adds stored question HTML fills it for the versions already in the database."""
import json

from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.content.rendering import _render


def test_migration_renders_existing_versions(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="8548a7fdfd96")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO questions (id, uid, type, status, topics, difficulty, source, origin) "
                                    "VALUES (1, 'q-1', 'single', 'published', '[]', 3, '', 'web')"))
            connection.execute(text("INSERT INTO question_versions (id, question_id, number, stem, payload, explanation, content_hash) "
                                    "VALUES (1, 1, 1, :stem, :payload, '因为 **这样**', 'x')"),
                               {"stem": "题干<script>alert(1)</script>", "payload": '{"options": ["*甲*", "乙"], "answer": 0}'})
        upgrade()
        with engine.connect() as connection:
            stem, options, explanation = connection.execute(
                text("SELECT stem_html, options_html, explanation_html FROM question_versions")).one()
        engine.dispose()
    assert stem == _render("题干<script>alert(1)</script>") and "<script" not in stem
    assert json.loads(options) == ["<em>甲</em>", "乙"] and explanation == "<p>因为 <strong>这样</strong></p>"


def test_upgrading_a_sqlite_database_keeps_every_child_row(tmp_path):
    """Batch migrations rebuild tables on SQLite; with foreign keys on, dropping the old `users`
    table cascaded into every row that points at a user. The upgrade must keep them all."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="8548a7fdfd96")
        engine = create_engine(url)
        with engine.begin() as connection:
            for n, role in ((1, "instructor"), (2, "trainee")):
                connection.execute(text("INSERT INTO users (id, email, name, password_hash, role, active, session_version) "
                                        "VALUES (:n, :e, :name, 'x', :role, 1, 0)"),
                                   {"n": n, "e": f"u{n}@example.com", "name": f"用户{n}", "role": role})
            connection.execute(text("INSERT INTO cohorts (id, name, invite_code, owner_id) VALUES (1, '一班', 'ABCD1234', 1)"))
            connection.execute(text("INSERT INTO cohort_members (id, cohort_id, user_id) VALUES (1, 1, 2)"))
        upgrade()
        with engine.connect() as connection:
            counts = [connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                      for table in ("users", "cohorts", "cohort_members")]
        engine.dispose()
    assert counts == [2, 1, 1]
