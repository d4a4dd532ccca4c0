"""Opening, upgrading and serialising writes to a PostgreSQL database, with the SQLite backend's guarantees.

The storage rules are the SQLite backend's own (see :mod:`.driver`); this class
replaces only how a transaction begins and ends and how failures read.

Concurrency: every write transaction first takes one transaction-level advisory
lock, so writers from any number of processes run one at a time, exactly as
SQLite's ``BEGIN IMMEDIATE`` makes them. Each is a handful of indexed
statements, so the lock is held for about a millisecond. Claims (a quiz win, a
daily post) still rest on unique constraints, never on the lock alone. Reads
run in a repeatable-read snapshot, as an SQLite read transaction does.

Durability: PostgreSQL's own (``synchronous_commit`` on, the default): a commit
is on disk before the call returns.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, NoReturn, TypeVar

import psycopg
from psycopg import errors as pg_errors

from ..errors import StorageError
from ..schema import LATEST, MIGRATIONS, for_postgres
from ..sqlite.connection import Clock, SqliteConnection
from ..url import redact
from .driver import AsyncConnection, Connection

log = logging.getLogger(__name__)

WRITE_LOCK = 0x6465636B  # "deck": the advisory lock every write transaction holds
LOCK_TIMEOUT_MS = 5000
"""How long a write waits for another process's (as SQLite's busy timeout)."""

T = TypeVar("T")

_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS deckhand_schema (version BIGINT NOT NULL)"


def describe(where: str, error: BaseException) -> StorageError:
    """A failure as one line a server owner can act on (never the password)."""
    if isinstance(error, pg_errors.DiskFull):
        return StorageError(f"the disk of the PostgreSQL server at {where} is full; free some space")
    if isinstance(error, pg_errors.ReadOnlySqlTransaction):
        return StorageError(f"the PostgreSQL server at {where} is read-only (a standby?); point DATABASE_URL at the primary")
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return StorageError(
            f"the PostgreSQL user of {where} may not create or change Deckhand's tables; grant it the database"
            " (GRANT ALL ON DATABASE ... TO ...; and ownership of its schema) or use another user"
        )
    if isinstance(error, pg_errors.LockNotAvailable):
        return StorageError(
            f"the database at {where} stayed locked by another process for over {LOCK_TIMEOUT_MS // 1000} s"
        )
    if isinstance(error, psycopg.OperationalError):
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StorageError(
            f"cannot reach the PostgreSQL server at {where}: {first}; check DATABASE_URL and that the server is running"
        )
    return StorageError(f"database error in {where}: {str(error).strip().splitlines()[0] if str(error).strip() else error!r}")


def _migrate_now(conn: Connection, where: str, target: int) -> int:
    conn.execute("BEGIN")
    try:
        conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        conn.execute(_VERSION_TABLE)
        row = conn.execute("SELECT version FROM deckhand_schema").fetchone()
        if row is None:
            conn.execute("INSERT INTO deckhand_schema (version) VALUES (0)")
            version = 0
        else:
            version = int(row[0])
        if version > LATEST:
            raise StorageError(
                f"{where} was written by a newer Deckhand (database version {version}, this version knows up to"
                f" {LATEST}); upgrade Deckhand or set DATABASE_URL to another database"
            )
        for step in MIGRATIONS:
            if version < step.version <= target:
                for statement in for_postgres(step):
                    conn.execute(statement)
                version = step.version
        conn.execute("UPDATE deckhand_schema SET version = ?", (version,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version


def _transaction(conn: Connection, work: Callable[[Connection], T]) -> T:
    conn.first("BEGIN")
    try:
        conn.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        _rollback_now(conn)
        raise
    return result


def _rollback_now(conn: Connection) -> None:
    if conn.raw.closed:
        return
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except psycopg.Error:
        pass  # the connection broke mid-transaction: the server has rolled it back


async def connect(url: str, *, target: int = LATEST) -> AsyncConnection:
    where = redact(url)
    try:
        db = await AsyncConnection.open(url)
    except psycopg.Error as error:
        raise describe(where, error) from None
    try:
        await db._execute(_migrate_now, db._conn, where, target)
    except BaseException as error:
        await db.close()
        if isinstance(error, psycopg.Error):
            raise describe(where, error) from None
        raise
    return db


class PostgresConnection(SqliteConnection):
    """The connection, lock and clock of a PostgreSQL store; transactions as :class:`SqliteConnection` has them."""

    ENGINE = "postgresql"

    def __init__(self, db: AsyncConnection, url: str, now: Clock | None = None) -> None:
        super().__init__(db, redact(url), now)  # type: ignore[arg-type]

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            await self._db.close()

    @asynccontextmanager
    async def _tx(self, *, write: bool = True) -> AsyncIterator[Any]:
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            db: AsyncConnection = self._db  # type: ignore[assignment]
            try:
                if write:
                    await db.first("BEGIN")
                    await db.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
                    await db.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                else:
                    await db.first("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield db
                await db.execute("COMMIT")
            except BaseException as error:
                await db._execute(_rollback_now, db._conn)
                self._raise(error, write=write)
            self._wrote(write)

    async def _write_now(self, work: Callable[[Any], T]) -> T:
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            db: AsyncConnection = self._db  # type: ignore[assignment]
            try:
                result = await db._execute(_transaction, db._conn, work)
            except BaseException as error:
                self._raise(error, write=True)
            self._wrote(True)
            return result

    def _raise(self, error: BaseException, *, write: bool) -> NoReturn:
        if isinstance(error, psycopg.Error) and not isinstance(error, pg_errors.IntegrityError):
            described = describe(self._path, error)
            if write:
                self._write_failed(str(described))
            raise described from error
        raise error

    async def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        if self._closed:
            raise StorageError("the store is closed")
        async with self._lock:
            db: AsyncConnection = self._db  # type: ignore[assignment]
            try:
                return list(await db.first(sql, tuple(params)))
            except psycopg.Error as error:
                raise describe(self._path, error) from error

    async def check_integrity(self) -> str:
        await self._fetchall("SELECT 1")
        return "ok"
