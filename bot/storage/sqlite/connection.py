"""Opening, upgrading and serialising access to one SQLite database file.

Concurrency design: one aiosqlite connection per process, guarded by one
``asyncio.Lock`` that is held for a whole transaction. Why this and not a pool:

* SQLite has a single writer at a time anyway; a second connection in the same
  process would only add SQLITE_BUSY waits between our own tasks.
* aiosqlite runs every statement on one worker thread in order. Without the
  lock, two tasks' statements would interleave inside one transaction; with it,
  each transaction (attempt + aggregates + win claim) is atomic and isolated.
* Every transaction is a handful of indexed statements (well under a
  millisecond), and the lock is never held across anything but database calls,
  so queuing behind it is cheaper than any cross-connection locking.

Other processes on the same file are serialised by SQLite itself: writes use
``BEGIN IMMEDIATE`` (take the write lock up front, so two writers never
deadlock upgrading a read lock) and wait up to ``busy_timeout`` (5 s).

A transaction whose statements need nothing from the event loop between them
runs in one trip to aiosqlite's thread (:meth:`SqliteConnection._write_now`,
:func:`in_thread`): each awaited statement is a trip there and back, and a
review's five trips cost more than its fsync.

Durability: WAL journal with ``synchronous=FULL``; a commit is on disk before
the call returns, so killing the process (or the machine) loses nothing that
was committed, and an interrupted transaction simply never happened.
"""

from __future__ import annotations

import asyncio
import math
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import aiosqlite

from ..errors import StorageError
from ..models import Change
from ..processes import IDENTIFY_SECONDS
from ..schema import LATEST, pending

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

Clock = Callable[[], datetime]
T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _describe(path: str, error: sqlite3.Error) -> StorageError:
    """Turn a start-up failure into one line a server owner can act on."""
    name = Path(path).name if path != ":memory:" else path
    code = getattr(error, "sqlite_errorname", "")
    if code in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return StorageError(
            f"{name} is not a SQLite database (or is corrupt); move it away or set DATABASE_URL to another file"
            f" (full path: {path})"
        )
    if code in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
        return StorageError(
            f"cannot write the database {path}: the file or its folder is read-only or not accessible;"
            " fix the permissions or set DATABASE_URL to a writable location"
        )
    if code == "SQLITE_BUSY":
        return StorageError(
            f"the database {path} stayed locked by another process for over {BUSY_TIMEOUT_MS // 1000} s;"
            " is another copy of the bot running on the same file?"
        )
    if code == "SQLITE_FULL":
        return StorageError(f"the disk holding {path} is full; free some space")
    return StorageError(f"database error in {path}: {error}")


async def migrate(db: aiosqlite.Connection, path: str, target: int = LATEST) -> int:
    """Bring the file up to ``target`` in one transaction; returns the version.

    Idempotent: a file already at ``target`` is left alone. The version is read
    after taking the write lock, so two processes starting at once cannot both
    apply the same step.
    """
    await db.execute("BEGIN IMMEDIATE")
    try:
        async with db.execute("PRAGMA user_version") as cursor:
            (version,) = await cursor.fetchone()  # type: ignore[misc]
        for step in pending(version, target, path, "file"):
            for statement in step.statements:
                await db.execute(statement)
            # user_version lives in the file header, inside this transaction.
            await db.execute(f"PRAGMA user_version = {int(step.version)}")
            version = step.version
        # Rewriting the version is a real write even when nothing was due,
        # so a read-only file or mount is reported now, not at the first answer.
        await db.execute(f"PRAGMA user_version = {int(version)}")
        await db.execute("COMMIT")
    except BaseException:
        await _rollback(db)
        raise
    return version


async def in_thread(db: aiosqlite.Connection, work: Callable[..., T], *args: Any) -> T:
    """``work(connection, *args)`` on the connection's own thread, in order with every statement queued before:
    several statements in one trip. (aiosqlite's queue; its range is pinned in pyproject.toml for this.)"""
    return await db._execute(work, db._conn, *args)


def _transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


async def _rollback(db: aiosqlite.Connection) -> None:
    try:
        await db.execute("ROLLBACK")
    except sqlite3.OperationalError:
        pass  # BEGIN itself failed, so there is nothing to roll back


def _probe(path: str) -> None:
    """Open the file and read its header (a non-database fails here)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        conn.close()


async def connect(path: str, *, target: int = LATEST) -> aiosqlite.Connection:
    """Open ``path``, set the connection up and migrate it, or raise StorageError."""
    if path != ":memory:":
        file = Path(path)
        if file.is_dir():
            raise StorageError(f"{path} is a folder, not a database file; set DATABASE_URL to a file path")
        if not file.parent.is_dir():
            raise StorageError(
                f"cannot create the database {path}: the folder {file.parent} does not exist;"
                " create it or set DATABASE_URL to another file"
            )
        # Probe with plain sqlite3 first: when aiosqlite fails to open, its
        # worker thread outlives the call, so refuse bad files before starting it.
        try:
            await asyncio.to_thread(_probe, path)
        except sqlite3.Error as error:
            raise _describe(path, error) from None
    try:
        db = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise _describe(path, error) from None
    try:
        # execute_fetchall: a cursor left open would hold a read transaction.
        await db.execute_fetchall(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await db.execute_fetchall("PRAGMA foreign_keys = ON")
        # The first statement to read the file: a non-database fails here.
        await db.execute_fetchall("SELECT count(*) FROM sqlite_master")
        await db.execute_fetchall("PRAGMA journal_mode = WAL")
        await db.execute_fetchall("PRAGMA synchronous = FULL")
        # 32 MiB of page cache keeps the hot part of the score indexes in memory.
        await db.execute_fetchall("PRAGMA cache_size = -32768")
        if not (await db.execute_fetchall("SELECT sqlite_compileoption_used('ENABLE_MATH_FUNCTIONS')"))[0][0]:
            # An SQLite built without its math functions: the group's recall (bot.storage.sqlite.srs) needs pow().
            await db.create_function("pow", 2, math.pow, deterministic=True)
        await migrate(db, path, target)
    except BaseException as error:
        await db.close()
        if isinstance(error, sqlite3.Error):
            raise _describe(path, error) from None
        raise
    return db


class SqliteConnection:
    """Owns the connection, the lock and the clock; the store mixins build on it."""

    ENGINE = "sqlite"

    def __init__(self, db: aiosqlite.Connection, path: str, now: Clock | None = None) -> None:
        self._db = db
        self._path = path
        self._now: Clock = now or utc_now
        self._lock = asyncio.Lock()
        self._closed = False
        self._failing: str | None = None
        """Why the last write failed, until one succeeds again: the failure is logged once, not per write."""

    @property
    def failing(self) -> str | None:
        """Why writes are failing (a full disk, a read-only file...), or None while they work."""
        return self._failing

    @property
    def path(self) -> str:
        return self._path

    def _clock(self, at: datetime | None) -> datetime:
        if at is None:
            at = self._now()
        if at.tzinfo is None:
            raise ValueError("times must be timezone-aware (use datetime.now(timezone.utc))")
        return at

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            try:
                await self._db.execute("PRAGMA optimize")
            except sqlite3.Error as error:  # advisory; a read-only or full file may refuse it
                log.debug("PRAGMA optimize skipped at close: %s", error)
            finally:
                await self._db.close()

    @asynccontextmanager
    async def _tx(self, *, write: bool = True) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction, alone on the connection.

        On any error, cancellation included, the transaction is rolled back;
        the worker thread runs statements in order, so the rollback always
        comes after whatever statement was in flight.
        """
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            try:
                await self._begin(write)
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException as error:
                await self._abort()
                self._raise(error, write=write)
            self._wrote(write)

    async def _begin(self, write: bool) -> None:
        """Begin :meth:`_tx`'s transaction (each engine its own way); a write takes the write lock now."""
        await self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    async def _abort(self) -> None:
        await _rollback(self._db)

    async def _write_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """A whole write transaction in one trip to the connection's thread, with :meth:`_tx`'s guarantees.

        Each aiosqlite call is a trip to that thread and back (about 0.1 ms on a
        busy loop); a transaction whose statements need nothing from the event
        loop between them runs as one ``work(connection)`` instead. It commits
        or rolls back on that thread; a caller cancelled meanwhile finds it done.
        """
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            try:
                result = await self._transaction_now(work)
            except BaseException as error:
                self._raise(error, write=True)
            self._wrote(True)
            return result

    async def _transaction_now(self, work: Callable[[Any], T]) -> T:
        """:meth:`_write_now`'s transaction on the connection's thread (each engine begins and ends its own)."""
        return await in_thread(self._db, _transaction, work)

    ENGINE_ERROR: type[Exception] = sqlite3.Error
    """What the engine's driver raises; all but a broken uniqueness rule become a :class:`StorageError`."""
    DUPLICATE_ERROR: type[Exception] = sqlite3.IntegrityError

    def _describe(self, error: Exception) -> StorageError:
        return _describe(self._path, error)  # type: ignore[arg-type]

    def _raise(self, error: BaseException, *, write: bool) -> NoReturn:
        if isinstance(error, self.ENGINE_ERROR) and not isinstance(error, self.DUPLICATE_ERROR):
            described = self._describe(error)
            if write:
                self._write_failed(str(described))
            raise described from error
        raise error

    def _wrote(self, write: bool) -> None:
        if write and self._failing is not None:
            log.warning("storage works again: answers are being saved (it had failed: %s)", self._failing)
            self._failing = None

    def _write_failed(self, why: str) -> None:
        if self._failing is None:
            log.error("storage is failing, so nothing is saved until it works again: %s", why)
        else:
            log.debug("storage still failing: %s", why)
        self._failing = why

    async def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """A single read statement: already atomic, so no explicit transaction."""
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            try:
                return list(await self._read_now(sql, tuple(params)))
            except self.ENGINE_ERROR as error:
                raise self._describe(error) from error

    async def _read_now(self, sql: str, params: tuple[Any, ...]) -> Iterable[Any]:
        return await self._db.execute_fetchall(sql, params)

    async def _fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self._fetchall(sql, params)
        return rows[0] if rows else None

    async def _announce(self, db: Any, kind: str, guild_id: int, name: str = "") -> None:
        """Inside a write transaction: tell other processes what it changes (:meth:`listen`). One SQLite file
        serves one process, so there is no one to tell."""

    async def identify_turn(self, bucket: int, *, initial: bool) -> None:
        # One process: discord.py's own pacing, a pause before each IDENTIFY but the first.
        if not initial:
            await asyncio.sleep(IDENTIFY_SECONDS)

    async def listen(self, changed: Callable[[Change], None]) -> None:
        return None  # nothing changes behind this process's back

    async def check_integrity(self) -> str:
        rows = await self._fetchall("PRAGMA integrity_check")
        return "\n".join(str(row[0]) for row in rows)
