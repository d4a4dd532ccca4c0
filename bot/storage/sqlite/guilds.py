"""What attempts and boards both read first: a guild's time zone and current season."""

from __future__ import annotations

import sqlite3
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.shared.errors import SettingsError
from bot.shared.zones import zone

from ..models import Season
from ..periods import from_ms
from .connection import SqliteConnection, in_thread

ALL_DECKS = ""
"""Deck key of the all-decks rows in ``scores``."""

_CONTEXT = """SELECT (SELECT time_zone FROM guild_settings WHERE guild_id = ?),
    (SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL)"""


def _season(row: Any) -> Season:
    guild_id, number, started_at, ended_at = row
    return Season(guild_id, number, from_ms(started_at), None if ended_at is None else from_ms(ended_at))


def context_now(conn: sqlite3.Connection, guild_id: int, at_ms: int, *, create: bool) -> tuple[ZoneInfo, int]:
    """On the connection's thread: the guild's time zone and current season, opening season 1 on first use."""
    tz_name, season = conn.execute(_CONTEXT, (guild_id, guild_id)).fetchone()
    if season is None:
        season = open_season_now(conn, guild_id, at_ms) if create else 1
    try:
        tz = zone(tz_name or "UTC")
    except SettingsError:
        tz = zone("UTC")  # a zone dropped from tzdata must not stop scoring
    return tz, int(season)


def open_season_now(conn: sqlite3.Connection, guild_id: int, at_ms: int) -> int:
    conn.execute(
        "INSERT INTO seasons (guild_id, number, started_at)"
        " SELECT ?, COALESCE(MAX(number), 0) + 1, ? FROM seasons WHERE guild_id = ?",
        (guild_id, at_ms, guild_id),
    )
    (number,) = conn.execute("SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL", (guild_id,)).fetchone()
    return int(number)


class GuildContext(SqliteConnection):
    async def _context(self, db: aiosqlite.Connection, guild_id: int, at_ms: int, *, create: bool) -> tuple[ZoneInfo, int]:
        """The guild's time zone and current season, opening season 1 on first use."""
        return await in_thread(db, lambda conn: context_now(conn, guild_id, at_ms, create=create))

    async def _open_season(self, db: aiosqlite.Connection, guild_id: int, at_ms: int) -> int:
        return await in_thread(db, open_season_now, guild_id, at_ms)
