"""Daily question schedules, posts, and each channel's used-card history."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from datetime import date, datetime
from typing import Any

from bot.shared.errors import SettingsError
from bot.shared.ids import check_id
from bot.shared.zones import zone

from .models import DailyPost, DailySchedule

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_schedule(guild_id: int, channel_id: int, local_time: str, deck: str) -> None:
    """What every backend checks before storing a schedule; raises SettingsError."""
    check_id("guild_id", guild_id)
    check_id("channel_id", channel_id)
    if not isinstance(local_time, str) or not _HH_MM.match(local_time):
        raise SettingsError(f"daily time must be HH:MM on a 24-hour clock, e.g. 09:00 or 18:30; got {local_time!r}")
    if not deck:
        raise SettingsError("a daily schedule needs a deck")


def zone_key(time_zone: str) -> str:
    """A schedule's zone by its canonical IANA name; raises SettingsError for an unknown one."""
    return zone(time_zone).key


class DailyStore(ABC):
    @abstractmethod
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
        """Create or replace a channel's schedule; time_zone defaults to the guild's, ``pick`` to what the
        schedule had (a new one: "weakest")."""

    @abstractmethod
    async def get_schedule(self, channel_id: int) -> DailySchedule | None: ...

    @abstractmethod
    async def schedules(
        self, guild_id: int | None = None, *, enabled_only: bool = False, after: int | None = None, limit: int | None = None
    ) -> list[DailySchedule]:
        """Schedules by channel id; ``after`` and ``limit`` read them a page at a time."""

    @abstractmethod
    async def pause_schedule(self, channel_id: int, reason: str) -> bool: ...

    @abstractmethod
    async def resume_schedule(self, channel_id: int) -> bool: ...

    @abstractmethod
    async def remove_schedule(self, channel_id: int) -> bool: ...

    @abstractmethod
    async def claim_daily_post(
        self, guild_id: int, channel_id: int, post_date: date, deck: str, card_key: str, *, at: datetime | None = None
    ) -> bool:
        """Reserve the channel's post for that local date: True for exactly one caller.

        The winner's card is added to the channel's used-card history and the
        schedule's last-posted date is set, in the same transaction.
        """

    @abstractmethod
    async def get_daily_post(self, channel_id: int, post_date: date) -> DailyPost | None: ...

    @abstractmethod
    async def set_daily_message(self, channel_id: int, post_date: date, message_id: int) -> bool: ...

    @abstractmethod
    async def close_daily_post(
        self, channel_id: int, post_date: date, results: dict[str, Any], *, at: datetime | None = None
    ) -> bool:
        """Close an open post with its results: True for exactly one caller."""

    @abstractmethod
    async def open_daily_posts(self, guild_id: int | None = None, *, opened_before: datetime | None = None) -> list[DailyPost]:
        """Posts not yet closed, e.g. to resume them after a restart; ``opened_before``: only those opened by then."""

    @abstractmethod
    async def used_cards(self, channel_id: int, deck: str) -> set[str]: ...

    @abstractmethod
    async def reset_used_cards(self, channel_id: int, deck: str) -> int:
        """Forget the channel's history for a deck (when every card has been used)."""

    @abstractmethod
    async def recent_daily_cards(self, channel_id: int, deck: str, since: date) -> set[str]:
        """The cards a channel's daily posts of a deck asked on or after ``since``."""
