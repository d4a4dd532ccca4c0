"""Daily question schedules, posts and each channel's used-card history."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..daily import DailyStore, check_schedule, zone_key
from bot.shared.errors import SettingsError

from ..models import DAILY_PICKS as PICKS
from ..models import DailyPost, DailySchedule
from ..periods import from_ms, to_ms
from .connection import SqliteConnection

_SCHEDULE = (
    "SELECT guild_id, channel_id, local_time, time_zone, deck, enabled, paused_reason, last_posted, pick"
    " FROM daily_schedules"
)
_POST = (
    "SELECT id, guild_id, channel_id, post_date, deck, card_key, opened_at, message_id, closed_at, results"
    " FROM daily_posts"
)


def _schedule(row: Any) -> DailySchedule:
    guild_id, channel_id, local_time, tz, deck, enabled, reason, last, pick = row
    return DailySchedule(
        guild_id, channel_id, local_time, tz, deck, bool(enabled), reason, None if last is None else date.fromisoformat(last),
        pick,
    )


def _post(row: Any) -> DailyPost:
    id_, guild_id, channel_id, post_date, deck, card_key, opened_at, message_id, closed_at, results = row
    return DailyPost(
        id_, guild_id, channel_id, date.fromisoformat(post_date), deck, card_key, from_ms(opened_at), message_id,
        None if closed_at is None else from_ms(closed_at), None if results is None else json.loads(results),
    )


class SqliteDaily(SqliteConnection, DailyStore):
    async def set_schedule(
        self,
        guild_id: int,
        channel_id: int,
        local_time: str,
        deck: str,
        *,
        time_zone: str | None = None,
        enabled: bool = True,
        pick: str | None = None,
    ) -> DailySchedule:
        check_schedule(guild_id, channel_id, local_time, deck)
        if pick is not None and pick not in PICKS:
            raise SettingsError(f"pick must be one of {', '.join(PICKS)}, not {pick!r}")
        if time_zone is None:
            row = await self._fetchone("SELECT time_zone FROM guild_settings WHERE guild_id = ?", (guild_id,))
            time_zone = row[0] if row else "UTC"
        tz_name = zone_key(time_zone)
        async with self._tx() as db:
            # Replacing a schedule keeps last_posted: changing the time after
            # today's post must not make a second post today look due.
            await db.execute(
                "INSERT INTO daily_schedules (channel_id, guild_id, local_time, time_zone, deck, enabled,"
                " paused_reason, updated_at, pick) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)"
                " ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id,"
                " local_time = excluded.local_time, time_zone = excluded.time_zone, deck = excluded.deck,"
                " enabled = excluded.enabled, paused_reason = NULL, updated_at = excluded.updated_at,"
                " pick = CASE WHEN ? = 1 THEN daily_schedules.pick ELSE excluded.pick END",
                (channel_id, guild_id, local_time, tz_name, deck, int(enabled), to_ms(self._clock(None)),
                 pick or "weakest", int(pick is None)),
            )
            rows = await db.execute_fetchall(_SCHEDULE + " WHERE channel_id = ?", (channel_id,))
        return _schedule(list(rows)[0])

    async def get_schedule(self, channel_id: int) -> DailySchedule | None:
        row = await self._fetchone(_SCHEDULE + " WHERE channel_id = ?", (channel_id,))
        return None if row is None else _schedule(row)

    async def schedules(
        self, guild_id: int | None = None, *, enabled_only: bool = False, after: int | None = None, limit: int | None = None
    ) -> list[DailySchedule]:
        clauses: list[str] = []
        params: list[Any] = []
        if guild_id is not None:
            clauses.append("guild_id = ?")
            params.append(guild_id)
        if enabled_only:
            clauses.append("enabled = 1")
        if after is not None:
            clauses.append("channel_id > ?")
            params.append(after)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        page = ""
        if limit is not None:
            page = " LIMIT ?"
            params.append(limit)
        return [_schedule(r) for r in await self._fetchall(_SCHEDULE + where + " ORDER BY channel_id" + page, params)]

    async def _change(self, sql: str, params: tuple[Any, ...]) -> bool:
        """Run one UPDATE/DELETE; True when it touched exactly one row."""
        async with self._tx() as db:
            cursor = await db.execute(sql, params)
            return cursor.rowcount == 1

    async def pause_schedule(self, channel_id: int, reason: str) -> bool:
        return await self._change(
            "UPDATE daily_schedules SET enabled = 0, paused_reason = ? WHERE channel_id = ?", (reason, channel_id)
        )

    async def resume_schedule(self, channel_id: int) -> bool:
        return await self._change(
            "UPDATE daily_schedules SET enabled = 1, paused_reason = NULL WHERE channel_id = ?", (channel_id,)
        )

    async def remove_schedule(self, channel_id: int) -> bool:
        return await self._change("DELETE FROM daily_schedules WHERE channel_id = ?", (channel_id,))

    async def claim_daily_post(
        self, guild_id: int, channel_id: int, post_date: date, deck: str, card_key: str, *, at: datetime | None = None
    ) -> bool:
        at_ms = to_ms(self._clock(at))
        day = post_date.isoformat()
        async with self._tx() as db:
            cursor = await db.execute(
                "INSERT INTO daily_posts (guild_id, channel_id, post_date, deck, card_key, opened_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, post_date) DO NOTHING",
                (guild_id, channel_id, day, deck, card_key, at_ms),
            )
            if cursor.rowcount != 1:
                return False
            await db.execute(
                "UPDATE daily_schedules SET last_posted = ?"
                " WHERE channel_id = ? AND (last_posted IS NULL OR last_posted < ?)",
                (day, channel_id, day),
            )
            await db.execute(
                "INSERT INTO daily_used_cards (channel_id, deck, card_key, used_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (channel_id, deck, card_key) DO UPDATE SET used_at = excluded.used_at",
                (channel_id, deck, card_key, at_ms),
            )
            return True

    async def get_daily_post(self, channel_id: int, post_date: date) -> DailyPost | None:
        row = await self._fetchone(_POST + " WHERE channel_id = ? AND post_date = ?", (channel_id, post_date.isoformat()))
        return None if row is None else _post(row)

    async def set_daily_message(self, channel_id: int, post_date: date, message_id: int) -> bool:
        return await self._change(
            "UPDATE daily_posts SET message_id = ? WHERE channel_id = ? AND post_date = ?",
            (message_id, channel_id, post_date.isoformat()),
        )

    async def close_daily_post(
        self, channel_id: int, post_date: date, results: dict[str, Any], *, at: datetime | None = None
    ) -> bool:
        return await self._change(
            "UPDATE daily_posts SET closed_at = ?, results = ?"
            " WHERE channel_id = ? AND post_date = ? AND closed_at IS NULL",
            (to_ms(self._clock(at)), json.dumps(results), channel_id, post_date.isoformat()),
        )

    async def open_daily_posts(self, guild_id: int | None = None, *, opened_before: datetime | None = None) -> list[DailyPost]:
        sql, params = _POST + " WHERE closed_at IS NULL", []
        if opened_before is not None and guild_id is None:
            # Old open posts only: a range of the index of open posts by age, not every open post.
            sql = _POST + " INDEXED BY daily_posts_open_age WHERE closed_at IS NULL"
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params.append(guild_id)
        if opened_before is not None:
            sql += " AND opened_at <= ?"
            params.append(to_ms(opened_before))
        return [_post(r) for r in await self._fetchall(sql + " ORDER BY opened_at", params)]

    async def used_cards(self, channel_id: int, deck: str) -> set[str]:
        rows = await self._fetchall(
            "SELECT card_key FROM daily_used_cards WHERE channel_id = ? AND deck = ?", (channel_id, deck)
        )
        return {str(r[0]) for r in rows}

    async def reset_used_cards(self, channel_id: int, deck: str) -> int:
        async with self._tx() as db:
            cursor = await db.execute(
                "DELETE FROM daily_used_cards WHERE channel_id = ? AND deck = ?", (channel_id, deck)
            )
            return int(cursor.rowcount)

    async def recent_daily_cards(self, channel_id: int, deck: str, since: date) -> set[str]:
        rows = await self._fetchall(
            "SELECT card_key FROM daily_posts WHERE channel_id = ? AND deck = ? AND post_date >= ?",
            (channel_id, deck, since.isoformat()),
        )
        return {key for (key,) in rows}
