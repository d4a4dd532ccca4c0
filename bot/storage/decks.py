"""Decks a guild imported, stored as uploaded."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from bot.cards import DIRECTIONS
from bot.shared.errors import SettingsError

from .models import DeckInfo, StoredDeck

KEEP_DECK_INDEXES = 100
KEEP_DECK_INDEX_BYTES = 256 * 1024 * 1024
"""Stored deck indexes kept, at most so many and so many bytes: a cache, so the index of a removed
deck is only dropped as newer ones come."""

MAX_DECK_NAME = 100
"""Characters in an imported deck's name: what Discord allows in an autocomplete choice."""


def check_deck_name(name: str) -> str:
    """The name to store, runs of spaces collapsed; raises SettingsError for a blank or long one."""
    name = " ".join(str(name).split())
    if not name or len(name) > MAX_DECK_NAME:
        raise SettingsError(f"a deck name must be 1 to {MAX_DECK_NAME} characters, got {name!r}")
    return name


def check_direction(direction: str | None) -> str | None:
    """A deck's stored direction, or a SettingsError naming the ones allowed."""
    if direction is not None and direction not in DIRECTIONS:
        raise SettingsError(f"a deck's direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    return direction


class DeckStore(ABC):
    @abstractmethod
    async def add_deck(
        self,
        guild_id: int,
        name: str,
        format: str,
        filename: str,
        content: bytes,
        *,
        imported_by: int,
        card_count: int,
        replace: bool = False,
        direction: str | None = None,
        at: datetime | None = None,
        max_decks: int | None = None,
        max_bytes: int | None = None,
    ) -> DeckInfo:
        """Store an uploaded deck. Names are unique per guild, ignoring case;
        a clash raises DeckExistsError unless ``replace``. ``direction`` is
        checked by :func:`check_direction`. With ``max_decks`` or
        ``max_bytes``, a deck that would take the guild past either (the
        copy it replaces not counted) raises QuotaExceededError, checked in
        the same transaction as the write, so two imports at once cannot both
        slip under the limit."""

    @abstractmethod
    async def list_decks(self, guild_id: int) -> list[DeckInfo]: ...

    async def deck_usage(self, guild_id: int) -> tuple[int, int]:
        """(how many decks, how many bytes) a guild has imported."""
        decks = await self.list_decks(guild_id)
        return len(decks), sum(d.size for d in decks)

    @abstractmethod
    async def get_deck(self, guild_id: int, name: str) -> StoredDeck | None: ...

    @abstractmethod
    async def remove_deck(self, guild_id: int, name: str) -> bool:
        """Delete the deck file; attempts and boards that used it stay."""

    @abstractmethod
    async def load_deck_index(self, content_key: str, code: str) -> bytes | None:
        """What indexing a file's content worked out, if it was stored by the same ``code``."""

    @abstractmethod
    async def save_deck_index(self, content_key: str, code: str, data: bytes) -> None:
        """Keep a file's index (replacing any older one); indexes made by other code are dropped,
        and only the ones used most recently are kept (:data:`KEEP_DECK_INDEXES`, :data:`KEEP_DECK_INDEX_BYTES`)."""
