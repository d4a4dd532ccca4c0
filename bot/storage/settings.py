"""A guild's settings.

The rules of what may be stored live in :mod:`bot.settings.guild`;
:meth:`SettingsStore.update_settings` applies them before any backend sees a
value, so a backend only reads and writes checked values.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from bot.settings.guild import GuildSettings, check_changes


class SettingsStore(ABC):
    @abstractmethod
    async def get_settings(self, guild_id: int) -> GuildSettings: ...

    async def update_settings(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change some settings; unknown names or bad values raise SettingsError and change nothing."""
        values = check_changes(guild_id, changes)
        if values:
            await self._write_settings(guild_id, values)
        return await self.get_settings(guild_id)

    @abstractmethod
    async def _write_settings(self, guild_id: int, values: Mapping[str, Any]) -> None:
        """Store checked values (see :func:`bot.settings.guild.check_setting` for their forms)."""
