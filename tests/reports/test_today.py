"""The trainee's home is today: continue reading, reviews due, the next exam, readiness, streak, weekly goal."""
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Question, SectionRead, StudyGoal
from app.progress import today


def answer_at(user, moment):
    q = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    db.session.add(Answer(user_id=user.id, question_id=q.id, version_id=q.current_version_id, mode="random",
                          response=1, score=1, correct=True, created_at=moment))
    db.session.commit()


def test_home_shows_today_for_a_trainee(client, login_as, content_tree):
    from tests.exams.conftest import make_exam

    make_exam(title="周末模拟卷")
    login_as()
    client.post("/chapters/alpha/read", data={"section": "alpha-traits"})
    client.post("/practice/random/all/start", data={"size": "10"})
    html = client.get("/").get_data(as_text=True)
    assert "继续阅读" in html and 'href="/chapters/alpha#alpha-more"' in html       # the section after the last one read
    assert "待复习" in html and "周末模拟卷" in html and "通过率预测" in html and "连续学习" in html
    assert 'action="/progress/goal"' in html


def test_reviews_due_have_a_start_button(client, login_as, content_tree):
    user = login_as()
    from app.practice import services
    q = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    services.answer_question(user.id, q, ["A"], "random", datetime(2020, 1, 1), None)
    html = client.get("/").get_data(as_text=True)
    assert 'action="/practice/review/due/start"' in html and "1</strong> 题待复习" in html


def test_weekly_goal_is_set_and_bad_values_change_nothing(client, login_as, content_tree):
    user = login_as()
    client.post("/progress/goal", data={"weekly_questions": "50"})
    assert db.session.get(StudyGoal, user.id).weekly_questions == 50
    for bad in ("abc", "0", "-5", "99999999999999999999", ""):
        page = client.post("/progress/goal", data={"weekly_questions": bad}, follow_redirects=True).get_data(as_text=True)
        assert "每周目标请填 10 到 2000 之间的整数" in page, bad
    assert db.session.get(StudyGoal, user.id).weekly_questions == 50
    assert "本周已做 <strong>0</strong> / 50 题" in client.get("/").get_data(as_text=True)


def test_the_week_and_the_streak_follow_beijing_days(app, content_tree):
    from tests.factories import make_user

    user = make_user()
    now = datetime(2026, 12, 7, 2, 0)              # Monday 10:00 in Beijing
    answer_at(user, datetime(2026, 12, 6, 15, 30))  # Sunday 23:30 in Beijing: last week
    answer_at(user, datetime(2026, 12, 6, 16, 30))  # Monday 00:30 in Beijing: this week
    assert today.week_count(user.id, now) == 1
    db.session.add(SectionRead(user_id=user.id, section_id=1, read_at=datetime(2026, 12, 5, 3, 0)))   # Saturday
    db.session.commit()
    assert today.study_streak(user.id, now) == 3     # Saturday, Sunday, Monday
    assert today.study_streak(user.id, datetime(2026, 12, 9, 2, 0)) == 0
