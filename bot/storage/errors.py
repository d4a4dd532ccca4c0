"""Storage errors a server owner can act on.

Start-up problems (a bad ``DATABASE_URL``, a corrupt file, a read-only folder,
a database from a newer Deckhand) all raise :class:`StorageError` with a
message that says which file and what to do, so the bot stops with one clear
line instead of a traceback or a crash loop.
"""

from __future__ import annotations

from bot.shared.errors import SettingsError

__all__ = ["DeckExistsError", "SettingsError", "StorageError"]


class StorageError(Exception):
    """The database cannot be used as asked; the message says why and what to do."""


class DeckExistsError(StorageError):
    """A guild already has an imported deck with that name."""
