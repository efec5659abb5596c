"""Practice answer URLs accept only the questions served to this trainee.

Each practice page carries a token signed with the app's secret that binds the trainee, the
question and the practice set (mode and key). Nothing is stored, so any app instance can check it;
an answer posted for any other question id, or by another account, is refused.
"""
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "practice-served"
MAX_AGE_SECONDS = 24 * 3600


class NotServed(ValueError):
    """Shown to the trainee as is."""


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def serve_token(secret: str, user_id: int, question_id: int, mode: str, key: str) -> str:
    return _serializer(secret).dumps([user_id, question_id, mode, key])


def check_served(secret: str, token: str, user_id: int, question_id: int, mode: str, key: str) -> None:
    try:
        served = _serializer(secret).loads(token or "", max_age=MAX_AGE_SECONDS)
    except BadSignature:
        raise NotServed("这道题不在为你出的练习中（或页面已过期），请回到练习页面重新作答。") from None
    if served != [user_id, question_id, mode, key]:
        raise NotServed("这道题不在为你出的练习中，请回到练习页面重新作答。")
