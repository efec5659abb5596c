"""A section counts as read after time on screen scaled to its length, or by 标记已读; a glimpse marks nothing."""
from sqlalchemy import func, select

from app.content import reading
from app.extensions import db
from app.models import Section, SectionRead


def reads() -> int:
    return db.session.scalar(select(func.count()).select_from(SectionRead))


def test_a_report_without_enough_time_on_screen_marks_nothing(client, login_as, content_tree):
    login_as()
    for body in ({"section": "alpha-more"}, {"section": "alpha-more", "seconds": 1}, {"section": "alpha-more", "seconds": "lots"},
                 {"section": "alpha-more", "seconds": -1e309}):
        response = client.post("/chapters/alpha/read", json=body)
        assert response.status_code == 422 and "停留时间不够" in response.json["error"], body
    assert reads() == 0


def test_enough_time_on_screen_marks_the_section(client, login_as, content_tree):
    login_as()
    response = client.post("/chapters/alpha/read", json={"section": "alpha-more", "seconds": 600})
    assert response.status_code == 200 and response.json["read"] == 1 and reads() == 1


def test_the_button_marks_at_once(client, login_as, content_tree):
    login_as()
    assert client.post("/chapters/alpha/read", data={"section": "alpha-more"}).status_code == 302
    assert reads() == 1


def test_time_needed_grows_with_length_and_is_capped(app, content_tree):
    short = reading.seconds_needed(40, chars_per_second=10, low=5, high=60)
    assert short == 5
    assert reading.seconds_needed(400, chars_per_second=10, low=5, high=60) == 40
    assert reading.seconds_needed(40000, chars_per_second=10, low=5, high=60) == 60


def test_chapter_page_tells_the_script_how_long_each_section_needs(client, login_as, content_tree):
    login_as()
    html = client.get("/chapters/alpha").get_data(as_text=True)
    units = db.session.scalars(select(Section.anchor).where(Section.level == 2, Section.anchor.like("alpha-%"))).all()
    for anchor in units:
        assert f'data-unit="{anchor}" data-seconds="' in html
