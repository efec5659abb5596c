"""The 切屏 migration adds columns and a table: on SQLite every exam, attempt and item survives
the upgrade and the downgrade, with tracking off and no time recorded."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from app import create_app

BEFORE, AFTER = "3c7e1a9b5d20", "5d1f3b7a9c60"
ROWS = [
    "INSERT INTO users (id, email, name, password_hash, role, active, session_version) VALUES (1, 'u@example.com', '学员', 'x', 'trainee', 1, 0)",
    "INSERT INTO questions (id, uid, type, status, topics, difficulty, source, origin) VALUES (1, 'q-1', 'single', 'published', '[]', 3, '', 'web')",
    "INSERT INTO question_versions (id, question_id, number, stem, payload, explanation, content_hash, stem_html, options_html, "
    "explanation_html) VALUES (1, 1, 1, '题干', '{\"options\": [\"甲\", \"乙\"], \"answer\": 0}', '', 'x', '题干', '[]', '')",
    "INSERT INTO exams (id, title, instructions, blueprint, time_limit_seconds, pass_mark, attempts_allowed, shuffle_questions, "
    "shuffle_options, review_policy, timeout_policy, grace_seconds, archived, published, created_at) "
    "VALUES (1, '理论知识模拟卷', '', '[]', 5400, 60, 0, 1, 1, 'after_submit', 'auto_submit', 0, 0, 1, '2026-01-01 00:00:00')",
    "INSERT INTO attempts (id, exam_id, user_id, seed, started_at, deadline, submit_until, status, seq, max_score) "
    "VALUES (1, 1, 1, 7, '2026-01-01 01:00:00', '2026-01-01 02:30:00', '2026-01-01 02:30:00', 'open', 3, 1)",
    "INSERT INTO attempt_items (id, attempt_id, position, question_id, version_id, points, response, flagged, edited_at) "
    "VALUES (1, 1, 0, 1, 1, 1, '1', 0, 5)",
]


def counts(engine) -> list[int]:
    with engine.connect() as connection:
        return [connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                for table in ("exams", "attempts", "attempt_items", "question_versions")]


def test_the_leaves_migration_keeps_every_row_both_ways(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision=BEFORE)
        engine = create_engine(url)
        with engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row))
        upgrade(revision=AFTER)
        assert counts(engine) == [1, 1, 1, 1]
        with engine.connect() as connection:
            assert connection.execute(text("SELECT track_leaves, leave_limit FROM exams")).one() == (0, 0)
            assert connection.execute(text("SELECT seconds_spent, edited_at FROM attempt_items")).one() == (0, 5)
            assert connection.execute(text("SELECT COUNT(*) FROM attempt_leaves")).scalar() == 0
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO attempt_leaves (attempt_id, key, left_at, recorded_at) "
                                    "VALUES (1, 'leave-a-000', '2026-01-01 01:10:00', '2026-01-01 01:10:01')"))
        downgrade(revision=BEFORE)
        assert counts(engine) == [1, 1, 1, 1]
        engine.dispose()
