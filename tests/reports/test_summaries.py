"""The per-trainee summary cache: reused while fresh, rebuilt when the trainee answers, when an answer
leaves the 90-day window or when the forecast's basis changes, and always equal to a fresh computation."""
import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select

from app.exams.defaults import THEORY
from app.extensions import db
from app.models import Exam, Role, TraineeSummary
from app.progress import readiness, summaries
from app.progress.summaries import summaries_for
from tests.factories import make_cohort, make_user
from tests.reports.test_pages import answer_many

NOW = datetime(2026, 11, 1, 12)


@pytest.fixture
def rebuilt(monkeypatch):
    """The trainee ids each rebuild computed from the answers, call by call."""
    calls = []
    real = summaries._window_cells

    def spy(user_ids, now):
        calls.append(sorted(user_ids))
        return real(user_ids, now)
    monkeypatch.setattr(summaries, "_window_cells", spy)
    return calls


@pytest.fixture
def low_thresholds(monkeypatch):
    """Forecasts from a handful of answers, so the two-question test bank can produce one."""
    monkeypatch.setattr(readiness, "MIN_ANSWERS", 1)
    monkeypatch.setattr(readiness, "MIN_CHAPTERS", 1)


def theory_exam(pass_mark: float) -> Exam:
    exam = Exam(title=THEORY["title"], instructions="", blueprint=[{"type": "single", "count": 10, "points": 1}],
                time_limit_seconds=600, pass_mark=pass_mark, created_at=NOW, published=True)
    db.session.add(exam)
    db.session.commit()
    return exam


def test_summary_is_reused_until_the_trainee_answers_again(app, content_tree, rebuilt):
    one, two = make_user(), make_user()
    answer_many(one, "alpha-001", right=3, wrong=1, when=NOW - timedelta(hours=2))
    answer_many(two, "alpha-001", right=1, wrong=1, when=NOW - timedelta(hours=2))
    first = summaries_for([one.id, two.id], NOW)
    assert (first[one.id].practised, first[one.id].accuracy) == (4, 0.75)
    assert (first[two.id].practised, first[two.id].accuracy) == (2, 0.5)
    assert rebuilt == [sorted([one.id, two.id])]
    assert summaries_for([one.id, two.id], NOW + timedelta(minutes=5)) == first
    assert len(rebuilt) == 1                                       # read from the stored rows
    answer_many(two, "alpha-001", right=0, wrong=2, when=NOW - timedelta(minutes=30))
    again = summaries_for([one.id, two.id], NOW + timedelta(minutes=10))
    assert rebuilt[-1] == [two.id]                                 # only the trainee who answered
    assert (again[two.id].practised, again[two.id].accuracy) == (4, 0.25) and again[one.id] == first[one.id]


def test_answers_leaving_the_window_make_the_row_stale(app, content_tree):
    user = make_user()
    answer_many(user, "alpha-001", right=2, wrong=0, when=NOW - readiness.WINDOW + timedelta(days=1))
    answer_many(user, "alpha-002", right=0, wrong=1, when=NOW - timedelta(days=1))     # another (type, chapter) cell
    assert summaries_for([user.id], NOW)[user.id].readiness.answers == 3
    later = summaries_for([user.id], NOW + timedelta(days=2))[user.id]
    assert later.readiness.answers == 1                            # the two old answers are out of the window
    assert later.practised == 3                                    # practice totals are not windowed
    stored = db.session.get(TraineeSummary, user.id)
    assert stored.valid_until == NOW - timedelta(days=1) + readiness.WINDOW


def test_a_new_pass_mark_recomputes_forecasts_from_the_stored_cells(app, content_tree, rebuilt, low_thresholds):
    exam = theory_exam(pass_mark=5)
    user = make_user()
    answer_many(user, "alpha-001", right=7, wrong=3, when=NOW - timedelta(days=1))
    easy = summaries_for([user.id], NOW)[user.id].readiness
    exam.pass_mark = 9
    db.session.commit()
    hard = summaries_for([user.id], NOW)[user.id].readiness
    assert len(rebuilt) == 1                                       # the answers were not read again
    assert easy.enough and hard.enough and hard.pass_mark == 9
    assert hard.probability < easy.probability
    assert db.session.get(TraineeSummary, user.id).probability == pytest.approx(hard.probability)


def test_cached_summaries_equal_a_fresh_computation(app, content_tree, low_thresholds):
    """Random answers by random trainees at advancing times, with views in between, then every
    cached summary is compared with one computed after the cache is emptied."""
    rng = random.Random(7)
    theory_exam(pass_mark=6)
    users = [make_user() for _ in range(6)]
    ids = [u.id for u in users]
    when = NOW - timedelta(days=120)
    for step in range(30):
        when += timedelta(days=rng.choice([0, 1, 3, 10]))
        for user in rng.sample(users, rng.randint(1, 3)):
            answer_many(user, rng.choice(["alpha-001", "alpha-002"]), right=rng.randint(0, 2), wrong=rng.randint(0, 2), when=when)
        if step % 3 == 0:
            summaries_for(rng.sample(ids, 3), when + timedelta(hours=1))
    view_at = when + timedelta(days=5)
    cached = summaries_for(ids, view_at)
    db.session.execute(delete(TraineeSummary))
    db.session.commit()
    assert summaries_for(ids, view_at) == cached
    assert db.session.scalar(select(TraineeSummary.user_id).limit(1)) is not None


def test_a_busy_database_drops_the_cache_write_not_the_page(app, content_tree, monkeypatch):
    from sqlalchemy.exc import OperationalError

    user = make_user()
    answer_many(user, "alpha-001", right=1, wrong=0, when=NOW - timedelta(hours=1))

    def busy(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
    monkeypatch.setattr(db.session(), "commit", busy)
    assert summaries_for([user.id], NOW)[user.id].practised == 1
    monkeypatch.undo()
    assert db.session.get(TraineeSummary, user.id) is None


def test_cohort_view_shows_a_new_answer_at_once(client, login_as, content_tree):
    teacher = login_as(Role.INSTRUCTOR)
    trainee = make_user(name="甲学员")
    cohort = make_cohort(owner=teacher, members=[trainee])
    answer_many(trainee, "alpha-001", right=4, wrong=0)
    assert "100%" in client.get(f"/reports/cohorts/{cohort.id}").get_data(as_text=True)
    answer_many(trainee, "alpha-001", right=0, wrong=1)
    body = client.get(f"/reports/cohorts/{cohort.id}").get_data(as_text=True)
    assert "80%" in body and "100%" not in body


def test_progress_refresh_command_builds_stale_rows_once(runner, content_tree):
    one, two, idle = make_user(), make_user(), make_user()
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    answer_many(one, "alpha-001", right=2, wrong=1, when=now - timedelta(hours=3))
    answer_many(two, "alpha-002", right=1, wrong=0, when=now - timedelta(hours=3))
    result = runner.invoke(args=["progress", "refresh"])
    assert result.exit_code == 0 and "已更新 2 名学员" in result.output
    assert db.session.get(TraineeSummary, one.id).practised == 3 and db.session.get(TraineeSummary, idle.id) is None
    assert "已更新 0 名学员" in runner.invoke(args=["progress", "refresh"]).output
    answer_many(two, "alpha-002", right=0, wrong=1, when=now - timedelta(hours=1))
    assert "已更新 1 名学员" in runner.invoke(args=["progress", "refresh"]).output
    db.session.expire_all()
    assert db.session.get(TraineeSummary, two.id).practised == 2
