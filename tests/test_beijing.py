"""Beijing time for people, UTC for storage; ids past the database's range are a 404."""
from datetime import datetime

from werkzeug.datastructures import MultiDict
from flask_wtf import FlaskForm

from app.beijing import BeijingDateTimeField, beijing_date, format_beijing, to_utc
from app.converters import bounded_int


def test_date_boundary_is_the_next_day_in_beijing():
    # 23:30 UTC on 5 December is 07:30 on 6 December in Beijing.
    assert format_beijing(datetime(2026, 12, 5, 23, 30)) == "2026年12月6日 07:30"
    assert beijing_date(datetime(2026, 12, 5, 23, 30)).day == 6
    assert format_beijing(None) == ""


def test_entered_beijing_time_is_stored_as_utc():
    assert to_utc(datetime(2026, 12, 6, 9, 0)) == datetime(2026, 12, 6, 1, 0)


def test_form_field_reads_and_shows_beijing_time(app):
    class F(FlaskForm):
        at = BeijingDateTimeField("时间")

    with app.test_request_context():
        form = F(MultiDict({"at": "2026-12-06T07:30"}), meta={"csrf": False})
        assert form.at.data == datetime(2026, 12, 5, 23, 30)
        shown = F(data={"at": datetime(2026, 12, 5, 23, 30)}, meta={"csrf": False})
        assert 'value="2026-12-06T07:30"' in shown.at()


def test_bounded_int_guards_query_values():
    assert bounded_int("12") == 12
    assert bounded_int("99999999999999999999", default=1) == 1
    assert bounded_int("-3", default=None) is None
    assert bounded_int("abc", default=5) == 5


def test_ids_past_the_database_range_are_404_not_500(client, login_as):
    login_as()
    for path in ("/exams/attempts/99999999999999999999", "/exams/attempts/2147483648",
                 "/questions/99999999999999999999"):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "服务器出错" not in response.get_data(as_text=True)
