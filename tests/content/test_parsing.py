"""Chapter and case parsing: pure, no app."""
from app.content.parsing import parse_case, parse_chapter, plain_text
from tests.content.tree import CASE, CHAPTER_ONE


def test_chapter_sections_links_and_figures():
    doc, problems = parse_chapter(CHAPTER_ONE, "01-alpha.md")
    assert problems == []
    assert [(s.anchor, s.level, s.unit_anchor) for s in doc.sections][:2] == [
        ("alpha-traits", 2, "alpha-traits"), ("alpha-intangible", 3, "alpha-traits")]
    assert ("#alpha-more", 13) in doc.links and ("/chapters/beta#beta-intro", 23) in doc.links
    assert doc.figures == [("traits", 15)]


def test_heading_without_id_is_reported_with_its_line():
    text = CHAPTER_ONE.replace("## 更多内容 {#alpha-more}", "## 更多内容")
    doc, problems = parse_chapter(text, "01-alpha.md")
    assert doc is None
    assert [str(p) for p in problems] == ["01-alpha.md:21: 标题“更多内容”缺少 {#id}。"]


def test_bad_yaml_reports_line():
    text = CHAPTER_ONE.replace("order: 1", "order: [1")
    _, problems = parse_chapter(text, "x.md")
    assert problems and problems[0].line >= 4 and "YAML" in problems[0].message


def test_missing_summary_and_objectives():
    text = CHAPTER_ONE.replace("## 本章小结 {#alpha-summary}", "## 小结 {#alpha-end}").replace("  skills: [能辨别服务特性]\n", "")
    _, problems = parse_chapter(text, "x.md")
    messages = " ".join(p.message for p in problems)
    assert "本章小结" in messages and "skills" in messages


def test_image_outside_figures_and_missing_alt():
    text = CHAPTER_ONE.replace("![服务四特性示意图](figures/traits.svg)", "![](figures/traits.svg) ![x](http://evil/x.png)")
    _, problems = parse_chapter(text, "x.md")
    messages = [p.message for p in problems]
    assert any("替代文字" in m for m in messages) and any("只能引用 figures/" in m for m in messages)


def test_case_keeps_analysis_apart_from_background():
    doc, problems = parse_case(CASE, "card.md")
    assert problems == []
    assert "柜员机" in doc.background and "采分点" not in doc.background
    (question,) = doc.questions
    assert question.uid == "case-card-1" and question.case_slug == "card"
    assert [k["points"] for k in question.payload["key_points"]] == [6, 4]


def test_case_question_must_be_case_type():
    _, problems = parse_case(CASE.replace("类型：案例分析", "类型：判断").replace("采分点：", "答案：对\n采分点："), "card.md")
    assert any("必须是“案例分析”" in p.message for p in problems)


def test_plain_text_drops_markup():
    assert plain_text("## 标题 {#a}\n**粗体** [链接](#b) ![图](figures/x.svg)") == "标题 粗体 链接 图"
