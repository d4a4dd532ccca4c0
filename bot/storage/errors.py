"""Storage errors a server owner can act on.

Start-up problems (a bad ``DATABASE_URL``, a corrupt file, a read-only folder,
a database from a newer Deckhand) all raise :class:`StorageError` with a
message that says which file and what to do, so the bot stops with one clear
line instead of a traceback or a crash loop.
"""

from __future__ import annotations

from bot.shared.errors import SettingsError

__all__ = ["DeckExistsError", "QuotaExceededError", "SettingsError", "StorageError"]


class StorageError(Exception):
    """The database cannot be used as asked; the message says why and what to do."""


class DeckExistsError(StorageError):
    """A guild already has an imported deck with that name."""


class QuotaExceededError(StorageError):
    """Storing a deck would take a guild past its limit of decks or bytes.

    ``limit`` is "decks" or "bytes"; ``used`` and ``allowed`` are what the
    guild holds without this deck (a replaced deck's old copy not counted)
    and what it may hold, so the front end can say how much to free.
    """

    def __init__(self, limit: str, used: int, allowed: int, adding: int) -> None:
        super().__init__(f"deck quota: {limit} {used} + {adding} > {allowed}")
        self.limit = limit
        self.used = used
        self.allowed = allowed
        self.adding = adding
