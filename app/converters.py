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


def bounded_int(value, default: int | None = None, low: int = 0, high: int = MAX_ID) -> int | None:
    """A query or form value as an int within [low, high]; `default` for anything else."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default
