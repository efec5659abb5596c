"""Beijing time for people, UTC for storage: the one place that converts between them.

The database stores naive UTC datetimes. Every time a user sees goes through the `beijing`
template filter, and every time a user enters goes through `BeijingDateTimeField`, so no view
or service converts by hand.
"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from wtforms import DateTimeLocalField

BEIJING = ZoneInfo("Asia/Shanghai")
FORMATS = {
    "full": "{y}年{m}月{d}日 {H:02d}:{M:02d}",
    "date": "{y}年{m}月{d}日",
    "short": "{m}月{d}日 {H:02d}:{M:02d}",
    "time": "{H:02d}:{M:02d}",
    "clock": "{H:02d}:{M:02d}:{S:02d}",
    "seconds": "{y}年{m}月{d}日 {H:02d}:{M:02d}:{S:02d}",
    "day": "{m}月{d}日",
    "export": "{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}",   # sortable, for spreadsheet columns labelled （北京时间）
}


def to_beijing(utc: datetime) -> datetime:
    """A naive UTC (or aware) datetime as an aware Beijing datetime."""
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=timezone.utc)
    return utc.astimezone(BEIJING)


def to_utc(beijing: datetime) -> datetime:
    """A naive Beijing wall-clock time (as typed in a form) as naive UTC for storage."""
    if beijing.tzinfo is None:
        beijing = beijing.replace(tzinfo=BEIJING)
    return beijing.astimezone(timezone.utc).replace(tzinfo=None)


def format_beijing(utc: datetime | None, style: str = "full") -> str:
    """`2026年12月6日 09:00` for a stored UTC time; an empty string for None."""
    if utc is None:
        return ""
    t = to_beijing(utc)
    return FORMATS[style].format(y=t.year, m=t.month, d=t.day, H=t.hour, M=t.minute, S=t.second)


def beijing_date(utc: datetime):
    """The Beijing calendar day of a stored UTC time (for streaks, 'today', daily counts)."""
    return to_beijing(utc).date()


class BeijingDateTimeField(DateTimeLocalField):
    """A datetime-local input whose value is Beijing wall-clock time; `.data` is naive UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return to_beijing(self.data).strftime("%Y-%m-%dT%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = to_utc(self.data)

    def process_data(self, value):
        self.data = value


def register(app) -> None:
    app.add_template_filter(format_beijing, "beijing")
