"""Imported deck files, stored as uploaded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from bot.shared.ids import check_id

from ..decks import KEEP_DECK_INDEX_BYTES, KEEP_DECK_INDEXES, DeckStore, check_deck_name, check_direction
from ..errors import DeckExistsError, QuotaExceededError, StorageError
from ..models import DeckInfo, StoredDeck
from ..periods import from_ms, to_ms
from .connection import SqliteConnection

_COLUMNS = "id, guild_id, name, format, filename, card_count, imported_by, imported_at, length(content), direction"
_INFO = f"SELECT {_COLUMNS} FROM decks"


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _info(row: Any) -> DeckInfo:
    id_, guild_id, name, fmt, filename, count, by, at, size, direction = row
    return DeckInfo(id_, guild_id, name, fmt, filename, count, by, from_ms(at), size, direction)


class SqliteDecks(SqliteConnection, DeckStore):
    async def add_deck(
        self,
        guild_id: int,
        name: str,
        format: str,
        filename: str,
        content: bytes,
        *,
        imported_by: int,
        card_count: int,
        replace: bool = False,
        direction: str | None = None,
        at: datetime | None = None,
        max_decks: int | None = None,
        max_bytes: int | None = None,
    ) -> DeckInfo:
        check_id("guild_id", guild_id)
        direction = check_direction(direction)
        check_id("imported_by", imported_by)
        name = check_deck_name(name)
        if not isinstance(content, (bytes, bytearray)):
            raise TypeError("deck content must be the uploaded file's bytes")
        row = (guild_id, name, _name_key(name), format, filename, bytes(content), card_count, imported_by,
               to_ms(self._clock(at)), direction)
        insert = (
            "INSERT INTO decks (guild_id, name, name_key, format, filename, content, card_count, imported_by,"
            " imported_at, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        if replace:
            insert += (
                " ON CONFLICT (guild_id, name_key) DO UPDATE SET name = excluded.name, format = excluded.format,"
                " filename = excluded.filename, content = excluded.content, card_count = excluded.card_count,"
                " imported_by = excluded.imported_by, imported_at = excluded.imported_at, direction = excluded.direction"
            )
        else:
            # A name already taken changes nothing (a failed statement would end a PostgreSQL transaction).
            insert += " ON CONFLICT (guild_id, name_key) DO NOTHING"
        async with self._tx() as db:
            if max_decks is not None or max_bytes is not None:
                await _check_quota(db, guild_id, _name_key(name), len(content), replace, max_decks, max_bytes)
            if (await db.execute(insert, row)).rowcount == 0:
                existing = await db.execute_fetchall(
                    "SELECT name FROM decks WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name))
                )
                taken = list(existing)[0][0] if existing else name
                raise DeckExistsError(
                    f"this server already has a deck named {taken!r}; remove it first, import with replace,"
                    " or choose another name"
                ) from None
            await self._announce(db, "deck", guild_id, name)
            rows = await db.execute_fetchall(_INFO + " WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name)))
        return _info(list(rows)[0])

    async def deck_usage(self, guild_id: int) -> tuple[int, int]:
        row = await self._fetchone("SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0) FROM decks WHERE guild_id = ?", (guild_id,))
        return (int(row[0]), int(row[1])) if row else (0, 0)

    async def list_decks(self, guild_id: int) -> list[DeckInfo]:
        return [_info(r) for r in await self._fetchall(_INFO + " WHERE guild_id = ? ORDER BY name_key", (guild_id,))]

    async def get_deck(self, guild_id: int, name: str) -> StoredDeck | None:
        row = await self._fetchone(
            f"SELECT {_COLUMNS}, content FROM decks WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name))
        )
        return None if row is None else StoredDeck(_info(row[:10]), bytes(row[10]))

    async def remove_deck(self, guild_id: int, name: str) -> bool:
        async with self._tx() as db:
            cursor = await db.execute("DELETE FROM decks WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name)))
            await self._announce(db, "deck", guild_id, name)
            return cursor.rowcount == 1


    async def load_deck_index(self, content_key: str, code: str) -> bytes | None:
        row = await self._fetchone("SELECT data FROM deck_indexes WHERE content_key = ? AND code = ?", (content_key, code))
        if row is None:
            return None
        try:
            async with self._tx() as db:  # used now: the last to be pruned
                await db.execute(
                    "UPDATE deck_indexes SET used_at = ? WHERE content_key = ?", (to_ms(self._clock(None)), content_key)
                )
        except StorageError:
            pass  # the index was read; only its place in the pruning order is lost (and logged by _tx)
        return bytes(row[0])

    async def save_deck_index(self, content_key: str, code: str, data: bytes) -> None:
        async with self._tx() as db:
            await db.execute("DELETE FROM deck_indexes WHERE code != ?", (code,))
            await db.execute(
                "INSERT INTO deck_indexes (content_key, code, data, used_at) VALUES (?, ?, ?, ?) ON CONFLICT (content_key)"
                " DO UPDATE SET code = excluded.code, data = excluded.data, used_at = excluded.used_at",
                (content_key, code, data, to_ms(self._clock(None))),
            )
            await db.execute(
                "DELETE FROM deck_indexes WHERE content_key IN (SELECT content_key FROM ("
                " SELECT content_key, ROW_NUMBER() OVER newest AS n, SUM(LENGTH(data)) OVER newest AS total"
                " FROM deck_indexes WINDOW newest AS (ORDER BY used_at DESC, content_key)"
                ") AS ranked WHERE n > ? OR total > ?)",
                (KEEP_DECK_INDEXES, KEEP_DECK_INDEX_BYTES),
            )


async def _check_quota(
    db: aiosqlite.Connection, guild_id: int, key: str, size: int, replace: bool, max_decks: int | None, max_bytes: int | None
) -> None:
    """Raise QuotaExceededError if this deck takes the guild past a limit; the copy it replaces is not counted."""
    rows = list(await db.execute_fetchall(
        "SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0),"
        " COALESCE(SUM(CASE WHEN name_key = ? THEN LENGTH(content) END), -1) FROM decks WHERE guild_id = ?",
        (key, guild_id),
    ))
    count, used, same = (int(v) for v in rows[0])
    if same >= 0 and replace:
        count, used = count - 1, used - same
    elif same >= 0:
        return  # the name clash is reported as such, not as a quota
    if max_decks is not None and count + 1 > max_decks:
        raise QuotaExceededError("decks", count, max_decks, 1)
    if max_bytes is not None and used + size > max_bytes:
        raise QuotaExceededError("bytes", used, max_bytes, size)
