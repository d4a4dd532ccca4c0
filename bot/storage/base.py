"""The storage contract every backend implements.

Callers (cogs, the quiz engine, the daily scheduler) depend only on this class
and the dataclasses in :mod:`bot.storage.models`. A PostgreSQL backend would be
a second subclass; nothing outside ``bot/storage`` would change.

Every method is a coroutine. Methods that take ``at`` use the store's clock
when it is None, so tests never sleep. Writes that must not happen twice (a
quiz win, a daily post, a closed daily question) return a bool that is True
for exactly one caller, enforced by the database, not by Python checks.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from .models import (
    Attempt,
    AttemptResult,
    DailyPost,
    DailySchedule,
    DeckInfo,
    GuildSettings,
    LeaderboardPage,
    MemberStats,
    Season,
    SrsState,
    Standing,
    StoredDeck,
    Streaks,
)


class Store(ABC):
    # -- lifecycle ---------------------------------------------------------
    @abstractmethod
    async def close(self) -> None: ...

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @abstractmethod
    async def check_integrity(self) -> str:
        """'ok', or the database's description of what is damaged."""

    # -- attempts and scores -----------------------------------------------
    @abstractmethod
    async def record_attempt(self, attempt: Attempt) -> AttemptResult:
        """Store one graded answer with its score aggregates in one transaction.

        When ``attempt.question_id`` is set and the answer is correct, the same
        transaction claims the question: the first such attempt wins and keeps
        its points; later correct ones are stored with 0 points and won=False.
        """

    @abstractmethod
    async def record_attempts_batch(self, attempts: Sequence[Attempt]) -> int:
        """Store many attempts in one transaction (imports, back-fills).

        Attempts here may not carry a ``question_id``: races need
        :meth:`record_attempt`. Returns how many were stored.
        """

    @abstractmethod
    async def claim_question_win(
        self, guild_id: int, channel_id: int, question_id: str, member_id: int, *, at: datetime | None = None
    ) -> bool:
        """True for exactly one caller per (guild, channel, question)."""

    @abstractmethod
    async def question_winner(self, guild_id: int, channel_id: int, question_id: str) -> int | None: ...

    @abstractmethod
    async def question_claims(self, guild_id: int, channel_id: int, prefix: str) -> list[tuple[str, int, datetime]]:
        """Claims whose question id starts with ``prefix``, earliest first: (question id, member, when).

        Lets a daily question count who answered and who was right from the
        claims its answers made, with an index range scan (``prefix`` must be
        non-empty ASCII).
        """

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
    async def streaks(self, guild_id: int, member_id: int, *, at: datetime | None = None) -> Streaks: ...

    # -- seasons -------------------------------------------------------------
    @abstractmethod
    async def current_season(self, guild_id: int) -> Season | None: ...

    @abstractmethod
    async def start_season(self, guild_id: int, *, at: datetime | None = None) -> Season:
        """End the current season (its standings stay readable) and open the next."""

    @abstractmethod
    async def seasons(self, guild_id: int) -> list[Season]: ...

    # -- settings ------------------------------------------------------------
    @abstractmethod
    async def get_settings(self, guild_id: int) -> GuildSettings: ...

    @abstractmethod
    async def update_settings(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change some settings; unknown names or bad values raise SettingsError."""

    # -- daily questions -------------------------------------------------------
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
    ) -> DailySchedule:
        """Create or replace a channel's schedule; time_zone defaults to the guild's."""

    @abstractmethod
    async def get_schedule(self, channel_id: int) -> DailySchedule | None: ...

    @abstractmethod
    async def schedules(self, guild_id: int | None = None, *, enabled_only: bool = False) -> list[DailySchedule]: ...

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
    async def open_daily_posts(self, guild_id: int | None = None) -> list[DailyPost]:
        """Posts not yet closed, e.g. to resume them after a restart."""

    @abstractmethod
    async def used_cards(self, channel_id: int, deck: str) -> set[str]: ...

    @abstractmethod
    async def reset_used_cards(self, channel_id: int, deck: str) -> int:
        """Forget the channel's history for a deck (when every card has been used)."""

    # -- imported decks ----------------------------------------------------------
    @abstractmethod
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
        """Store an uploaded deck. Names are unique per guild, ignoring case;
        a clash raises DeckExistsError unless ``replace``."""

    @abstractmethod
    async def list_decks(self, guild_id: int) -> list[DeckInfo]: ...

    @abstractmethod
    async def get_deck(self, guild_id: int, name: str) -> StoredDeck | None: ...

    @abstractmethod
    async def remove_deck(self, guild_id: int, name: str) -> bool:
        """Delete the deck file; attempts and boards that used it stay."""

    # -- spaced repetition ---------------------------------------------------------
    @abstractmethod
    async def get_srs(self, guild_id: int, member_id: int, card_key: str) -> SrsState | None: ...

    @abstractmethod
    async def put_srs(self, state: SrsState) -> None: ...

    @abstractmethod
    async def due_cards(
        self,
        guild_id: int,
        member_id: int,
        *,
        deck: str | None = None,
        limit: int = 20,
        at: datetime | None = None,
    ) -> list[SrsState]:
        """Cards due at ``at`` (or now), most overdue first."""
