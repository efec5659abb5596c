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
