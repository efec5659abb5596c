"""The account slip (账号单): the logins and initial passwords of an import, shown once.

The passwords are never stored. The slip page carries them, signed, in a hidden field, so its
"download as Excel" button can post them back within an hour without the server keeping a copy.
"""
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.cohorts.roster import SlipRow
from app.reports.exports import to_xlsx

SALT = "account-slip"
MAX_AGE = 3600
HEADERS = ["姓名", "登录账号", "初始密码", "班级"]


class SlipExpired(Exception):
    pass


def sign_slip(rows: list[SlipRow], secret: str, issued_to: int) -> str:
    return URLSafeTimedSerializer(secret, SALT).dumps({"u": issued_to, "rows": [list(vars(r).values()) for r in rows]})


def read_slip(token: str, secret: str, reader: int) -> list[SlipRow]:
    """The rows of a slip signed for `reader` within the last hour; SlipExpired otherwise."""
    try:
        data = URLSafeTimedSerializer(secret, SALT).loads(token, max_age=MAX_AGE)
    except BadSignature:
        raise SlipExpired from None
    if data.get("u") != reader:
        raise SlipExpired
    return [SlipRow(*row) for row in data["rows"]]


def slip_xlsx(rows: list[SlipRow]) -> bytes:
    return to_xlsx(HEADERS, [[r.name, r.login, r.password or "（已有账号，沿用原密码）", r.cohort] for r in rows], "账号单")
