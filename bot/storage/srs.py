"""Spaced-repetition state per member and card; the scheduler owns what is inside it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from .models import SrsState


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
