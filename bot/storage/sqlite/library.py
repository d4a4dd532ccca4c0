"""Imported deck files and spaced-repetition state."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from ..errors import DeckExistsError, SettingsError
from ..models import DeckInfo, SrsState, StoredDeck, check_id
from ..periods import from_ms, to_ms
from .connection import SqliteConnection

MAX_DECK_NAME = 100

_INFO = (
    "SELECT id, guild_id, name, format, filename, card_count, imported_by, imported_at, length(content) FROM decks"
)
_SRS = "SELECT guild_id, member_id, card_key, deck, state, due_at FROM srs_state"


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _info(row: Any) -> DeckInfo:
    id_, guild_id, name, fmt, filename, count, by, at, size = row
    return DeckInfo(id_, guild_id, name, fmt, filename, count, by, from_ms(at), size)


def _srs(row: Any) -> SrsState:
    guild_id, member_id, card_key, deck, state, due_at = row
    return SrsState(guild_id, member_id, card_key, deck, json.loads(state), from_ms(due_at))


class LibraryMixin(SqliteConnection):
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
        at: datetime | None = None,
    ) -> DeckInfo:
        check_id("guild_id", guild_id)
        check_id("imported_by", imported_by)
        name = " ".join(str(name).split())
        if not name or len(name) > MAX_DECK_NAME:
            raise SettingsError(f"a deck name must be 1 to {MAX_DECK_NAME} characters, got {name!r}")
        if not isinstance(content, (bytes, bytearray)):
            raise TypeError("deck content must be the uploaded file's bytes")
        row = (guild_id, name, _name_key(name), format, filename, bytes(content), card_count, imported_by,
               to_ms(self._clock(at)))
        insert = (
            "INSERT INTO decks (guild_id, name, name_key, format, filename, content, card_count, imported_by,"
            " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        if replace:
            insert += (
                " ON CONFLICT (guild_id, name_key) DO UPDATE SET name = excluded.name, format = excluded.format,"
                " filename = excluded.filename, content = excluded.content, card_count = excluded.card_count,"
                " imported_by = excluded.imported_by, imported_at = excluded.imported_at"
            )
        async with self._tx() as db:
            try:
                await db.execute(insert, row)
            except sqlite3.IntegrityError:
                existing = await db.execute_fetchall(
                    "SELECT name FROM decks WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name))
                )
                taken = list(existing)[0][0] if existing else name
                raise DeckExistsError(
                    f"this server already has a deck named {taken!r}; remove it first, import with replace,"
                    " or choose another name"
                ) from None
            rows = await db.execute_fetchall(_INFO + " WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name)))
        return _info(list(rows)[0])

    async def list_decks(self, guild_id: int) -> list[DeckInfo]:
        return [_info(r) for r in await self._fetchall(_INFO + " WHERE guild_id = ? ORDER BY name_key", (guild_id,))]

    async def get_deck(self, guild_id: int, name: str) -> StoredDeck | None:
        row = await self._fetchone(
            "SELECT id, guild_id, name, format, filename, card_count, imported_by, imported_at, length(content),"
            " content FROM decks WHERE guild_id = ? AND name_key = ?",
            (guild_id, _name_key(name)),
        )
        return None if row is None else StoredDeck(_info(row[:9]), bytes(row[9]))

    async def remove_deck(self, guild_id: int, name: str) -> bool:
        async with self._tx() as db:
            cursor = await db.execute("DELETE FROM decks WHERE guild_id = ? AND name_key = ?", (guild_id, _name_key(name)))
            return cursor.rowcount == 1

    async def get_srs(self, guild_id: int, member_id: int, card_key: str) -> SrsState | None:
        row = await self._fetchone(
            _SRS + " WHERE guild_id = ? AND member_id = ? AND card_key = ?", (guild_id, member_id, card_key)
        )
        return None if row is None else _srs(row)

    async def put_srs(self, state: SrsState) -> None:
        check_id("guild_id", state.guild_id)
        check_id("member_id", state.member_id)
        payload = json.dumps(state.state, separators=(",", ":"))
        due_ms = to_ms(state.due)
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO srs_state (guild_id, member_id, card_key, deck, state, due_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, member_id, card_key) DO UPDATE SET"
                " deck = excluded.deck, state = excluded.state, due_at = excluded.due_at,"
                " updated_at = excluded.updated_at",
                (state.guild_id, state.member_id, state.card_key, state.deck, payload, due_ms,
                 to_ms(self._clock(None))),
            )

    async def due_cards(
        self,
        guild_id: int,
        member_id: int,
        *,
        deck: str | None = None,
        limit: int = 20,
        at: datetime | None = None,
    ) -> list[SrsState]:
        sql = _SRS + " WHERE guild_id = ? AND member_id = ? AND due_at <= ?"
        params: list[Any] = [guild_id, member_id, to_ms(self._clock(at))]
        if deck is not None:
            sql += " AND deck = ?"
            params.append(deck)
        params.append(limit)
        return [_srs(r) for r in await self._fetchall(sql + " ORDER BY due_at LIMIT ?", params)]
