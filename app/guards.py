"""Request bodies no view can use are refused before any view runs, with a Chinese message.

One guard here instead of a check in each view: a NUL character (PostgreSQL cannot store or
compare text holding it) in any query, form or JSON value or upload's name, and a JSON body that
is not an object (Flask-WTF reads a JSON body as the form's data and fails on anything else).
"""
from flask import Flask, request

from app.errors import error_response

NUL_MESSAGE = "请求中含有不允许的控制字符（NUL），请删除后重试。"
JSON_MESSAGE = "请求格式不正确：内容应为 JSON 对象。"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def register(app: Flask) -> None:
    app.before_request(refuse_unusable_bodies)


def refuse_unusable_bodies():
    writes = request.method not in ("GET", "HEAD", "OPTIONS")
    body = {}
    if writes and request.is_json and request.get_data(cache=True).strip():     # an empty body reads as {}
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return error_response(400, JSON_MESSAGE)
    values = [*_texts(request.args.lists()), *_texts(body)]
    if writes and request.mimetype in FORM_TYPES:
        values += [*_texts(request.form.lists()), *(f.filename or "" for f in request.files.values())]
    if any("\x00" in value for value in values):
        return error_response(400, NUL_MESSAGE)
    return None


def _texts(value) -> list[str]:
    """Every string in a decoded JSON value or a MultiDict's (key, [values]) pairs, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.items()
    if hasattr(value, "__iter__"):
        return [text for item in value for text in _texts(item)]
    return []
