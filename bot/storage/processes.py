"""What several bot processes on one database need from it: turns to connect, and word of each other's changes.

One SQLite file serves one process, so there the answers are trivial: no one
else to wait for or hear from. The PostgreSQL backend coordinates processes
with advisory locks and ``LISTEN``/``NOTIFY``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from .models import Change

IDENTIFY_SECONDS = 5.0
"""Discord allows one IDENTIFY per rate-limit bucket every 5 seconds."""


class ProcessStore(ABC):
    @abstractmethod
    async def identify_turn(self, bucket: int, *, initial: bool) -> None:
        """Return when this process may IDENTIFY a shard of ``bucket`` (shard id modulo Discord's
        ``max_concurrency``); the turn is kept for :data:`IDENTIFY_SECONDS`, so no other process identifies in
        that bucket meanwhile."""

    @abstractmethod
    async def listen(self, changed: Callable[[Change], None]) -> None:
        """Call ``changed`` (on the event loop) for every change another process commits to decks, aliases,
        settings or fitted parameters, until the store closes."""
