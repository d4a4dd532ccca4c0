"""The SQLite backend: everything SQLite-specific (PRAGMAs, user_version, file
checks) lives in this package; callers only see :class:`bot.storage.Store`."""

from __future__ import annotations

from ..base import Store
from ..schema import LATEST
from .connection import Clock, connect
from .daily import DailyMixin
from .library import LibraryMixin
from .scores import ALL_DECKS, SETTING_NAMES, ScoresMixin

__all__ = ["ALL_DECKS", "SETTING_NAMES", "SqliteStore"]


class SqliteStore(ScoresMixin, DailyMixin, LibraryMixin, Store):
    """A :class:`Store` on one SQLite file (or ``:memory:`` for tests)."""

    @classmethod
    async def open(cls, path: str, *, now: Clock | None = None, schema_version: int = LATEST) -> SqliteStore:
        """Open and migrate ``path``. ``schema_version`` below the latest is only
        for tests that build an old database to upgrade."""
        db = await connect(path, target=schema_version)
        return cls(db, path, now)
