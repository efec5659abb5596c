import re

from sqlalchemy import select

from app.content.rendering import render_markdown
from app.extensions import db
from app.models import CaseAnswer, Role, SectionRead


def test_chapter_page_has_toc_figure_and_next_link(client, login_as, content_tree):
    login_as()
    body = client.get("/chapters/alpha").get_data(as_text=True)
    assert 'id="toc"' in body and 'href="#alpha-intangible"' in body
    assert '<img alt="服务四特性示意图" loading="lazy" src="/figures/traits.svg"' in body or 'src="/figures/traits.svg"' in body
    assert 'href="/chapters/beta"' in body and "第二章测试" in body
    assert "知道服务的四个特性" in body  # objectives
    assert 'href="/practice/section/alpha-traits">本节练习（1 题）' in body      # alpha-001 is taught there
    assert "本章练习（2 题）" in body


def test_figure_is_served_as_svg_with_strict_csp(client, login_as, content_tree):
    login_as()
    response = client.get("/figures/traits.svg")
    assert response.mimetype == "image/svg+xml" and "<title>四特性</title>" in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    again = client.get("/figures/traits.svg", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/figures/none.svg").status_code == 404


def test_mark_read_by_form_and_json_shows_progress(client, login_as, content_tree):
    user = login_as()
    assert client.post("/chapters/alpha/read", data={"section": "alpha-traits"}).status_code == 302
    response = client.post("/chapters/alpha/read", json={"section": "alpha-intangible", "seconds": 600})  # inside alpha-traits
    assert response.json == {"section": "alpha-intangible", "read": 1, "total": 4}
    client.post("/chapters/alpha/read", json={"section": "alpha-more", "seconds": 600})
    rows = db.session.scalars(select(SectionRead).where(SectionRead.user_id == user.id)).all()
    assert len(rows) == 2
    listing = client.get("/chapters/").get_data(as_text=True)
    assert "已读 2 / 7 个小节" in listing and "2/4" in listing


def test_mark_read_rejects_unknown_section(client, login_as, content_tree):
    login_as()
    assert client.post("/chapters/alpha/read", json={"section": "beta-intro"}).status_code == 404
    assert client.post("/chapters/alpha/read", json={"section": "<script>"}).json == {"error": "小节不存在。"}


def test_case_analysis_opens_only_after_an_answer(client, login_as, content_tree):
    user = login_as()
    before = client.get("/cases/card").get_data(as_text=True)
    assert "分析这次服务失误的原因" in before
    for secret in ("员工培训不足", "业务不熟", "参考答案", "采分点"):
        assert secret not in before
    response = client.post("/cases/card/case-card-1/answer", data={"text": "主要原因是员工培训不足、业务不熟，应当及时补救。"})
    assert response.status_code == 302
    after = client.get("/cases/card").get_data(as_text=True)
    assert "员工培训不足" in after and "参考答案" in after and "主要原因是员工培训不足" in after
    answer = db.session.scalar(select(CaseAnswer).where(CaseAnswer.user_id == user.id))
    assert answer.suggested_score == 10  # both key points matched by their phrasings


def test_empty_case_answer_is_refused_and_keeps_analysis_closed(client, login_as, content_tree):
    login_as()
    client.post("/cases/card/case-card-1/answer", data={"text": "   "})
    page = client.get("/cases/card").get_data(as_text=True)
    assert "请先写下你的分析" in page and "员工培训不足" not in page
    assert db.session.scalar(select(CaseAnswer)) is None


def test_self_scoring_ticks_key_points(client, login_as, content_tree):
    login_as()
    client.post("/cases/card/case-card-1/answer", data={"text": "需要道歉并补救，但我没提到别的原因。"})
    client.post("/cases/card/case-card-1/self-score", data={"points": ["1"]})
    assert db.session.scalar(select(CaseAnswer.self_points)) == [1]
    assert "自评得分：4 分" in client.get("/cases/card").get_data(as_text=True)
    response = client.post("/cases/card/case-card-1/self-score", data={"points": ["7"]})
    assert response.status_code == 302 and db.session.scalar(select(CaseAnswer.self_points)) == [1]


def test_trainee_cannot_self_score_without_an_answer(client, login_as, content_tree):
    login_as()
    assert client.post("/cases/card/case-card-1/self-score", data={"points": ["0"]}).status_code == 404


def test_instructor_sees_reference_analysis_directly(client, login_as, content_tree):
    login_as(Role.INSTRUCTOR)
    assert "员工培训不足" in client.get("/cases/card").get_data(as_text=True)


def test_search_segments_chinese_and_highlights(client, login_as, content_tree):
    login_as()
    body = client.get("/search?q=服务的非实体性").get_data(as_text=True)
    assert 'href="/chapters/alpha#alpha-traits"' in body
    assert re.search(r"<mark>非实体性</mark>", body)
    body = client.get("/search?q=柜员机吞卡").get_data(as_text=True)
    assert 'href="/cases/card"' in body
    body = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body


def test_rendering_is_cached_by_hash():
    first = render_markdown("**甲**", "digest-x")
    assert render_markdown("**乙**", "digest-x") is first
