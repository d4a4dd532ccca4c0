"""The PostgreSQL backend: the SQLite backend's storage rules on a PostgreSQL connection.

``DATABASE_URL=postgresql://user:password@host:5432/database`` selects it. Every
area file of :mod:`bot.storage.sqlite` serves it unchanged (the SQL is written
in the subset both engines share, :mod:`.driver` says how); only opening,
migrating and the transaction rules differ (:mod:`.connection`).
"""

from __future__ import annotations

from ..base import Store
from ..schema import LATEST
from ..sqlite import SqliteStore
from ..sqlite.connection import Clock
from ..url import DatabaseUrl
from ..url import redact
from .connection import PostgresConnection, connect

__all__ = ["PostgresStore", "open_postgres", "redact"]


class PostgresStore(PostgresConnection, SqliteStore):
    """A :class:`Store` on one PostgreSQL database."""

    @classmethod
    async def open(cls, url: str, *, now: Clock | None = None, schema_version: int = LATEST) -> PostgresStore:  # type: ignore[override]
        db = await connect(url, target=schema_version)
        return cls(db, url, now)


async def open_postgres(url: DatabaseUrl, *, now: Clock | None = None) -> Store:
    """The opener registered for ``postgresql://`` URLs."""
    return await PostgresStore.open(url.path, now=now)
