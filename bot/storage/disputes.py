"""Disputes of refused answers, their settlement, and the answers a server accepts per card (aliases).

Accepting a dispute is one transaction: the alias, every matching refused
answer of that card re-graded and credited with the aggregates the boards and
streaks read, the members' reviews corrected and their memory of the card
worked out again (through the caller's ``replay``), and the disputes closed.
Either all of it is stored or none of it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from .models import CardAlias, Dispute, Replay, ReviewRecord, SameReply, Settlement, StoredAttempt


class DisputeStore(ABC):
    @abstractmethod
    async def stored_attempt(self, guild_id: int, attempt_id: int) -> StoredAttempt | None:
        """One of the server's stored answers by id."""

    @abstractmethod
    async def refused_attempts(self, guild_id: int, channel_id: int, question_id: str, member_id: int) -> list[StoredAttempt]:
        """A member's refused answers to one question (a quiz question, or their daily answer), oldest first."""

    @abstractmethod
    async def stored_review(self, guild_id: int, review_id: int) -> ReviewRecord | None:
        """One of the server's stored reviews by id (a study answer has no attempt, only its review)."""

    @abstractmethod
    async def open_dispute(self, dispute: Dispute) -> Dispute | None:
        """Store a new dispute (its ``id``, ``status`` and decision are ignored); None when that answer was
        disputed already: once per answer."""

    @abstractmethod
    async def dispute(self, guild_id: int, dispute_id: int) -> Dispute | None: ...

    @abstractmethod
    async def open_disputes(self, guild_id: int) -> list[Dispute]:
        """Every open dispute of the server, oldest first."""

    @abstractmethod
    async def dispute_history(self, guild_id: int, *, limit: int = 10, offset: int = 0) -> list[Dispute]:
        """Settled disputes, the latest decision first."""

    @abstractmethod
    async def accept_disputes(
        self,
        guild_id: int,
        dispute_id: int,
        *,
        moderator: int,
        alias_of: str,
        points: int,
        same_reply: SameReply,
        replay: Replay,
        at: datetime | None = None,
    ) -> Settlement | None:
        """Accept the open dispute and every open one identical to it (same deck, card and ``reply_key``).

        In one transaction: the reply becomes an alias of the card beside
        ``alias_of``; every refused answer to that card of the same kind whose
        reply is ``same_reply`` is re-graded correct and credited ``points``
        (once per member and question, never for a question the member already
        had right; a quiz win stays with whoever won it, a daily answer counts
        as right in the day's results); the reviews those
        answers made are rated Good and each member's memory of the card is
        ``replay``-ed from all their reviews of it; the disputes are closed.
        None when the dispute is not open (settled meanwhile)."""

    @abstractmethod
    async def reject_disputes(
        self, guild_id: int, dispute_id: int, *, moderator: int, reason: str | None, at: datetime | None = None
    ) -> Settlement | None:
        """Reject the open dispute and every open one identical to it; None when it is not open."""

    @abstractmethod
    async def card_aliases(self, guild_id: int, deck: str) -> list[CardAlias]:
        """The answers the server accepts for a deck's cards, oldest first."""

    @abstractmethod
    async def add_alias(self, alias: CardAlias) -> bool:
        """False when the card already has that alias."""

    @abstractmethod
    async def remove_alias(self, guild_id: int, deck: str, card_key: str, answer: str) -> bool:
        """False when the card had no such alias."""
