"""The SQLite backend: one file per storage area, joined in :class:`SqliteStore`.

Everything SQLite-specific (PRAGMAs, ``user_version``, file checks, the
schema's dialect) lives in this package; callers only see
:class:`bot.storage.Store`.
"""

from __future__ import annotations

from ..base import Store
from ..url import DatabaseUrl
from .attempts import SqliteAttempts
from .boards import SqliteBoards
from .connection import Clock, connect
from .daily import SqliteDaily
from .decks import SqliteDecks
from .disputes import SqliteDisputes
from .guilds import ALL_DECKS
from .rounds import SqliteRounds
from ..schema import LATEST
from .settings import SqliteSettings
from .srs import SqliteSrs

__all__ = ["ALL_DECKS", "SqliteStore", "open_sqlite"]


class SqliteStore(
    SqliteAttempts, SqliteBoards, SqliteSettings, SqliteDaily, SqliteDecks, SqliteSrs, SqliteRounds, SqliteDisputes, Store
):
    """A :class:`Store` on one SQLite file (or ``:memory:`` for tests)."""

    @classmethod
    async def open(cls, path: str, *, now: Clock | None = None, schema_version: int = LATEST) -> SqliteStore:
        """Open and migrate ``path``. ``schema_version`` below the latest is only
        for tests that build an old database to upgrade."""
        db = await connect(path, target=schema_version)
        return cls(db, path, now)


async def open_sqlite(url: DatabaseUrl, *, now: Clock | None = None) -> Store:
    """The opener registered for ``sqlite://`` URLs."""
    return await SqliteStore.open(url.path, now=now)
