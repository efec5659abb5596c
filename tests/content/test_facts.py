"""Facts the study material once got wrong (issue 17, item 3): each test pins the correction.

A wrong key teaches a trainee the wrong thing for the real exam, so each of these reads the
files a trainee is taught from and fails if the old mistake comes back.
"""
import re

from tests.content.test_syllabus_coverage import ROOT, content, section_text as section  # noqa: F401 (content is a fixture)


def question(content, uid: str):
    drafts = [d for b in content.banks for d in b.drafts] + [q for c in content.cases for q in c.questions]
    return next(d for d in drafts if d.uid == uid)


def text_of(d) -> str:
    options = "\n".join(d.payload.get("options") or [])
    points = "\n".join(k.get("text", "") + " " + " ".join(k.get("keywords", [])) for k in d.payload.get("key_points", []))
    return "\n".join([d.stem, options, points, d.explanation])


def test_gap_one_is_a_company_gap_that_crosses_the_line(content):
    text = section(content, "gap-model-overview")
    assert "差距一至差距四都发生在企业一侧" not in text and "前四个差距在企业内部" not in text
    assert "跨越分界线" in text
    assert question(content, "gap-model-013").payload["answer"] is True


def test_loyalty_levels_are_a_grid_not_a_ranking(content):
    text = section(content, "loyalty-levels")
    assert not re.search(r"由低到高[^。]*无忠诚、惰性忠诚、潜在忠诚、超值忠诚", text)
    assert "不分高下" in text or "没有规定哪一个更高" in text
    summary = section(content, "loyalty-summary")
    assert "由低到高分为无忠诚、惰性忠诚、潜在忠诚" not in summary
    q = question(content, "loyalty-033")
    key = q.payload["options"][q.payload["answer"]]
    assert "不分高下" in key


def test_five_service_means_raise_satisfaction_not_reduce_complaints(content):
    means = ["科学的", "有形化", "自助化", "透明", "服务补救"]
    assert all(m in section(content, "satisfaction-service") for m in means)
    reduce = section(content, "complaints-reduce")
    assert "五种手段" not in reduce
    for n in range(26, 34):
        q = question(content, f"complaints-0{n}")
        if any(m in text_of(q) for m in ("有形化", "自助化", "过程透明", "科学的标准")):
            assert q.section == "satisfaction-service-how", q.uid


def test_the_excellent_level_example_is_the_route_map(content):
    """The late-night-diner case grades the noodle suggestion 优质 and the route map 卓越."""
    text = section(content, "brand-levels")
    excellent = text[text.index("**靠心**"):]
    assert "路线图" in excellent and "热汤面" not in excellent.split("\n")[0]
    assert "路线图" in question(content, "brand-013").stem


def test_satisfaction_abbreviations_are_the_usual_ones(content):
    text = section(content, "satisfaction-csr")
    assert "CSI" in text and "**CS**" in text
    assert "教材中记作 **CSR**" not in text
    bank = "\n".join(d.stem for b in content.banks for d in b.drafts)
    assert "（CSR）" not in bank


def test_one_stop_shopping_is_search_convenience_without_a_transaction_reading(content):
    q = question(content, "service-content-030")
    assert q.payload["blanks"] == [["搜寻"]]
    assert "手续" not in q.stem and "窗口" not in q.stem


def test_fornell_is_spelled_as_chapter_eleven_spells_it(content):
    assert "费耐尔" in section(content, "satisfaction-measurement-acsi")
    for uid in ("gap-model-001", "quality-021"):
        assert "弗内尔" not in text_of(question(content, uid))


def test_swallowed_card_case_claims_only_what_the_story_says(content):
    story = (ROOT / "cases" / "swallowed-card.md").read_text(encoding="utf-8")
    assert "往返三次" not in story and "三次往返" not in story and "一天之内" not in story
    q1 = question(content, "case-swallowed-card-1")
    assert any("差距二" in k["keywords"] for k in q1.payload["key_points"])
    q4 = question(content, "case-swallowed-card-4")
    assert not any("有形性" in k["keywords"] for k in q4.payload["key_points"])
    assert sum(k["points"] for k in q4.payload["key_points"]) == q4.payload["points"]
    assert "差距二" in text_of(q1)
