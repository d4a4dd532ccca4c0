"""A PostgreSQL connection with the SQLite backend's calling shape, so one set of storage rules serves both.

The storage rules (:mod:`bot.storage.sqlite`'s area files) talk to aiosqlite:
awaited statements, and whole transactions run as plain functions on the
connection's thread (:func:`bot.storage.sqlite.connection.in_thread`). This
module gives them the same two faces over one psycopg connection:

* :class:`Connection`: the blocking face, ``execute(sql, params)`` returning a
  result with ``rowcount``, ``fetchone()`` and ``fetchall()``, as sqlite3 does;
* :class:`AsyncConnection`: the awaited face, each call run in order on the
  connection's own thread, as aiosqlite does.

SQL is written once, in the subset both engines share, with ``?`` placeholders;
:func:`to_postgres` rewrites the few spellings that differ (the placeholders, a
two-argument ``max``, ``TOTAL``, ``group_concat``, an ``INDEXED BY`` hint). Why psycopg and not asyncpg:
asyncpg has only an awaited face, so every rule that runs as one function on the
database thread (an answer, a review, a settled dispute) would need a second,
awaited copy; with psycopg each rule exists once and is tested on both engines.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

import psycopg
from psycopg.types.numeric import NumericLoader

T = TypeVar("T")
log = logging.getLogger(__name__)

_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"[^\"]*\"|\?|%|\bmax\(0, |\bTOTAL\(|\bgroup_concat\(([a-z_.]+)\)|\s+INDEXED BY \w+", re.IGNORECASE
)


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """The PostgreSQL spelling of a statement written for both engines."""

    def swap(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        lowered = text.lower()
        if lowered.startswith("max("):
            return "GREATEST(0, "  # SQLite's max of two values
        if lowered.startswith("total("):
            return "COALESCE(0.0 + SUM("  # TOTAL is a SUM that gives 0.0 for no rows; closed by the caller's ")"
        if lowered.lstrip().startswith("indexed by"):
            return ""  # SQLite's hint of which index to use; PostgreSQL's planner chooses for itself
        if lowered.startswith("group_concat("):
            return f"string_agg({match.group(1)}::text, ',')"
        return text.replace("%", "%%")  # a quoted string or name: only psycopg's own % is doubled

    out = _TOKENS.sub(swap, sql)
    if "COALESCE(0.0 + SUM(" in out:
        out = _close_total(out)
    return out


def _close_total(sql: str) -> str:
    """Give each rewritten ``TOTAL(x)`` its second closing bracket and default: ``COALESCE(0.0 + SUM(x), 0.0)``."""
    marker = "COALESCE(0.0 + SUM("
    out: list[str] = []
    rest = sql
    while (start := rest.find(marker)) >= 0:
        out.append(rest[: start + len(marker)])
        rest = rest[start + len(marker):]
        depth = 1
        for i, ch in enumerate(rest):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                out.append(rest[: i + 1] + ", 0.0)")
                rest = rest[i + 1:]
                break
        else:
            raise ValueError(f"unbalanced TOTAL( in {sql!r}")
    out.append(rest)
    return "".join(out)


class _Number(NumericLoader):
    """NUMERIC results (a SUM of BIGINTs, a division) as int when whole, float otherwise, as SQLite gives them."""

    def load(self, data: Any) -> int | float:  # type: ignore[override]
        value: Decimal = super().load(data)
        return int(value) if value == value.to_integral_value() else float(value)


def _params(params: Iterable[Any]) -> tuple[Any, ...]:
    # sqlite3 stores True as 1; PostgreSQL would refuse a boolean in an integer column.
    return tuple(int(p) if p is True or p is False else p for p in params)


class Result:
    """What ``execute`` gives back: the rows already read, and how many rows the statement changed."""

    __slots__ = ("rowcount", "_rows", "_next")

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.fetchall())


class Connection:
    """One psycopg connection with sqlite3's calling shape; used only from its own thread."""

    def __init__(self, raw: psycopg.Connection[Any], url: str) -> None:
        self.raw = raw
        self._url = url

    def first(self, sql: str, params: Iterable[Any] = ()) -> Result:
        """The first statement of a transaction, or a lone read: when the server has dropped the connection (a
        restart, a failover), it is opened again and the statement sent once more, since nothing was done yet."""
        if self.raw.closed or self.raw.broken:
            self.reopen()
        try:
            return self.execute(sql, params)
        except psycopg.OperationalError:
            if not (self.raw.closed or self.raw.broken):
                raise
            log.warning("the connection to PostgreSQL was lost; connecting again")
            self.reopen()
            return self.execute(sql, params)

    def reopen(self) -> None:
        try:
            self.raw.close()
        finally:
            self.raw = connect_now(self._url).raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Result:
        with self.raw.cursor() as cursor:
            cursor.execute(to_postgres(sql), _params(params))  # type: ignore[arg-type]
            rows = cursor.fetchall() if cursor.description is not None else []
            return Result(rows, cursor.rowcount)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(to_postgres(sql), [_params(p) for p in seq])  # type: ignore[arg-type]

    def close(self) -> None:
        self.raw.close()


def connect_now(url: str) -> Connection:
    """Open a connection in autocommit mode (transactions are begun explicitly, as on SQLite)."""
    # Parameters are bound by the server, and a statement run often is prepared once (psycopg's default):
    # planning a board read costs more than running it. So a parameter must get its type from where it stands
    # ("? IS NULL" alone has none): the SQL avoids that.
    raw = psycopg.connect(url, autocommit=True)
    raw.adapters.register_loader("numeric", _Number)
    return Connection(raw, url)


class _Pending:
    """An ``execute`` call that can be awaited or used with ``async with``, as aiosqlite's can."""

    def __init__(self, run: Callable[[], Any]) -> None:
        self._run = run

    def __await__(self):  # type: ignore[no-untyped-def]
        return self._run().__await__()

    async def __aenter__(self) -> _AsyncResult:
        return await self._run()

    async def __aexit__(self, *exc: object) -> None:
        return None


class _AsyncResult:
    def __init__(self, result: Result) -> None:
        self._result = result
        self.rowcount = result.rowcount

    async def fetchone(self) -> tuple[Any, ...] | None:
        return self._result.fetchone()

    async def fetchall(self) -> list[tuple[Any, ...]]:
        return self._result.fetchall()


class AsyncConnection:
    """The awaited face: every call runs in order on the connection's one thread."""

    def __init__(self, conn: Connection, thread: ThreadPoolExecutor) -> None:
        self._conn = conn
        self._thread = thread

    @classmethod
    async def open(cls, url: str) -> AsyncConnection:
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deckhand-postgresql")
        try:
            conn = await asyncio.get_running_loop().run_in_executor(thread, connect_now, url)
        except BaseException:
            thread.shutdown(wait=False)
            raise
        return cls(conn, thread)

    async def _execute(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, work, *args)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> _Pending:
        async def run() -> _AsyncResult:
            return _AsyncResult(await self._execute(self._conn.execute, sql, tuple(params)))

        return _Pending(run)

    async def execute_fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        result = await self._execute(self._conn.execute, sql, tuple(params))
        return result.fetchall()

    async def first(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """:meth:`Connection.first`, awaited."""
        result = await self._execute(self._conn.first, sql, tuple(params))
        return result.fetchall()

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        await self._execute(self._conn.executemany, sql, list(seq))

    async def close(self) -> None:
        try:
            await self._execute(self._conn.close)
        finally:
            self._thread.shutdown(wait=True)
