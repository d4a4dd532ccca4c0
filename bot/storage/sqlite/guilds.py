"""What attempts and boards both read first: a guild's time zone and current season."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.shared.errors import SettingsError
from bot.shared.zones import zone

from ..models import Season
from ..periods import from_ms
from .connection import SqliteConnection

ALL_DECKS = ""
"""Deck key of the all-decks rows in ``scores``."""

_CONTEXT = """SELECT (SELECT time_zone FROM guild_settings WHERE guild_id = ?),
    (SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL)"""


def _season(row: Any) -> Season:
    guild_id, number, started_at, ended_at = row
    return Season(guild_id, number, from_ms(started_at), None if ended_at is None else from_ms(ended_at))


class GuildContext(SqliteConnection):
    async def _context(self, db: aiosqlite.Connection, guild_id: int, at_ms: int, *, create: bool) -> tuple[ZoneInfo, int]:
        """The guild's time zone and current season, opening season 1 on first use."""
        async with db.execute(_CONTEXT, (guild_id, guild_id)) as cursor:
            tz_name, season = await cursor.fetchone()  # type: ignore[misc]
        if season is None:
            season = await self._open_season(db, guild_id, at_ms) if create else 1
        try:
            tz = zone(tz_name or "UTC")
        except SettingsError:
            tz = zone("UTC")  # a zone dropped from tzdata must not stop scoring
        return tz, season

    async def _open_season(self, db: aiosqlite.Connection, guild_id: int, at_ms: int) -> int:
        await db.execute(
            "INSERT INTO seasons (guild_id, number, started_at)"
            " SELECT ?, COALESCE(MAX(number), 0) + 1, ? FROM seasons WHERE guild_id = ?",
            (guild_id, at_ms, guild_id),
        )
        async with db.execute("SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL", (guild_id,)) as c:
            (number,) = await c.fetchone()  # type: ignore[misc]
        return int(number)
