"""Deckhand's storage: every score, setting and daily post, behind one interface.

Open it once at start-up and share it::

    store = await open_store(settings.database_url)   # or open_store() for sqlite:///deckhand.db
    result = await store.record_attempt(Attempt(...))
    page = await store.leaderboard(guild_id, "week", limit=10)
    await store.close()

``open_store`` raises :class:`StorageError` with a one-line message (bad URL,
corrupt or non-SQLite file, read-only location, database from a newer
Deckhand) so the bot can print it and stop rather than crash-loop.

Design, in brief (details in the module docstrings):

* Attempts are the source of truth. Each one also adds to per-member score
  rows for its local day, week, month and season, per deck and for all decks,
  in the same transaction (:mod:`bot.storage.schema`), so boards never scan
  attempts and stay fast with years of history.
* Days, weeks (Monday first) and months follow the guild's time zone at the
  time of the attempt; past days keep their day if the zone later changes
  (:mod:`bot.storage.periods`).
* Boards order by points desc, then correct answers desc, then member id asc;
  rank is competition ranking on points (1, 2, 2, 4).
* "all" means the current season; older seasons stay readable by number.
* Quiz wins, daily posts and closing a daily question are claimed with a
  database uniqueness rule, so exactly one caller succeeds even across
  processes (:mod:`bot.storage.sqlite.connection` explains the locking).
* Every method takes an optional ``at`` (or the store's ``now`` clock) so
  tests control time.

Nothing outside this package writes SQL; a PostgreSQL backend would be another
:class:`Store` subclass chosen by the URL scheme.
"""

from __future__ import annotations

from .base import Store
from .errors import DeckExistsError, SettingsError, StorageError
from .models import (
    PERIODS,
    SOURCES,
    STRICTNESS,
    Attempt,
    AttemptResult,
    CardStat,
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
    Streak,
    Streaks,
)
from .sqlite import SqliteStore
from .sqlite.connection import Clock
from .url import DEFAULT_DATABASE_URL, parse_database_url

__all__ = [
    "DEFAULT_DATABASE_URL", "PERIODS", "SOURCES", "STRICTNESS", "Attempt", "AttemptResult", "CardStat",
    "DailyPost", "DailySchedule", "DeckExistsError", "DeckInfo", "GuildSettings", "LeaderboardPage",
    "MemberStats", "Season", "SettingsError", "SqliteStore", "SrsState", "Standing", "StorageError", "Store",
    "StoredDeck", "Streak", "Streaks", "open_store", "parse_database_url",
]


async def open_store(database_url: str | None = None, *, now: Clock | None = None) -> Store:
    """Open (creating and upgrading if needed) the database named by the URL."""
    url = parse_database_url(database_url if database_url is not None else DEFAULT_DATABASE_URL)
    return await SqliteStore.open(url.path, now=now)
