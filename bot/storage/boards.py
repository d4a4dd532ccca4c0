"""Boards, member records, streaks and seasons, read from the score aggregates."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from .models import LeaderboardPage, MemberHistory, MemberStats, Season, Standing, Streaks


class BoardStore(ABC):
    """What /leaderboard and /stats read; written only through :class:`~bot.storage.attempts.AttemptStore`."""

    @abstractmethod
    async def leaderboard(
        self,
        guild_id: int,
        period: str,
        *,
        deck: str | None = None,
        season: int | None = None,
        offset: int = 0,
        limit: int = 10,
        at: datetime | None = None,
    ) -> LeaderboardPage:
        """A page of a guild's board for "today", "week", "month" or "all".

        Order: points desc, then correct answers desc, then member id asc.
        Rank is competition ranking on points alone: equal points share a
        rank and the next rank skips (1, 2, 2, 4). "all" is the current
        season unless ``season`` names another; ``season`` is only accepted
        with "all" (today/week/month are calendar windows across seasons).
        """

    @abstractmethod
    async def member_rank(
        self,
        guild_id: int,
        member_id: int,
        period: str,
        *,
        deck: str | None = None,
        season: int | None = None,
        at: datetime | None = None,
    ) -> Standing | None:
        """The member's line on that board (None if they have no attempts in it)."""

    @abstractmethod
    async def member_stats(
        self,
        guild_id: int,
        member_id: int,
        *,
        period: str = "all",
        deck: str | None = None,
        season: int | None = None,
        cards: int = 5,
        at: datetime | None = None,
    ) -> MemberStats: ...

    @abstractmethod
    async def member_history(
        self, guild_id: int, member_id: int, *, days: int = 365, at: datetime | None = None
    ) -> MemberHistory:
        """A member's answers per local day and per kind of question over the last ``days`` days (today included)."""

    @abstractmethod
    async def streaks(self, guild_id: int, member_id: int, *, at: datetime | None = None) -> Streaks: ...

    # -- seasons -------------------------------------------------------------
    @abstractmethod
    async def current_season(self, guild_id: int) -> Season | None: ...

    @abstractmethod
    async def start_season(self, guild_id: int, *, at: datetime | None = None) -> Season:
        """End the current season (its standings stay readable) and open the next."""

    @abstractmethod
    async def seasons(self, guild_id: int) -> list[Season]: ...
