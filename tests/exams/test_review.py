"""The trainee's review of a closed paper: own answer beside the key for every type, right or wrong with the
score, filters and pages from the query string (junk shows everything), the index, the review policy, 纠错."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.exams import review
from app.extensions import db
from app.models import Attempt, Question, QuestionReport, Role
from tests.exams.conftest import CASES, OBJECTIVE, T0, make_exam, position_of, teacher_of
from tests.exams.test_attempts import save
from tests.factories import PASSWORD, make_cohort, make_user

MORE = """---
chapter: alpha
topics: [service-basics]
---

### alpha-101
类型：多选
小节：alpha-traits
难度：2

题干：
属于服务特性的是（　）。

A. 非实体性
B. 可储存性
C. 差异性
D. 标准化

答案：AC
解析：非实体性和差异性都是服务的特性。

### alpha-102
类型：填空
小节：alpha-traits
难度：2

题干：
服务最基本的特性是________。

答案：非实体性|无形性
解析：见“服务的特性”。
"""
ROW = {"count": 1, "points": 1, "topic": "", "chapter": "", "difficulty_min": 1, "difficulty_max": 5}
EVERY_TYPE = [*OBJECTIVE, {**ROW, "type": "multiple", "points": 2}, {**ROW, "type": "fill"}, *CASES]


@pytest.fixture
def bank(content_tree):
    from app.content.sync import sync_content
    from tests.content.tree import write_tree

    sync_content(*write_tree(content_tree[0].parent, **{"questions/02-more.md": MORE}))


def start(client, exam) -> int:
    return int(client.post(f"/exams/{exam.id}/start").headers["Location"].rsplit("/", 1)[1])


def section(html: str, position: int) -> str:
    """The review article of one item, up to the next one."""
    start_at = html.index(f'id="r{position}"')
    end = html.find("<article", start_at)
    return html[start_at:end if end > 0 else len(html)]


def articles(html: str) -> list[int]:
    return [int(p) for p in re.findall(r'<article[^>]* id="r(\d+)"', html)]


@pytest.fixture
def sat(client, login_as, bank, clock):
    """A trainee's closed paper of every type: 判断 wrong, 单选 right and flagged, 多选 half, 填空 right, case answered."""
    trainee = login_as(Role.TRAINEE)
    exam = make_exam(blueprint=EVERY_TYPE, pass_mark=10)
    attempt_id = start(client, exam)
    at = {t: position_of(attempt_id, t) for t in ("true_false", "single", "multiple", "fill", "case")}
    save(client, attempt_id, 1, at["true_false"], ["true"])               # the key is 错
    save(client, attempt_id, 2, at["single"], ["B"], flagged=True)
    save(client, attempt_id, 3, at["multiple"], ["A"])                    # all or nothing: wrong
    save(client, attempt_id, 4, at["fill"], ["无形性"])
    save(client, attempt_id, 5, at["case"], ["员工培训不足，应当补救。"])
    client.post(f"/api/attempts/{attempt_id}/submit")
    return trainee, exam, attempt_id, at


def result(client, attempt_id, query="") -> str:
    response = client.get(f"/exams/attempts/{attempt_id}/result{query}")
    assert response.status_code == 200, query
    return response.get_data(as_text=True)


def test_every_type_shows_the_trainees_own_answer_beside_the_key(client, sat):
    _, _, attempt_id, at = sat
    html = result(client, attempt_id)
    tf = section(html, at["true_false"])
    assert "你的答案：<strong>对</strong>" in tf and "正确答案：<strong>错</strong>" in tf
    assert "✗ 错误" in tf and "得分 <strong>0</strong> / 0.5" in tf
    # every item's inputs have their own name: one shared radio group unchecked all but the last
    assert re.search(rf'name="r{at["true_false"]}" value="true"\s+checked', tf)
    single = section(html, at["single"])
    assert "你的答案：<strong>B</strong>" in single and "正确答案：<strong>B</strong>" in single and "✓ 正确" in single
    assert "⚑ 已标记" in single and "⚑ 已标记" not in tf
    multiple = section(html, at["multiple"])
    assert "你的答案：<strong>A</strong>" in multiple and "正确答案：<strong>AC</strong>" in multiple
    assert "✓ 正确答案（未选）" in multiple
    fill = section(html, at["fill"])
    assert "你的答案：<strong>无形性</strong>" in fill and "正确答案：<strong>非实体性 / 无形性</strong>" in fill
    case = section(html, at["case"])
    assert "员工培训不足，应当补救。" in case and "… 待阅卷" in case and "指出员工培训不足" in case


def test_a_graded_case_shows_each_key_points_award_and_the_comment(app, client, sat):
    trainee, _, attempt_id, at = sat
    item = db.session.get(Attempt, attempt_id).items[at["case"]]
    staff = app.test_client()
    staff.post("/auth/login", data={"email": teacher_of(trainee).email, "password": PASSWORD})
    staff.post(f"/manage/exams/grading/{item.id}", data={"award-0": "6", "award-1": "1.5", "comment": "补救措施写得太简略。"})
    case = section(result(client, attempt_id), at["case"])
    assert re.search(r"指出员工培训不足</td>\s*<td>6</td>\s*<td>6</td>", case)
    assert re.search(r"提出服务补救措施</td>\s*<td>4</td>\s*<td>1.5</td>", case)
    assert "补救措施写得太简略。" in case and "◐ 部分正确" in case


def test_options_are_reviewed_in_the_order_the_trainee_saw_them(client, sat):
    _, _, attempt_id, at = sat
    item = db.session.get(Attempt, attempt_id).items[at["single"]]
    item.option_order = [3, 2, 1, 0]          # shown D C B A: the key (B) was shown third, and chosen there
    db.session.commit()
    single = section(result(client, attempt_id), at["single"])
    assert "你的答案：<strong>C</strong>" in single and "正确答案：<strong>C</strong>" in single


def test_filters_show_the_wrong_the_flagged_and_the_unanswered(client, sat):
    _, _, attempt_id, at = sat
    assert sorted(articles(result(client, attempt_id, "?show=wrong"))) == sorted([at["true_false"], at["multiple"]])
    assert articles(result(client, attempt_id, "?show=flagged")) == [at["single"]]
    html = result(client, attempt_id, "?show=unanswered")
    assert articles(html) == [] and "没有符合条件的题目" in html
    review_part = html.split('id="review"', 1)[1]
    assert 'aria-current="page">未作答（0）</a>' in review_part and review_part.count('aria-current="page"') == 1


@pytest.mark.parametrize("query", ["?show=", "?show=WRONG", "?show=%3Cscript%3E", "?show=wrong&show=flagged&page=abc",
                                   "?page=99999999999999999999", "?page=-1", "?show[]=1", "?page=1e999"])
def test_junk_filters_and_pages_show_the_whole_paper(client, sat, query):
    _, _, attempt_id, _ = sat
    html = result(client, attempt_id, query)
    assert len(articles(html)) in (5, 2)       # every item, or the wrong ones when the first show= was good
    assert "<script>" not in html.split('id="review"')[1]


def test_pages_keep_the_paper_short_and_the_index_finds_every_item(client, sat, monkeypatch):
    _, _, attempt_id, _ = sat
    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    first = result(client, attempt_id)
    paper = [i.position for i in db.session.get(Attempt, attempt_id).items]
    assert articles(first) == paper[:2] and "第 1 / 3 页" in first
    assert f'href="/exams/attempts/{attempt_id}/result?page=3#r{paper[4]}"' in first      # the index jumps across pages
    assert f'href="/exams/attempts/{attempt_id}/result#r{paper[0]}"' in first
    assert articles(result(client, attempt_id, "?page=3")) == paper[4:]
    assert articles(result(client, attempt_id, "?page=99")) == paper[4:]                     # past the end: the last page
    wrong = result(client, attempt_id, "?show=wrong")
    assert f'href="/exams/attempts/{attempt_id}/result?show=wrong#r' in wrong
    single = db.session.get(Attempt, attempt_id).items
    right = next(i.position for i in single if i.question.type == "single")
    assert re.search(rf'href="/exams/attempts/{attempt_id}/result(\?page=\d)?#r{right}"', wrong)   # outside the filter: 全部


@pytest.mark.parametrize("policy", ["never", "after_close"])
def test_no_key_or_correctness_when_the_policy_keeps_the_review_closed(client, login_as, bank, clock, policy):
    login_as(Role.TRAINEE)
    exam = make_exam(blueprint=EVERY_TYPE, review_policy=policy, closes_at=T0 + timedelta(days=1))
    attempt_id = start(client, exam)
    save(client, attempt_id, 1, position_of(attempt_id, "true_false"), ["true"])
    save(client, attempt_id, 2, position_of(attempt_id, "single"), ["B"])
    client.post(f"/api/attempts/{attempt_id}/submit")
    for query in ("", "?show=wrong", "?show=flagged&page=2"):
        html = result(client, attempt_id, query)
        for leak in ("正确答案", "✓", "✗", "只看错题", "服务不可储存", "非实体性是最基本的特性", "指出员工培训不足", "<article"):
            assert leak not in html, (query, leak)
        assert "判断题" in html          # the summary by type still says how many there were


def test_the_review_opens_once_an_after_close_exam_has_closed(client, login_as, bank, clock):
    login_as(Role.TRAINEE)
    exam = make_exam(blueprint=OBJECTIVE, review_policy="after_close", closes_at=T0 + timedelta(hours=1))
    attempt_id = start(client, exam)
    client.post(f"/api/attempts/{attempt_id}/submit")
    assert "正确答案" not in result(client, attempt_id)
    clock["now"] = T0 + timedelta(hours=2)
    assert "正确答案" in result(client, attempt_id) and "只看错题" in result(client, attempt_id)


def test_another_trainees_or_an_instructors_look_at_the_review_is_404(app, sat):
    trainee, _, attempt_id, _ = sat
    for role in (Role.TRAINEE, Role.INSTRUCTOR):
        other = make_user(role=role)
        intruder = app.test_client()
        intruder.post("/auth/login", data={"email": other.email, "password": PASSWORD})
        for query in ("", "?show=wrong", "?page=2"):
            assert intruder.get(f"/exams/attempts/{attempt_id}/result{query}").status_code == 404


def test_each_reviewed_question_has_a_report_form_that_comes_back_without_script(client, sat):
    _, _, attempt_id, at = sat
    qid = db.session.get(Attempt, attempt_id).items[at["true_false"]].question_id
    here = f"/exams/attempts/{attempt_id}/result?show=wrong#r{at['true_false']}"
    tf = section(result(client, attempt_id, "?show=wrong"), at["true_false"])
    assert f'action="/feedback/questions/{qid}"' in tf and f'name="next" value="{here.replace("&", "&amp;")}"' in tf
    assert "答案有误" in tf and "题干不清" in tf
    response = client.post(f"/feedback/questions/{qid}", data={"reason": "answer", "text": "我觉得是对的", "next": here})
    assert response.status_code == 302 and response.headers["Location"] == here
    assert "已收到你的纠错" in result(client, attempt_id)
    report = db.session.scalar(select(QuestionReport))
    assert (report.question_id, report.reason, report.text) == (qid, "answer", "我觉得是对的")
    in_place = client.post(f"/feedback/questions/{qid}", data={"reason": "stem", "next": here}, headers={"Accept": "application/json"})
    assert in_place.status_code == 200 and "已收到" in in_place.json["message"]


@pytest.mark.parametrize("next_url", ["//evil.example/exams/attempts/1/result", "/exams/attempts/1/result?x=1#r0\"><b>",
                                      "https://evil.example/", "/exams/attempts/1/result/../../admin"])
def test_a_report_never_sends_the_trainee_to_a_page_it_should_not(client, login_as, content_tree, next_url):
    login_as(Role.TRAINEE)
    qid = db.session.scalar(select(Question.id).where(Question.uid == "alpha-001"))
    response = client.post(f"/feedback/questions/{qid}", data={"reason": "answer", "next": next_url})
    assert response.headers["Location"] == "/feedback/mine"


def test_the_result_shows_the_cohort_standing_from_five_peers(client, sat):
    trainee, exam, attempt_id, _ = sat
    peers = [make_user() for _ in range(5)]
    make_cohort(members=[trainee, *peers])
    mine = db.session.get(Attempt, attempt_id)

    def graded(peer, score):
        db.session.add(Attempt(exam_id=exam.id, user_id=peer.id, seed=1, started_at=T0, deadline=T0, submit_until=T0,
                               status="graded", closed_at=T0, score=score, max_score=mine.max_score))
        db.session.commit()

    for peer in peers[:4]:
        graded(peer, -1)
    assert "超过本班" not in result(client, attempt_id)
    mine.status, mine.score = "graded", 3.0      # the case graded: the attempt has its score
    db.session.commit()
    assert "超过本班" not in result(client, attempt_id)     # four peers
    graded(peers[4], 3.0)                                   # a tie is not beaten
    html = result(client, attempt_id)
    assert "超过本班 <strong>80%</strong> 的学员" in html
    assert all(p.name not in html for p in peers)
