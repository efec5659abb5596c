"""The invite link of a cohort and its QR code, drawn by segno as inline SVG (no script, no image request)."""
import segno
from markupsafe import Markup
from sqlalchemy import select

from app.extensions import db
from app.models import Cohort


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as an <svg> element with a viewBox, so CSS can size it for screen and print."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, title="班级邀请二维码"))


def cohort_for_code(code: str) -> Cohort | None:
    code = code.strip().upper()
    if len(code) > 16:
        return None
    return db.session.scalar(select(Cohort).where(Cohort.invite_code == code))
