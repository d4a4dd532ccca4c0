"""Spaced-repetition state per member and card, and the reviews it was built from.

The scheduler owns what is inside a state. Reviews are written with the
answer they come from (:meth:`~bot.storage.attempts.AttemptStore.record_attempt`
with ``review=``), so a member's memory never counts an answer the boards lost,
or the other way round.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from .models import ReviewRecord, SrsState


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
