"""Shared fixtures: a settable clock and stores on a real file or in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.storage import Attempt, SqliteStore
from tests.helpers import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc))


@pytest.fixture(params=["sqlite", "postgresql"])
async def store(request: pytest.FixtureRequest, clock: Clock) -> AsyncIterator[SqliteStore]:
    """The storage contract runs on both engines: SQLite in memory, and a fresh schema on a real PostgreSQL."""
    if request.param == "sqlite":
        s = await SqliteStore.open(":memory:", now=clock)
    else:
        from bot.storage.postgres import PostgresStore

        s = await PostgresStore.open(request.getfixturevalue("postgres_url"), now=clock)
    yield s
    await s.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "deckhand.db"


@pytest.fixture
async def file_store(db_path: Path, clock: Clock) -> AsyncIterator[SqliteStore]:
    s = await SqliteStore.open(str(db_path), now=clock)
    yield s
    await s.close()


def attempt(
    member: int,
    *,
    guild: int = 1,
    channel: int = 10,
    deck: str = "cold-war",
    card: str = "card-1",
    correct: bool = True,
    points: int = 10,
    source: str = "quiz",
    at: datetime | None = None,
    question: str | None = None,
) -> Attempt:
    return Attempt(
        guild_id=guild,
        channel_id=channel,
        member_id=member,
        deck=deck,
        card_key=card,
        question_kind="recall",
        reply="Khrushchev" if correct else "Stalin",
        verdict="exact" if correct else "wrong",
        correct=correct,
        points=points,
        time_ms=1500,
        source=source,  # type: ignore[arg-type]
        at=at,
        question_id=question,
    )
