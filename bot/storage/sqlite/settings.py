"""A guild's settings row; values arrive checked by :mod:`bot.settings.guild`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.settings.guild import GuildSettings

from ..periods import to_ms
from ..settings import SettingsStore
from .connection import SqliteConnection


class SqliteSettings(SqliteConnection, SettingsStore):
    async def get_settings(self, guild_id: int) -> GuildSettings:
        row = await self._fetchone(
            "SELECT time_zone, default_deck, answer_seconds, base_points, speed_bonus, hint_penalty,"
            " quiz_channels, strictness, answer_moderator_role, disputes_channel FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id)
        tz, deck, seconds, base, bonus, penalty, channels, strictness, moderators, disputes = row
        return GuildSettings(
            guild_id, tz, deck, seconds, base, bonus, penalty, tuple(json.loads(channels)), strictness, moderators, disputes
        )

    async def _write_settings(self, guild_id: int, values: Mapping[str, Any]) -> None:
        stored = {name: json.dumps(list(value)) if name == "quiz_channels" else value for name, value in values.items()}
        names = list(stored)  # checked against SETTING_NAMES by bot.settings.guild, so safe to splice
        columns = ", ".join(["guild_id", "updated_at", *names])
        marks = ", ".join("?" * (len(names) + 2))
        updates = ", ".join(f"{n} = excluded.{n}" for n in ["updated_at", *names])
        async with self._tx() as db:
            await db.execute(
                f"INSERT INTO guild_settings ({columns}) VALUES ({marks})"
                f" ON CONFLICT (guild_id) DO UPDATE SET {updates}",
                (guild_id, to_ms(self._clock(None)), *stored.values()),
            )
            await self._announce(db, "settings", guild_id)
