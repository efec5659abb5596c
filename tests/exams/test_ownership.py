"""Who owns an exam: the owner (or an admin) changes settings, cohorts and regrades; another
instructor sees and acts on their own trainees' rows only."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attempt, Exam, ExamCohort, ExtraTime, GradeChange, Role
from tests.exams.conftest import make_exam, teacher_of
from tests.exams.test_manage import exam_form
from tests.factories import PASSWORD, make_cohort, make_user


def sign_in(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def sit(app, exam, trainee) -> int:
    """The trainee starts and submits the exam with nothing answered; returns the attempt id."""
    client = sign_in(app, trainee)
    attempt_id = int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])
    client.post(f"/api/attempts/{attempt_id}/submit")
    return attempt_id


def test_default_exams_belong_to_the_first_admin_and_an_adminless_database_still_works(runner, app):
    runner.invoke(args=["exams", "defaults"])
    assert set(db.session.scalars(select(Exam.owner_id))) == {None}            # no admin yet: admins-only exams
    instructor = make_user(role=Role.INSTRUCTOR)
    theory = db.session.scalar(select(Exam).where(Exam.title == "理论知识模拟卷"))
    assert sign_in(app, instructor).get(f"/manage/exams/{theory.id}/edit").status_code == 403
    admin = make_user(role=Role.ADMIN)
    make_user(role=Role.ADMIN)
    runner.invoke(args=["exams", "defaults"])
    db.session.expire_all()
    assert set(db.session.scalars(select(Exam.owner_id))) == {admin.id}
    assert sign_in(app, admin).get(f"/manage/exams/{theory.id}/edit").status_code == 200


def test_another_instructor_cannot_restrict_a_shared_exam_to_their_cohort(app, content_tree):
    exam = make_exam(owner_id=make_user(role=Role.ADMIN).id)
    rival = make_user(role=Role.INSTRUCTOR)
    cohort = make_cohort(owner=rival)
    client = sign_in(app, rival)
    assert client.get(f"/manage/exams/{exam.id}/edit").status_code == 403
    response = client.post(f"/manage/exams/{exam.id}/edit", data={**exam_form(cells=[("single", 1, 1)]), "cohorts": [cohort.id]})
    assert response.status_code == 403 and "只有这场考试的创建者或管理员" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ExamCohort)) == 0 and db.session.get(Exam, exam.id).title == "小测"


def test_another_instructor_cannot_regrade(app, content_tree):
    exam = make_exam(owner_id=make_user(role=Role.ADMIN).id)
    trainee = make_user()
    sit(app, exam, trainee)
    client = sign_in(app, teacher_of(trainee))
    assert client.post(f"/manage/exams/{exam.id}/regrade").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(GradeChange)) == 0


def test_extra_time_only_for_ones_own_trainees_and_names_stay_private(app, content_tree):
    exam = make_exam(owner_id=make_user(role=Role.ADMIN).id)
    mine, theirs = make_user(name="自己的学员"), make_user(name="别人的学员")
    teacher_of(theirs)
    client = sign_in(app, teacher_of(mine))
    response = client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": theirs.email, "minutes": "30"}, follow_redirects=True)
    unknown = client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": "nobody@example.com", "minutes": "30"},
                          follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "别人的学员" not in html and "你的班级中没有这个邮箱或手机号的学员" in html
    assert "你的班级中没有这个邮箱或手机号的学员" in unknown.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ExtraTime)) == 0
    client.post(f"/manage/exams/{exam.id}/extra-time", data={"login": mine.email, "minutes": "30"})
    assert db.session.scalar(select(ExtraTime.user_id)) == mine.id


def test_results_item_analysis_and_export_show_only_ones_own_trainees(app, content_tree):
    exam = make_exam(owner_id=make_user(role=Role.ADMIN).id)
    mine, theirs = make_user(name="自己的学员"), make_user(name="别人的学员")
    teacher_of(theirs)
    teacher = teacher_of(mine)
    for trainee in (mine, theirs):
        sit(app, exam, trainee)
    client = sign_in(app, teacher)
    for url in (f"/manage/exams/{exam.id}/results", f"/reports/exams/{exam.id}/results.csv"):
        body = client.get(url).get_data(as_text=True)
        assert "自己的学员" in body and "别人的学员" not in body, url
    items = client.get(f"/reports/exams/{exam.id}/items").get_data(as_text=True)
    omitted = re.findall(r'>(alpha-00\d)</a>.*?<td class="omitted">(\d+)</td>', items, re.S)
    assert sorted(omitted) == [("alpha-001", "1"), ("alpha-002", "1")]      # both left blank; one of the two trainees is mine


@pytest.mark.parametrize("url, method", [("/manage/exams/{id}/results", "GET"), ("/manage/exams/{id}/edit", "GET"),
                                         ("/manage/exams/{id}/regrade", "POST"), ("/manage/exams/{id}/extra-time", "POST"),
                                         ("/reports/exams/{id}/items", "GET"), ("/reports/exams/{id}/results.csv", "GET")])
def test_an_exam_for_another_instructors_cohort_is_404(app, content_tree, url, method):
    owner = make_user(role=Role.INSTRUCTOR)
    exam = make_exam(owner_id=owner.id)
    db.session.add(ExamCohort(exam_id=exam.id, cohort_id=make_cohort(owner=owner).id))
    db.session.commit()
    client = sign_in(app, make_user(role=Role.INSTRUCTOR))
    assert client.open(url.format(id=exam.id), method=method).status_code == 404
    assert client.open(url.format(id=2**63), method=method).status_code == 404


def test_the_owner_still_manages_their_exam(app, content_tree):
    owner = make_user(role=Role.INSTRUCTOR)
    exam = make_exam(owner_id=owner.id)
    client = sign_in(app, owner)
    assert client.get(f"/manage/exams/{exam.id}/edit").status_code == 200
    assert client.post(f"/manage/exams/{exam.id}/regrade").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_the_exam_form_keeps_a_rows_reserved_pool(app, content_tree):
    db.session.execute(Exam.__table__.delete())
    from app.models import Question

    db.session.execute(Question.__table__.update().values(exam_only=True).where(Question.uid == "alpha-001"))
    db.session.commit()
    owner = make_user(role=Role.INSTRUCTOR)
    client = sign_in(app, owner)
    data = {**exam_form(cells=[("single", 1, 1)]), "rows-0-reserved": "y"}
    assert client.post("/manage/exams/new", data=data).status_code == 302
    exam = db.session.scalar(select(Exam))
    assert exam.blueprint[0]["reserved"] is True
    edit = client.get(f"/manage/exams/{exam.id}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*name="rows-0-reserved"|<input[^>]*name="rows-0-reserved"[^>]*checked', edit), re.findall(r'<input[^>]*reserved[^>]*>', edit)[:1]
    refused = client.post("/manage/exams/new", data={**exam_form(cells=[("true_false", 1, 1)]), "rows-0-reserved": "y"})
    assert refused.status_code == 400 and "仅考试专用题" in refused.get_data(as_text=True)
