from tests.practice.conftest import clock  # noqa: F401  (the practice clock, shared)
