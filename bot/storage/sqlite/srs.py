"""Spaced-repetition state per member and card."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.shared.ids import check_id

from ..models import SrsState
from ..periods import from_ms, to_ms
from ..srs import SrsStore
from .connection import SqliteConnection

_SRS = "SELECT guild_id, member_id, card_key, deck, state, due_at FROM srs_state"


def _srs(row: Any) -> SrsState:
    guild_id, member_id, card_key, deck, state, due_at = row
    return SrsState(guild_id, member_id, card_key, deck, json.loads(state), from_ms(due_at))


class SqliteSrs(SqliteConnection, SrsStore):
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
