"""Quiz rounds in progress, one row per channel."""

from __future__ import annotations

from datetime import datetime

from ..models import SavedRound
from ..periods import from_ms, to_ms
from ..rounds import RoundStore
from .connection import SqliteConnection


class SqliteRounds(SqliteConnection, RoundStore):
    async def save_round(
        self, guild_id: int, channel_id: int, round_id: str, questions: str, progress: str, *, at: datetime | None = None
    ) -> None:
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO quiz_rounds (channel_id, guild_id, round_id, questions, progress, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id,"
                " round_id = excluded.round_id, questions = excluded.questions, progress = excluded.progress,"
                " updated_at = excluded.updated_at",
                (channel_id, guild_id, round_id, questions, progress, to_ms(self._clock(at))),
            )

    async def save_round_progress(self, channel_id: int, round_id: str, progress: str, *, at: datetime | None = None) -> bool:
        async with self._tx() as db:
            cursor = await db.execute(
                "UPDATE quiz_rounds SET progress = ?, updated_at = ? WHERE channel_id = ? AND round_id = ?",
                (progress, to_ms(self._clock(at)), channel_id, round_id),
            )
            return cursor.rowcount == 1

    async def end_round(self, channel_id: int, round_id: str) -> bool:
        async with self._tx() as db:
            cursor = await db.execute("DELETE FROM quiz_rounds WHERE channel_id = ? AND round_id = ?", (channel_id, round_id))
            return cursor.rowcount == 1

    async def saved_rounds(self) -> list[SavedRound]:
        rows = await self._fetchall(
            "SELECT guild_id, channel_id, round_id, questions, progress, updated_at FROM quiz_rounds ORDER BY updated_at"
        )
        return [SavedRound(g, c, r, q, p, from_ms(u)) for g, c, r, q, p, u in rows]
