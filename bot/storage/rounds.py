"""Quiz rounds in progress, kept so a restart can resume them.

The store keeps each running round as two pieces of text the quiz feature
writes and reads (JSON): its questions, written once when it starts, and its
progress, rewritten as it advances. One round per channel.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from .models import SavedRound


class RoundStore(ABC):
    @abstractmethod
    async def save_round(
        self, guild_id: int, channel_id: int, round_id: str, questions: str, progress: str, *, at: datetime | None = None
    ) -> None:
        """Keep a round that just started, replacing whatever round the channel had."""

    @abstractmethod
    async def save_round_progress(self, channel_id: int, round_id: str, progress: str, *, at: datetime | None = None) -> bool:
        """Rewrite a kept round's progress; False when the channel keeps another round (or none)."""

    @abstractmethod
    async def end_round(self, channel_id: int, round_id: str) -> bool:
        """Forget a kept round that is over; False when the channel keeps another round (or none)."""

    @abstractmethod
    async def saved_rounds(self) -> list[SavedRound]:
        """Every kept round, oldest change first."""
