"""Copying a whole Deckhand database into another: ``python -m bot migrate --to postgresql://...``.

Every table is copied in its primary key's order, in batches, each batch one
transaction on the target with ``ON CONFLICT DO NOTHING``. An interrupted copy
is simply run again: each table goes on from the last row the target holds,
and rows already there are skipped. Then every table is checked: the same
number of rows and the same checksum (SHA-256 over the rows in key order, with
the values as both engines return them).

Not copied: the group-recall snapshots (``deck_recall``, ``card_recall``). They
are sums of the study state, kept by triggers; the first read on the new
database sums them afresh.

Stop the bot before copying: answers written meanwhile to the source would be
missed (the check then fails and says which table differs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import Store
from .errors import StorageError

BATCH = 2_000
DERIVED = ("deck_recall", "card_recall")
"""Tables a copy leaves out: the store rebuilds them from the others when first read."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    copied: int
    """Rows written by this run (fewer than ``rows`` when an earlier, interrupted run wrote the others)."""
    checksum: str


async def _tables(source: Store) -> list[tuple[str, list[str], list[str]]]:
    """(table, columns, primary key columns) for every table the copy takes, from the source's own description."""
    names = await source._fetchall(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    found = []
    for (name,) in names:
        if name in DERIVED:
            continue
        info = await source._fetchall(f'PRAGMA table_info("{name}")')  # type: ignore[attr-defined]
        columns = [row[1] for row in info]
        key = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0]
        found.append((name, columns, key or ["rowid"]))
    return found


def _after(key: list[str], op: str = ">") -> str:
    """``(a, b) > (?, ?)``: keyset paging, written out so both engines read it the same way."""
    if len(key) == 1:
        return f"{key[0]} {op} ?"
    return "(" + ", ".join(key) + f") {op} (" + ", ".join("?" * len(key)) + ")"


async def _batch(store: Store, table: str, columns: list[str], key: list[str], last: tuple[Any, ...] | None) -> list[Any]:
    where = f" WHERE {_after(key)}" if last is not None else ""
    sql = f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY {', '.join(key)} LIMIT {BATCH}"
    return await store._fetchall(sql, last or ())  # type: ignore[attr-defined]


def _insert_now(table: str, columns: list[str], rows: list[Any]) -> Callable[[Any], int]:
    one = "(" + ", ".join("?" * len(columns)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(rows))} ON CONFLICT DO NOTHING"
    values = [value for row in rows for value in row]

    def work(conn: Any) -> int:
        return int(conn.execute(sql, values).rowcount)

    return work


async def _last_key(store: Store, table: str, key: list[str]) -> tuple[Any, ...] | None:
    row = await store._fetchall(  # type: ignore[attr-defined]
        f"SELECT {', '.join(key)} FROM {table} ORDER BY {', '.join(k + ' DESC' for k in key)} LIMIT 1"
    )
    return tuple(row[0]) if row else None


async def _checksum(store: Store, table: str, columns: list[str], key: list[str]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    last: tuple[Any, ...] | None = None
    positions = [columns.index(k) for k in key]
    while rows := await _batch(store, table, columns, key, last):
        for row in rows:
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
        count += len(rows)
        last = tuple(rows[-1][p] for p in positions)
    return count, digest.hexdigest()


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


async def copy_database(source: Store, target: Store, progress: Progress = lambda line: None) -> list[TableCopy]:
    """Copy every table of the SQLite ``source`` into ``target`` (already migrated to the same version), then check
    each. Raises StorageError naming the first table whose rows differ."""
    if getattr(source, "ENGINE", None) != "sqlite":
        raise StorageError("the copy reads a SQLite database: --from must be a sqlite:/// URL")
    if getattr(target, "ENGINE", None) != "postgresql":
        raise StorageError("the copy writes a PostgreSQL database: --to must be a postgresql:// URL")
    tables = await _tables(source)
    done = []
    for table, columns, key in tables:
        if key == ["rowid"]:
            raise StorageError(f"table {table} has no primary key to copy it by")
        total = (await source._fetchall(f"SELECT COUNT(*) FROM {table}"))[0][0]  # type: ignore[attr-defined]
        last = await _last_key(target, table, key)
        copied = 0
        positions = [columns.index(k) for k in key]
        seen = 0 if last is None else (await source._fetchall(  # type: ignore[attr-defined]
            f"SELECT COUNT(*) FROM {table} WHERE {_after(key, '<=')}", last))[0][0]
        if last is not None and seen:
            progress(f"{table}: going on after {seen:,} rows an earlier run copied")
        batches = 0
        while rows := await _batch(source, table, columns, key, last):
            copied += await target._write_now(_insert_now(table, columns, [tuple(_plain(v) for v in r) for r in rows]))  # type: ignore[attr-defined]
            seen += len(rows)
            last = tuple(rows[-1][p] for p in positions)
            if batches % 25 == 0 or seen >= total:  # the first batch, every 25th and the last
                progress(f"{table}: {seen:,} of {total:,} rows")
            batches += 1
        if total == 0:
            progress(f"{table}: empty")
        if "id" in key:
            await target._write_now(_follow_ids(table))  # type: ignore[attr-defined]
        rows_there, sum_there = await _checksum(target, table, columns, key)
        rows_here, sum_here = await _checksum(source, table, columns, key)
        if (rows_there, sum_there) != (rows_here, sum_here):
            raise StorageError(
                f"table {table} differs after the copy ({rows_here:,} rows here, {rows_there:,} there);"
                " was the bot still running on the source? Stop it and run the copy again"
            )
        done.append(TableCopy(table, rows_here, copied, sum_here))
    return done


def _follow_ids(table: str) -> Callable[[Any], None]:
    """New rows on the target get ids after the copied ones."""

    def work(conn: Any) -> None:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )

    return work
