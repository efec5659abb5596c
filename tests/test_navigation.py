"""Which menu entry a page belongs to: exactly one, or none."""
from app.navigation import active_entry

ENTRIES = ["content.chapters", "content.cases", "content.search", "practice.hub", "practice.book", "exams.index"]


def test_a_page_lights_its_own_entry_or_the_one_that_lists_it():
    assert active_entry(ENTRIES, "content.search") == "content.search"
    assert active_entry(ENTRIES, "content.chapter") == "content.chapters"
    assert active_entry(ENTRIES, "content.case") == "content.cases"
    assert active_entry(ENTRIES, "practice.question") == "practice.hub"


def test_a_blueprint_with_one_entry_lights_it_and_unknown_pages_light_none():
    assert active_entry(ENTRIES, "exams.attempt") == "exams.index"
    assert active_entry(ENTRIES, "content.unknown") is None
    assert active_entry(ENTRIES, "auth.login") is None
    assert active_entry(ENTRIES, None) is None
