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

Nothing outside this package writes SQL. The contract is split by area
(``attempts``, ``boards``, ``settings``, ``daily``, ``decks``, ``srs``, ``rounds``, ``disputes``: one
interface module each, and one file of the same name per backend under
``sqlite/``); :class:`Store` joins them. :func:`open_store` picks the backend
by the URL's scheme, so a ``postgresql://`` backend registers itself with
:func:`register_backend` and no caller changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .attempts import AttemptStore
from .base import Store
from .boards import BoardStore
from .daily import DailyStore
from .decks import DeckStore
from .disputes import DisputeStore
from .errors import DeckExistsError, QuotaExceededError, SettingsError, StorageError
from .models import (
    DAILY_PICKS,
    DISPUTE_STATES,
    PERIODS,
    SOURCES,
    Attempt,
    AttemptResult,
    CardAlias,
    CardMemory,
    Change,
    CardStat,
    DailyPost,
    DailySchedule,
    DayScore,
    DeckInfo,
    DeckRecall,
    Dispute,
    FittedParameters,
    KindScore,
    LeaderboardPage,
    MemberHistory,
    MemberStats,
    Regraded,
    Replay,
    Reschedule,
    ReviewRecord,
    SameReply,
    SavedRound,
    ScheduledReview,
    Season,
    SrsState,
    Settlement,
    Standing,
    StoredAttempt,
    StoredDeck,
    Streak,
    Streaks,
    StudyReminder,
)
from .processes import ProcessStore
from .rounds import RoundStore
from .settings import SettingsStore
from .sqlite import SqliteStore, open_sqlite
from .sqlite.connection import Clock
from .srs import SrsStore
from .url import DEFAULT_DATABASE_URL, DatabaseUrl, UrlParser, parse_database_url, register_scheme

__all__ = [
    "DAILY_PICKS", "DEFAULT_DATABASE_URL", "PERIODS", "SOURCES", "Attempt", "AttemptResult", "AttemptStore",
    "BoardStore", "CardMemory", "CardStat", "DailyPost", "DailySchedule", "DailyStore", "DatabaseUrl", "DayScore", "KindScore", "MemberHistory", "DeckExistsError", "QuotaExceededError",
    "DeckInfo", "DeckRecall", "DeckStore", "FittedParameters", "LeaderboardPage", "MemberStats", "Reschedule", "ReviewRecord", "RoundStore", "SavedRound",
    "ScheduledReview", "Season", "SettingsError",
    "SettingsStore", "SqliteStore", "SrsState", "SrsStore", "Standing", "StorageError", "Store", "StoredDeck",
    "Streak", "Streaks", "StudyReminder", "open_store", "parse_database_url", "register_backend",
    "DISPUTE_STATES", "CardAlias", "Change", "ProcessStore", "Dispute", "DisputeStore", "Regraded", "Replay", "SameReply", "Settlement", "StoredAttempt",
]

Opener = Callable[..., Awaitable[Store]]
"""Opens a backend's store for a parsed URL; takes the URL and ``now=`` (a clock or None)."""

async def _open_postgres(url: DatabaseUrl, *, now: Clock | None = None) -> Store:
    # Imported only when used: a bot on SQLite never loads psycopg or libpq.
    try:
        from .postgres import open_postgres
    except ImportError:
        raise StorageError(
            "DATABASE_URL names a PostgreSQL database, but psycopg is not installed;"
            ' install it with: pip install -e ".[postgresql]"'
        ) from None
    return await open_postgres(url, now=now)


_OPENERS: dict[str, Opener] = {"sqlite": open_sqlite, "postgresql": _open_postgres, "postgres": _open_postgres}


def register_backend(scheme: str, parse: UrlParser, opener: Opener) -> None:
    """Serve ``scheme://`` URLs with another backend, without touching any caller."""
    register_scheme(scheme, parse)
    _OPENERS[scheme.lower()] = opener


async def open_store(database_url: str | None = None, *, now: Clock | None = None) -> Store:
    """Open (creating and upgrading if needed) the database named by the URL."""
    url = parse_database_url(database_url if database_url is not None else DEFAULT_DATABASE_URL)
    return await _OPENERS[url.scheme](url, now=now)
