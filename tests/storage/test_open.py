"""Opening files: migrations, PRAGMAs and the clear errors for bad files."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import aiosqlite
import pytest

from bot.storage import DatabaseUrl, SqliteStore, StorageError, Store, open_store, register_backend
from bot.storage.schema import LATEST, MIGRATIONS

from .conftest import Clock, attempt


def _pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


async def test_new_file_is_created_at_latest_version_in_wal_mode(db_path: Path) -> None:
    store = await open_store(f"sqlite:///{db_path}")  # absolute path: four slashes
    await store.close()
    assert _pragma(db_path, "user_version") == LATEST
    assert _pragma(db_path, "journal_mode") == "wal"


async def test_relative_url_is_relative_to_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = await open_store()
    await store.close()
    assert (tmp_path / "deckhand.db").is_file()


async def test_connection_settings(file_store: SqliteStore) -> None:
    assert await file_store._fetchone("PRAGMA foreign_keys") == (1,)
    assert await file_store._fetchone("PRAGMA busy_timeout") == (5000,)
    assert await file_store._fetchone("PRAGMA synchronous") == (2,)  # FULL


async def test_reopening_is_idempotent_and_keeps_data(db_path: Path, clock: Clock) -> None:
    for _ in range(3):
        store = await SqliteStore.open(str(db_path), now=clock)
        await store.record_attempt(attempt(7))
        await store.close()
    assert _pragma(db_path, "user_version") == LATEST
    store = await SqliteStore.open(str(db_path), now=clock)
    page = await store.leaderboard(1, "all")
    await store.close()
    assert [(r.member_id, r.points, r.attempts) for r in page.rows] == [(7, 30, 3)]


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert LATEST >= 2


def _insert_v1_attempt(path: Path, member: int, day: str, points: int, correct: int, source: str, deck: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO attempts (guild_id, channel_id, member_id, deck, card_key, question_kind, reply, verdict,"
            " correct, points, time_ms, at_ms, source, local_day, season) VALUES"
            " (1, 10, ?, ?, 'card-1', 'recall', 'x', 'exact', ?, ?, 900, 0, ?, ?, 1)",
            (member, deck, correct, points, source, day),
        )


@pytest.mark.parametrize("start", range(0, LATEST))
async def test_upgrade_from_every_earlier_version(db_path: Path, start: int) -> None:
    """A file left at an older version upgrades and shows the same boards."""
    clock = Clock(datetime(2026, 3, 8, 12, 0, tzinfo=timezone.utc))  # a Sunday
    old = await SqliteStore.open(str(db_path), now=clock, schema_version=start)
    history = [(5, "2026-03-08", 10, 1, "daily", "a"), (5, "2026-03-07", 10, 1, "daily", "b"),
               (6, "2026-03-02", 4, 1, "quiz", "a"),  # Monday, same week
               (6, "2026-03-01", 9, 0, "quiz", "a")]  # previous Sunday: last week
    if start >= 2:  # a version with aggregates writes them itself
        for member, day, points, correct, source, deck in history:
            at = datetime.fromisoformat(day).replace(hour=12, tzinfo=timezone.utc)
            await old.record_attempt(attempt(member, deck=deck, points=points, correct=bool(correct), source=source, at=at))
    await old.close()
    assert _pragma(db_path, "user_version") == start
    if start == 1:  # old attempts written by a version without aggregates
        for row in history:
            _insert_v1_attempt(db_path, *row)
    store = await SqliteStore.open(str(db_path), now=clock)
    await store.record_attempt(attempt(6, deck="a", points=1))
    week = await store.leaderboard(1, "week")
    deck_a = await store.leaderboard(1, "all", deck="a")
    streaks = await store.streaks(1, 5)
    await store.close()
    assert _pragma(db_path, "user_version") == LATEST
    if start >= 1:
        assert [(r.member_id, r.points, r.attempts) for r in week.rows] == [(5, 20, 2), (6, 5, 2)]
        assert [(r.member_id, r.points, r.attempts) for r in deck_a.rows] == [(6, 14, 3), (5, 10, 1)]
        assert (streaks.daily.current, streaks.any.best) == (2, 2)
    else:
        assert [(r.member_id, r.points) for r in week.rows] == [(6, 1)]


async def test_failed_migration_leaves_old_version(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = await SqliteStore.open(str(db_path), schema_version=1)
    await store.close()
    broken = MIGRATIONS[1].__class__(2, "broken", (*MIGRATIONS[1].statements[:2], "THIS IS NOT SQL"))
    monkeypatch.setattr("bot.storage.schema.MIGRATIONS", (MIGRATIONS[0], broken))  # the one list both engines read
    with pytest.raises(StorageError):
        await SqliteStore.open(str(db_path))
    assert _pragma(db_path, "user_version") == 1
    with sqlite3.connect(db_path) as conn:  # the half-applied step was rolled back
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'scores'").fetchone()[0] == 0


async def test_newer_database_is_refused(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    with pytest.raises(StorageError) as caught:
        await open_store(f"sqlite:///{db_path}")
    message = str(caught.value)
    assert f"database version {LATEST + 3}" in message and "newer Deckhand" in message


@pytest.mark.parametrize("content", [b"this is a text file, not a database\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000])
async def test_corrupt_or_foreign_file_gives_clear_error(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(StorageError) as caught:
        await open_store(f"sqlite:///{db_path}")
    assert str(caught.value).startswith(
        "deckhand.db is not a SQLite database (or is corrupt); move it away or set DATABASE_URL to another file"
    )
    assert db_path.read_bytes() == content  # left as it was for the owner to inspect


async def test_missing_folder_gives_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await open_store(f"sqlite:///{tmp_path}/nowhere/deckhand.db")


async def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        await open_store(f"sqlite:///{tmp_path}")


async def test_unwritable_location_gives_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        location = "/proc/deckhand.db"  # root ignores file modes; /proc refuses even root
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        location = str(folder / "deckhand.db")
    with pytest.raises(StorageError, match="read-only or not accessible"):
        await open_store(f"sqlite:///{location}")


async def test_read_only_database_file_gives_clear_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An existing database the bot may read but not write (e.g. a read-only mount)."""
    store = await SqliteStore.open(str(db_path))
    await store.close()
    if os.geteuid() == 0:
        # root ignores file modes: open the same real file through SQLite's read-only mode instead.
        real_connect = aiosqlite.connect
        monkeypatch.setattr(
            aiosqlite, "connect", lambda path, **kw: real_connect(f"file:{path}?mode=ro", uri=True, **kw)
        )
    else:
        db_path.chmod(0o444)
        db_path.parent.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="read-only or not accessible"):
            await open_store(f"sqlite:///{db_path}")
    finally:
        db_path.parent.chmod(0o755)


async def test_closed_store_refuses_work(store: SqliteStore) -> None:
    await store.close()
    await store.close()  # twice is harmless
    with pytest.raises(StorageError, match="closed"):
        await store.leaderboard(1, "all")


async def test_the_url_scheme_picks_a_registered_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.storage
    import bot.storage.url

    monkeypatch.setattr(bot.storage, "_OPENERS", dict(bot.storage._OPENERS))
    monkeypatch.setattr(bot.storage.url, "_PARSERS", dict(bot.storage.url._PARSERS))
    opened: list[str] = []

    def parse(url: str, rest: str) -> DatabaseUrl:
        return DatabaseUrl("lab", str(tmp_path / rest))

    async def opener(url: DatabaseUrl, *, now: Clock | None = None) -> Store:
        opened.append(url.path)
        return await SqliteStore.open(url.path, now=now)

    with pytest.raises(StorageError, match="unknown database kind 'lab'"):
        await open_store("lab://scores.db")
    register_backend("lab", parse, opener)
    store = await open_store("LAB://scores.db")
    try:
        await store.record_attempt(attempt(member=5))
    finally:
        await store.close()
    assert opened == [str(tmp_path / "scores.db")]
    # The same file through the built-in backend: the callers never knew the difference.
    async with await open_store(f"sqlite:///{tmp_path / 'scores.db'}") as again:
        assert (await again.member_stats(1, 5)).attempts == 1
    with pytest.raises(StorageError, match="cannot reach the PostgreSQL server") as caught:
        await open_store("postgresql://deckhand:s3cret@127.0.0.1:1/deckhand")
    assert "s3cret" not in str(caught.value) and "deckhand:***@127.0.0.1:1" in str(caught.value)
