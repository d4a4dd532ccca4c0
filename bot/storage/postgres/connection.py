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

import asyncio
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors

from ..errors import StorageError
from ..models import CHANGE_KINDS, Change
from ..processes import IDENTIFY_SECONDS
from ..schema import LATEST, for_postgres, pending
from ..sqlite.connection import Clock, SqliteConnection
from ..url import redact
from .driver import AsyncConnection, Connection

log = logging.getLogger(__name__)

WRITE_LOCK = 0x6465636B  # "deck": the advisory lock every write transaction holds
IDENTIFY_LOCK = 0x69640000  # with the bucket: whose turn it is to IDENTIFY
CHANGES = "deckhand_changes"
"""The NOTIFY channel of :meth:`PostgresConnection.listen`."""
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
        for step in pending(version, target, where, "database"):
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


def _begin_now(conn: Connection, write: bool) -> None:
    """Begin a transaction in one trip: a write takes the write lock (waiting at most LOCK_TIMEOUT_MS), a read
    gets a snapshot."""
    if write:
        conn.first("BEGIN")
        conn.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    else:
        conn.first("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _transaction(conn: Connection, work: Callable[[Connection], T]) -> T:
    try:
        _begin_now(conn, True)
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
        self._url = url
        self._sender = uuid.uuid4().hex[:12]
        """Marks this store's own notices, which its listener skips."""
        self._listener: _Listener | None = None
        self._turns: set[asyncio.Task[None]] = set()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._listener is not None:
            await self._listener.close()
        for turn in list(self._turns):
            turn.cancel()
        async with self._lock:
            await self._db.close()

    async def _announce(self, db: Any, kind: str, guild_id: int, name: str = "") -> None:
        # NOTIFY is sent when the transaction commits, and not at all if it rolls back.
        payload = json.dumps({"k": kind, "g": guild_id, "n": name, "s": self._sender}, separators=(",", ":"))
        await db.execute("SELECT pg_notify(?, ?)", (CHANGES, payload))

    async def identify_turn(self, bucket: int, *, initial: bool) -> None:
        """The bucket's advisory lock, on a connection of its own that closes (releasing it) 5 s later."""
        turn = await AsyncConnection.open(self._url)
        try:
            await turn.execute_fetchall("SELECT pg_advisory_lock(?, ?)", (IDENTIFY_LOCK, bucket))
        except BaseException:
            await turn.close()
            raise

        async def release() -> None:
            try:
                await asyncio.sleep(IDENTIFY_SECONDS)
            finally:
                await turn.close()

        task = asyncio.create_task(release())
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)

    async def listen(self, changed: Callable[[Change], None]) -> None:
        if self._listener is None:
            self._listener = _Listener(self._url, self._sender, changed, asyncio.get_running_loop())
            await self._listener.start()

    async def _begin(self, write: bool) -> None:
        db: AsyncConnection = self._db  # type: ignore[assignment]
        await db._execute(_begin_now, db._conn, write)

    async def _abort(self) -> None:
        db: AsyncConnection = self._db  # type: ignore[assignment]
        await db._execute(_rollback_now, db._conn)

    ENGINE_ERROR = psycopg.Error
    DUPLICATE_ERROR = pg_errors.IntegrityError

    async def _transaction_now(self, work: Callable[[Any], T]) -> T:
        db: AsyncConnection = self._db  # type: ignore[assignment]
        return await db._execute(_transaction, db._conn, work)

    def _describe(self, error: Exception) -> StorageError:
        return describe(self._path, error)

    async def _read_now(self, sql: str, params: tuple[Any, ...]) -> Iterable[Any]:
        return await self._db.first(sql, params)  # type: ignore[attr-defined]

    async def check_integrity(self) -> str:
        await self._fetchall("SELECT 1")
        return "ok"


class _Listener:
    """A connection of its own that LISTENs, on a thread of its own, and hands each change to the event loop.

    When the connection drops it connects again (after a pause); changes made
    meanwhile are missed, so it reports a change of everything (``kind`` "all").
    """

    def __init__(self, url: str, sender: str, changed: Callable[[Change], None], loop: asyncio.AbstractEventLoop) -> None:
        self._url, self._sender, self._changed, self._loop = url, sender, changed, loop
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="deckhand-listen", daemon=True)

    async def start(self) -> None:
        self._thread.start()
        await asyncio.to_thread(self._ready.wait, 10)

    async def close(self) -> None:
        self._stop.set()
        await asyncio.to_thread(self._thread.join, 5)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANGES}")
                    self._ready.set()
                    if not first:
                        self._hand(Change("all", 0))  # whatever changed while the connection was down
                    first = False
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5, stop_after=100):
                            self._read(notice.payload)
            except psycopg.Error as error:
                log.warning("listening for other processes' changes failed (%s); trying again in 5 s", error)
                self._ready.set()
                self._stop.wait(5)

    def _read(self, payload: str) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        if data.get("s") == self._sender or data.get("k") not in CHANGE_KINDS:
            return  # this process's own change, or nothing this version knows
        self._hand(Change(data["k"], int(data.get("g") or 0), str(data.get("n") or "")))

    def _hand(self, change: Change) -> None:
        try:
            self._loop.call_soon_threadsafe(self._changed, change)
        except RuntimeError:
            self._stop.set()  # the loop is closed: the store is going away
