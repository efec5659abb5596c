"""The starter bank in content/: size, spread over the syllabus, no duplicates, no giveaways."""
import re
from collections import Counter
from pathlib import Path

import pytest

from app.content.loading import load_content
from app.questions.types.base import normalise_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank():
    found = load_content(ROOT / "content", ROOT / "cases")
    assert found.problems == [], "\n".join(map(str, found.problems[:20]))
    return [d for b in found.banks for d in b.drafts] + [q for c in found.cases for q in c.questions]


def published(bank):
    return [d for d in bank if d.status == "published"]


def test_at_least_500_published_questions_with_explanations(bank):
    assert len(published(bank)) >= 500
    assert all(len(d.explanation) >= 10 for d in bank)


def test_every_chapter_has_questions_in_proportion(bank):
    per_topic = Counter(t for d in published(bank) for t in d.topics)
    assert min(per_topic.values()) >= 20, per_topic


def count(bank, predicate) -> int:
    return sum(1 for d in published(bank) if predicate(d))


def test_topic_minimums(bank):
    in_section = lambda *prefixes: lambda d: d.section.startswith(prefixes)  # noqa: E731
    assert count(bank, lambda d: "gap-model" in d.topics) >= 50
    assert count(bank, lambda d: "loyalty" in d.topics) >= 50
    assert count(bank, lambda d: "complaints" in d.topics or d.section.startswith("service-content-complaint")
                 or d.section.startswith("service-content-special")) >= 50
    assert count(bank, in_section("quality-servqual", "quality-gronroos", "quality-technical")) >= 30
    assert count(bank, in_section("satisfaction-measurement")) >= 30
    assert count(bank, lambda d: d.type == "case") >= 24


def test_all_types_present(bank):
    assert set(Counter(d.type for d in published(bank))) == {"true_false", "single", "multiple", "fill", "case"}


def test_no_duplicate_stems(bank):
    stems = Counter(normalise_text(re.sub(r"[（(]\s*[)）]", "", d.stem)) for d in bank)
    duplicates = [s for s, n in stems.items() if n > 1]
    assert not duplicates, duplicates[:5]


def test_single_choice_keys_are_spread(bank):
    keys = Counter(d.payload["answer"] for d in published(bank) if d.type == "single")
    total = sum(keys.values())
    assert all(keys[i] / total > 0.15 for i in range(4)), keys


def test_choice_stems_do_not_contain_the_key(bank):
    """A stem that repeats its correct option word for word gives the answer away."""
    giveaways = []
    for d in published(bank):
        if d.type == "single":
            key = d.payload["options"][d.payload["answer"]]
            distractors = [o for i, o in enumerate(d.payload["options"]) if i != d.payload["answer"]]
            if len(key) >= 4 and key in d.stem and not any(o in d.stem for o in distractors):
                giveaways.append(d.uid)
    assert not giveaways, giveaways
