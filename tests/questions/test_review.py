"""A second reader for every question (issue 17, item 6): the `审核：` header and the bank's use of it."""
from dataclasses import replace
from pathlib import Path

from app.content.loading import load_content
from app.transfer.markdown_bank import parse_bank_file, write_bank

ROOT = Path(__file__).resolve().parents[2]

BLOCK = """---
chapter: gap-model
topics: [gap-model]
---

### gap-model-900
类型：判断
小节：gap-model-gap-5
难度：1
审核：王老师（2026-12-06，对照第九章）

题干：
差距五是顾客期望与顾客感知之间的差距。

答案：对
解析：差距五即感知服务质量差距。（见第九章“差距五”）
"""


def test_reviewer_header_is_read_and_written_back():
    meta, drafts, problems = parse_bank_file(BLOCK, "t.md")
    assert problems == []
    assert drafts[0].reviewer == "王老师（2026-12-06，对照第九章）"
    again = parse_bank_file(write_bank(drafts, meta), "t.md")[1]
    assert [replace(d, line=0) for d in again] == [replace(d, line=0) for d in drafts]


def test_a_question_without_a_reviewer_is_still_valid_as_a_draft():
    text = BLOCK.replace("审核：王老师（2026-12-06，对照第九章）\n", "状态：草稿\n")
    _, drafts, problems = parse_bank_file(text, "t.md")
    assert problems == [] and drafts[0].reviewer == "" and drafts[0].status == "draft"


def test_every_published_question_has_a_second_reader():
    found = load_content(ROOT / "content", ROOT / "cases")
    assert found.problems == []
    questions = [d for b in found.banks for d in b.drafts] + [q for c in found.cases for q in c.questions]
    unread = [d.uid for d in questions if d.status == "published" and not d.reviewer.strip()]
    assert not unread, f"{len(unread)} published questions have no 审核 (reviewer), e.g. {unread[:10]}"
