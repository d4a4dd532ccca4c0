"""Spaced-repetition state per member and card, and the reviews it was built from.

The scheduler owns what is inside a state. Reviews are written with the
answer they come from (:meth:`~bot.storage.attempts.AttemptStore.record_attempt`
with ``review=``), so a member's memory never counts an answer the boards lost,
or the other way round.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from datetime import date

from .models import CardMemory, DeckRecall, FittedParameters, MemberHistory, Reschedule, ReviewRecord, ScheduledReview, SrsState, StudyReminder


class SrsStore(ABC):
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

    @abstractmethod
    async def reviews(self, guild_id: int, member_id: int, card_key: str | None = None) -> list[ReviewRecord]:
        """A member's reviews, oldest first (of one card, or of every card): what their memory was built from."""

    @abstractmethod
    async def record_review(
        self, guild_id: int, member_id: int, card_key: str, deck: str, kind: str, review: Reschedule,
        *, source: str = "study", at: datetime | None = None,
    ) -> ScheduledReview:
        """A review that is no scored answer (a study card, a flip card rated by the member), in one transaction."""

    @abstractmethod
    async def member_cards(self, guild_id: int, member_id: int, deck: str | None = None) -> list[SrsState]:
        """Every card (of one deck, or of all) the member has met, with their memory of it."""

    @abstractmethod
    async def first_reviews_since(self, guild_id: int, member_id: int, deck: str, since: datetime) -> int:
        """How many of the deck's cards the member met for the first time at or after ``since``."""

    @abstractmethod
    async def study_new_per_day(self, guild_id: int, member_id: int) -> int | None:
        """The member's own number of new cards a day, or None when they never chose one."""

    @abstractmethod
    async def set_study_new_per_day(self, guild_id: int, member_id: int, count: int) -> None: ...

    @abstractmethod
    async def deck_memories(self, guild_id: int, deck: str) -> list[CardMemory]:
        """Every member's memory of every card of a deck they have met: the group's memory."""

    @abstractmethod
    async def due_count(self, guild_id: int, member_id: int, at: datetime) -> int:
        """How many of the member's cards are due at ``at``."""

    @abstractmethod
    async def set_study_reminder(
        self, guild_id: int, member_id: int, *, enabled: bool, local_time: str, time_zone: str
    ) -> StudyReminder:
        """Turn a member's reminder on or off (clearing any reason the bot had turned it off)."""

    @abstractmethod
    async def study_reminder(self, guild_id: int, member_id: int) -> StudyReminder | None: ...

    @abstractmethod
    async def study_reminders(self) -> list[StudyReminder]:
        """Every reminder that is on."""

    @abstractmethod
    async def claim_study_reminder(self, guild_id: int, member_id: int, day: date) -> bool:
        """True for exactly one caller per member and local day: that caller sends the reminder."""

    @abstractmethod
    async def stop_study_reminder(self, guild_id: int, member_id: int, reason: str | None) -> None:
        """Turn a reminder off; ``reason`` says why, for the member's next command (None once they were told)."""

    @abstractmethod
    async def deck_recall(self, guild_id: int, deck: str, at: datetime, *, factor: float, decay: float) -> DeckRecall:
        """The group's recall of a deck's cards at ``at``, summed per card where the rows are.

        Each member's chance of recall is the power-law forgetting curve
        ``(1 + factor * days / stability) ** decay`` (FSRS's; the scheduler says
        ``factor`` and ``decay``), days counted from their last review; a card
        never reviewed counts 0.

        A backend may keep the sums as a snapshot that every review updates and
        sum the deck afresh only when the snapshot is an hour old or the curve
        differs: the figures are then those of the snapshot's time, with each
        review since counted as just made.
        """

    @abstractmethod
    async def review_history(
        self, guild_id: int, member_id: int, *, days: int = 365, at: datetime | None = None, zone: str = "UTC"
    ) -> MemberHistory:
        """A learner's reviews by day (``zone``'s days) and kind, shaped as their answers are for the progress
        picture: a day's "points" are its reviews, its correct ones those rated above Again."""

    @abstractmethod
    async def review_count(self, guild_id: int) -> int: ...

    @abstractmethod
    async def review_guilds(self, minimum: int) -> list[int]:
        """Servers with at least ``minimum`` reviews."""

    @abstractmethod
    async def review_sequences(self, guild_id: int) -> list[list[tuple[int, datetime]]]:
        """Each member's reviews of each card, oldest first, as (rating, when): what parameters are fitted from."""

    @abstractmethod
    async def guild_parameters(self, guild_id: int | None = None) -> list[FittedParameters]:
        """Fitted parameters, of one server or of all."""

    @abstractmethod
    async def set_guild_parameters(self, fitted: FittedParameters) -> None: ...
