"""URL converters: ids past what the database can hold are a 404, never a 500.

Registered under the name `int`, so every `<int:...>` route in every blueprint gets the bound
without changing the route.
"""
from werkzeug.routing import IntegerConverter

# The largest id both SQLite and PostgreSQL (bigint, integer keys are smaller still) can hold.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """A non-negative integer of at most 10 digits and at most MAX_ID; anything else does not match."""

    regex = r"\d{1,10}"

    def __init__(self, map, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, **kwargs)


def register(app) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_nul_bytes)


def refuse_nul_bytes():
    """A NUL character in a query or form value is refused before any view runs: PostgreSQL cannot
    store or compare text containing it, so it would otherwise surface as a 500 in whichever view reads it."""
    from flask import request

    from app.errors import error_response

    values = [*request.args.keys(), *request.args.values()]
    if request.method not in ("GET", "HEAD") and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
    if any("\x00" in value for value in values):
        return error_response(400, "请求中含有不允许的控制字符（NUL），请删除后重试。")
    return None


def bounded_int(value, default: int | None = None, low: int = 0, high: int = MAX_ID) -> int | None:
    """A query or form value as an int within [low, high]; `default` for anything else."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default
