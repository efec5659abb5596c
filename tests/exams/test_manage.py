"""Instructors: build exams (refused when the bank cannot fill them), grade case analyses, regrade."""
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, Exam, GradeChange, Question, Role
from tests.exams.conftest import CASES, make_exam, position_of, teacher_of
from tests.factories import PASSWORD


def exam_form(**rows):
    data = {"title": "第一次月考", "instructions": "认真作答", "time_limit_minutes": "30", "pass_mark": "1", "attempts_allowed": "0",
            "review_policy": "after_submit", "timeout_policy": "auto_submit", "grace_minutes": "0", "shuffle_questions": "y"}
    for i, (qtype, count, points) in enumerate(rows.get("cells", [])):
        data.update({f"rows-{i}-question_type": qtype, f"rows-{i}-count": str(count), f"rows-{i}-points": str(points),
                     f"rows-{i}-topic": "", f"rows-{i}-chapter": "", f"rows-{i}-difficulty_min": "1", f"rows-{i}-difficulty_max": "5"})
    return data


def test_blueprint_the_bank_cannot_fill_is_refused_naming_the_cell(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    response = client.post("/manage/exams/new", data=exam_form(cells=[("true_false", 1, 1), ("single", 5, 1)]))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "第 2 行（单选题，全部主题（按大纲比例），难度 1-5）：题库中只有 1 道可用题目，需要 5 道。" in body
    assert db.session.scalar(select(Exam)) is None


def test_instructor_creates_exam(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    response = client.post("/manage/exams/new", data=exam_form(cells=[("true_false", 1, 0.5), ("single", 1, 1)]))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    exam = db.session.scalar(select(Exam))
    assert exam.total_points == 1.5 and exam.time_limit_seconds == 1800 and exam.shuffle_options is False
    assert client.get(f"/manage/exams/{exam.id}/edit").status_code == 200


def test_default_exams_match_the_product(runner, app):
    runner.invoke(args=["exams", "defaults"])
    runner.invoke(args=["exams", "defaults"])
    exams = {e.title: e for e in db.session.scalars(select(Exam))}
    assert len(exams) == 2
    theory, skills = exams["理论知识模拟卷"], exams["专业能力模拟卷（案例分析）"]
    assert (theory.total_points, theory.time_limit_seconds, theory.pass_mark) == (100, 5400, 60)
    assert [(c["type"], c["count"], c["points"]) for c in theory.blueprint] == [("true_false", 20, 0.5), ("single", 50, 1), ("multiple", 20, 2)]
    assert (skills.total_points, skills.time_limit_seconds, skills.pass_mark) == (100, 7200, 60)


def test_default_theory_paper_draws_from_the_real_bank_in_proportion(runner, app):
    from app.exams.paper import draw

    runner.invoke(args=["content", "sync"])
    runner.invoke(args=["exams", "defaults"])
    theory = db.session.scalar(select(Exam).where(Exam.title == "理论知识模拟卷"))
    paper = draw(theory.blueprint, 42, True, True)
    assert len(paper) == 90 and sum(d.points for d in paper) == 100
    topics = {d.question.topics[0] for d in paper}
    assert len(topics) >= 12                     # spread over the syllabus, not one chapter
    assert [d.question.id for d in draw(theory.blueprint, 42, True, True)] == [d.question.id for d in paper]


def test_case_answer_waits_for_grading_then_instructor_grades(app, client, login_as, content_tree, clock):
    exam = make_exam(blueprint=CASES, pass_mark=15)
    trainee = login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": 0, "values": ["员工培训不足，业务不熟，应当补救并道歉。"]})
    client.post(f"/api/attempts/{attempt_id}/submit")
    assert "待阅卷" in client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)
    a = db.session.get(Attempt, attempt_id)
    assert a.status == "grading" and a.items[0].suggested == 25.0

    teacher = teacher_of(trainee)
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher.email, "password": PASSWORD})
    queue = staff.get("/manage/exams/grading").get_data(as_text=True)
    item_id = a.items[0].id
    assert f"/manage/exams/grading/{item_id}" in queue
    page = staff.get(f"/manage/exams/grading/{item_id}").get_data(as_text=True)
    assert "员工培训不足，业务不熟" in page and "答案中出现关键词" in page
    bad = staff.post(f"/manage/exams/grading/{item_id}", data={"award-0": "9", "award-1": "2"})
    assert bad.status_code == 400 and "采分点的得分必须在" in bad.get_data(as_text=True)
    staff.post(f"/manage/exams/grading/{item_id}", data={"award-0": "6", "award-1": "2", "comment": "补救措施不够具体"})
    db.session.refresh(a)
    assert (a.status, a.score, a.passed) == ("graded", 20.0, True)   # 8 of 10 key-point points, item worth 25
    assert db.session.scalar(select(GradeChange.reason)) == "阅卷"
    assert "补救措施不够具体" in client.get(f"/exams/attempts/{attempt_id}/result").get_data(as_text=True)


def test_instructor_of_another_cohort_cannot_grade(app, client, login_as, content_tree, clock):
    exam = make_exam(blueprint=CASES)
    login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/submit")
    client.post("/auth/logout")
    login_as(Role.INSTRUCTOR)
    item_id = db.session.get(Attempt, attempt_id).items[0].id
    assert f"/manage/exams/grading/{item_id}" not in client.get("/manage/exams/grading").get_data(as_text=True)
    assert client.get(f"/manage/exams/grading/{item_id}").status_code == 404
    assert "你的班级学员还没有作答" in client.get(f"/manage/exams/{exam.id}/results").get_data(as_text=True)


def test_regrade_after_fixing_a_key_changes_scores_and_logs(app, client, login_as, started, exam):
    trainee, attempt_id = started
    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": position_of(attempt_id, "single"), "values": ["C"]})
    client.post(f"/api/attempts/{attempt_id}/submit")
    assert db.session.get(Attempt, attempt_id).score == 0.0
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    from app.questions.versions import set_content

    set_content(question, question.current.stem, {**question.current.payload, "answer": 2}, question.current.explanation)
    db.session.commit()
    admin_client = app.test_client()
    from tests.factories import make_user

    admin = make_user(role=Role.ADMIN)
    admin_client.post("/auth/login", data={"email": admin.email, "password": PASSWORD})
    admin_client.post(f"/manage/exams/{exam.id}/regrade")
    a = db.session.get(Attempt, attempt_id)
    db.session.refresh(a)
    assert a.score == 1.0
    change = db.session.scalar(select(GradeChange))
    assert (change.old_score, change.new_score) == (0.0, 1.0) and "第 2 版" in change.reason


def test_extra_time_form(client, login_as, exam):
    from app.models import ExtraTime
    from tests.factories import make_user

    login_as(Role.ADMIN)
    trainee = make_user()
    client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": trainee.email, "minutes": "15"})
    assert db.session.scalar(select(ExtraTime.seconds)) == 900
    client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": "nobody@example.com", "minutes": "15"})
    assert db.session.scalar(select(ExtraTime.seconds)) == 900


# ---- draft, then publish (issue 14, item 7) ----

def created_exam(client, **overrides) -> Exam:
    data = exam_form(cells=[("true_false", 1, 0.5), ("single", 1, 1)])
    data.update(overrides)
    response = client.post("/manage/exams/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return db.session.scalar(select(Exam).order_by(Exam.id.desc()))


def test_pass_mark_above_the_total_is_refused(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    data = exam_form(cells=[("true_false", 1, 0.5), ("single", 1, 1)])
    data["pass_mark"] = "60"
    response = client.post("/manage/exams/new", data=data)
    assert response.status_code == 400
    assert "及格分（60 分）不能高于满分（1.5 分）" in response.get_data(as_text=True)
    assert db.session.scalar(select(Exam)) is None


def test_pass_mark_above_the_total_is_refused_when_editing_too(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    exam = created_exam(client)
    data = exam_form(cells=[("true_false", 1, 0.5), ("single", 1, 1)])
    data["pass_mark"] = "2"
    response = client.post(f"/manage/exams/{exam.id}/edit", data=data)
    assert response.status_code == 400 and "不能高于满分" in response.get_data(as_text=True)
    db.session.refresh(exam)
    assert exam.pass_mark == 1


def test_service_refuses_a_time_limit_that_is_not_positive(app, content_tree):
    from datetime import datetime

    from app.exams.management import save_exam
    from app.exams.paper import BlueprintError
    from tests.exams.conftest import OBJECTIVE
    from tests.factories import make_user

    owner = make_user(role=Role.INSTRUCTOR)
    values = {"title": "零分钟", "pass_mark": 1.0, "time_limit_seconds": 0}
    try:
        save_exam(None, values, OBJECTIVE, [], owner, datetime(2026, 1, 1))
    except BlueprintError as error:
        assert "限时必须大于 0" in str(error)
    else:
        raise AssertionError("a zero time limit was saved")
    assert db.session.scalar(select(Exam)) is None


def test_closing_before_opening_is_refused_and_times_are_beijing(client, login_as, content_tree):
    from datetime import datetime

    login_as(Role.INSTRUCTOR)
    data = exam_form(cells=[("true_false", 1, 0.5), ("single", 1, 1)])
    data.update(opens_at="2026-03-02T09:00", closes_at="2026-03-01T09:00")
    response = client.post("/manage/exams/new", data=data)
    assert response.status_code == 400 and "关闭时间必须晚于开放时间" in response.get_data(as_text=True)
    exam = created_exam(client, opens_at="2026-03-01T09:00", closes_at="2026-03-02T09:00")
    assert (exam.opens_at, exam.closes_at) == (datetime(2026, 3, 1, 1, 0), datetime(2026, 3, 2, 1, 0))
    page = client.get(f"/manage/exams/{exam.id}/edit").get_data(as_text=True)
    assert 'value="2026-03-01T09:00"' in page and "UTC" not in page


def test_new_exam_is_a_draft_trainees_cannot_see_or_start(app, client, login_as, content_tree):
    from tests.factories import make_user

    login_as(Role.INSTRUCTOR)
    exam = created_exam(client, title="草稿里的月考")
    assert exam.published is False
    assert "草稿" in client.get("/manage/exams/").get_data(as_text=True)
    trainee = make_user()
    other = app.test_client()
    other.post("/auth/login", data={"email": trainee.email, "password": PASSWORD})
    assert "草稿里的月考" not in other.get("/exams/").get_data(as_text=True)
    other.post(f"/exams/{exam.id}/start")
    assert db.session.scalar(select(Attempt)) is None
    response = client.post(f"/manage/exams/{exam.id}/publish")
    assert response.status_code == 302
    assert db.session.get(Exam, exam.id).published is True
    assert "草稿里的月考" in other.get("/exams/").get_data(as_text=True)
    assert other.post(f"/exams/{exam.id}/start").status_code == 302
    assert db.session.scalar(select(Attempt)) is not None


def test_publish_checks_the_bank_again(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    exam = created_exam(client)
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    question.status = "retired"
    db.session.commit()
    response = client.post(f"/manage/exams/{exam.id}/publish", follow_redirects=True)
    assert "题库中只有 0 道可用题目" in response.get_data(as_text=True)
    assert db.session.get(Exam, exam.id).published is False


def test_publish_needs_csrf_and_ownership(app, client, login_as, content_tree):
    from tests.factories import make_user

    login_as(Role.INSTRUCTOR)
    exam = created_exam(client)
    assert client.post(f"/manage/exams/{exam.id}/publish", csrf=False).status_code == 400
    stranger = make_user(role=Role.INSTRUCTOR)
    other = app.test_client()
    other.post("/auth/login", data={"email": stranger.email, "password": PASSWORD})
    refused = other.post(f"/manage/exams/{exam.id}/publish")   # an exam open to all: they see it, only its owner publishes
    assert refused.status_code == 403 and "只有这场考试的创建者或管理员" in refused.get_data(as_text=True)
    assert db.session.get(Exam, exam.id).published is False


def test_preview_shows_a_sample_paper_to_its_instructor_only(app, client, login_as, content_tree):
    from tests.factories import make_user

    login_as(Role.INSTRUCTOR)
    exam = created_exam(client)
    page = client.get(f"/manage/exams/{exam.id}/preview")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "预览试卷" in body and "共 2 题" in body and "满分 1.5 分" in body
    question = db.session.scalar(select(Question).where(Question.uid == "alpha-001"))
    assert question.current.stem[:10] in body
    assert client.get(f"/manage/exams/{exam.id}/preview?seed=99999999999999999999999").status_code == 200
    stranger = make_user(role=Role.INSTRUCTOR)
    other = app.test_client()
    other.post("/auth/login", data={"email": stranger.email, "password": PASSWORD})
    assert other.get(f"/manage/exams/{exam.id}/preview").status_code == 403


def test_default_exams_are_published(runner, app):
    runner.invoke(args=["exams", "defaults"])
    assert all(e.published for e in db.session.scalars(select(Exam)))


# ---- bad input at grading (issue 14, item 11) ----

def open_case_attempt(app, client, login_as):
    exam = make_exam(blueprint=CASES, pass_mark=15)
    trainee = login_as(Role.TRAINEE)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/answers", json={"seq": 1, "position": 0, "values": ["员工培训不足，应当补救并道歉。"]})
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher_of(trainee).email, "password": PASSWORD})
    return staff, db.session.get(Attempt, attempt_id)


def test_grading_a_case_answer_whose_attempt_is_still_open_says_so(app, client, login_as, content_tree, clock):
    staff, attempt = open_case_attempt(app, client, login_as)
    item_id = attempt.items[0].id
    page = staff.get(f"/manage/exams/grading/{item_id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 409 and "还在作答中" in body and "员工培训不足" not in body
    response = staff.post(f"/manage/exams/grading/{item_id}", data={"award-0": "6", "award-1": "2"})
    assert response.status_code == 409 and "还在作答中" in response.get_data(as_text=True)
    assert db.session.scalar(select(GradeChange)) is None
    assert db.session.get(Attempt, attempt.id).status == "open"


def test_grading_refuses_awards_that_are_not_finite_numbers(app, client, login_as, content_tree, clock):
    staff, attempt = open_case_attempt(app, client, login_as)
    client.post(f"/api/attempts/{attempt.id}/submit")
    item_id = attempt.items[0].id
    for junk in ("nan", "inf", "-inf", "1e999", "", "五"):
        response = staff.post(f"/manage/exams/grading/{item_id}", data={"award-0": junk, "award-1": "2"})
        assert response.status_code == 400, junk
        assert "采分点" in response.get_data(as_text=True)
    assert db.session.scalar(select(GradeChange)) is None


def test_a_short_blueprint_row_names_its_chapter_not_its_slug(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    data = exam_form(cells=[("single", 3, 1)])
    data["rows-0-chapter"] = "alpha"
    body = client.post("/manage/exams/new", data=data).get_data(as_text=True)
    assert "第 1 行（单选题，第1章 第一章测试，难度 1-5）：题库中只有 1 道可用题目，需要 3 道。" in body


def test_a_trainee_too_early_reads_the_opening_time_in_beijing_time(app, client, login_as, content_tree, clock):
    from datetime import datetime

    exam = make_exam(opens_at=datetime(2026, 3, 1, 1, 0))
    login_as(Role.TRAINEE)
    body = client.post(f"/exams/{exam.id}/start", follow_redirects=True).get_data(as_text=True)
    assert "考试尚未开始，开始时间：2026年3月1日 09:00（北京时间）" in body, body[-3000:]


def test_extra_time_by_mobile_number_listed_and_withdrawn(client, login_as, exam):
    """Instructors know trainees by phone as often as by e-mail; a grant shows on the page and 0 withdraws it."""
    from app.models import ExtraTime
    from tests.factories import make_user

    login_as(Role.ADMIN)
    trainee = make_user(name="韩梅梅", phone="13800138000")
    page = client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": "+86 138-0013-8000", "minutes": "20"},
                       follow_redirects=True).get_data(as_text=True)
    assert db.session.scalar(select(ExtraTime.seconds).where(ExtraTime.user_id == trainee.id)) == 1200
    assert "韩梅梅（13800138000）：额外 20 分钟" in page
    for junk in ("-5", "241", "abc", ""):
        page = client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": "13800138000", "minutes": junk},
                           follow_redirects=True).get_data(as_text=True)
        assert "额外时间为 0-240 分钟" in page or "请填写分钟数" in page or "不是有效的整数" in page, junk
    assert db.session.scalar(select(ExtraTime.seconds)) == 1200
    page = client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": "13800138000", "minutes": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "已取消 韩梅梅 的额外时间" in page and db.session.scalar(select(func.count()).select_from(ExtraTime)) == 0
