"""Fixtures shared by every test folder."""

from tests.fake_discord.fixtures import error_logs, fake_discord  # noqa: F401

import os

from hypothesis import HealthCheck, settings

# Random decks: a bounded number per test, so the suite stays fast; CI uses the same profile.
settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("DECKHAND_HYPOTHESIS", "default"))


import itertools
from collections.abc import Iterator

import pytest

from tests.postgres_server import NO_SERVER, REQUIRED, create_schema, drop_schema, running_server

_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the whole run (see tests/postgres_server.py), or a skip."""
    with running_server() as url:
        if url is None:
            if REQUIRED:
                pytest.fail(f"DECKHAND_REQUIRE_POSTGRES is set, but there is {NO_SERVER}")
            pytest.skip(f"skipped: {NO_SERVER}")
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A DATABASE_URL naming a fresh, empty schema on the test server."""
    schema = f"test_{os.getpid()}_{next(_schemas)}"
    yield create_schema(postgres_server, schema)
    drop_schema(postgres_server, schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A DATABASE_URL on each engine in turn: a SQLite file, then a fresh schema on the PostgreSQL test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'deckhand.db'}"
    return request.getfixturevalue("postgres_url")
