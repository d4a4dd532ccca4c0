"""The decks a server can play: the built-in ones and the ones it imported.

Loading and indexing a deck (reading it, building its grading vocabulary)
is done once and cached, so starting a quiz or grading a reply never
re-reads a file. Imported decks live in the database, not on disk, so any
bot process can serve them.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.cards import Card, Deck, DeckError
from bot.decks.readers import load_deck, read_deck
from bot.grading import GradingContext
from bot.questions.index import index_for
from bot.storage import Store

log = logging.getLogger(__name__)

_DECK_SUFFIXES = {".txt", ".csv", ".tsv", ".yaml", ".yml", ".apkg", ".colpkg"}


class DeckNotFound(LookupError):
    """No deck by that name on this server."""


@dataclass(frozen=True)
class LoadedDeck:
    name: str
    """The name members pick it by, and the key its scores are stored under."""
    deck: Deck
    context: GradingContext
    builtin: bool
    direction: str | None = None
    """The side of a two-sided card the server chose to show ('front', 'back', 'both'); None: the deck decides."""


def deck_context(deck: Deck) -> GradingContext:
    """The deck's own vocabulary, so one of its terms is never taken for a typo of another."""
    texts: list[str] = []
    answers: list[str] = []
    for card in deck.cards:
        texts.append(card.front)
        texts.extend(card.answers)
        texts.extend(card.back)
        answers.extend(card.answers)
    return GradingContext.from_texts(texts, answers)


def card_key(deck_name: str, card: Card) -> str:
    """A stable key for a card's scores and schedule: survives re-imports of the same text."""
    text = card.front if card.image is None else f"{card.front}\n{card.image}"  # picture cards share their words
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{deck_name}:{digest}"


def _prepare(name: str, deck: Deck, *, builtin: bool, direction: str | None = None) -> LoadedDeck:
    """Everything a quiz needs from a deck, computed once: its vocabulary and question index."""
    index_for(deck)
    return LoadedDeck(name, deck, deck_context(deck), builtin=builtin, direction=direction)


def _read_stored(name: str, content: bytes, filename: str, direction: str | None = None) -> LoadedDeck:
    return _prepare(name, read_deck(content, filename), builtin=False, direction=direction)


class DeckLibrary:
    def __init__(self, decks_dir: Path, store: Store | None = None) -> None:
        self.decks_dir = decks_dir
        self.store = store
        self._builtin: dict[str, LoadedDeck] = {}
        self._imported: dict[tuple[int, str], LoadedDeck] = {}

    def load_builtins(self) -> list[str]:
        """Load every deck file in the decks folder; returns the names loaded.

        A broken file is logged and skipped so one bad deck never stops the bot.
        """
        self._builtin.clear()
        if not self.decks_dir.is_dir():
            log.warning("decks folder %s does not exist; no built-in decks", self.decks_dir)
            return []
        for path in sorted(self.decks_dir.iterdir()):
            if path.suffix.lower() not in _DECK_SUFFIXES or not path.is_file():
                continue
            try:
                deck = load_deck(path)
            except DeckError as exc:
                log.error("skipping built-in deck: %s", exc)
                continue
            self._builtin[path.stem] = _prepare(path.stem, deck, builtin=True)
        log.info("loaded %d built-in deck(s) from %s", len(self._builtin), self.decks_dir)
        return list(self._builtin)

    def builtin_names(self) -> list[str]:
        return list(self._builtin)

    def is_builtin(self, name: str) -> bool:
        """Built-in names are reserved on every server, whatever the case, so they always mean the shipped deck."""
        return is_builtin_name(name, self._builtin)

    async def names(self, guild_id: int | None) -> list[str]:
        names = list(self._builtin)
        if self.store is not None and guild_id is not None:
            names.extend(info.name for info in await self.store.list_decks(guild_id) if info.name not in self._builtin)
        return names

    async def get(self, guild_id: int | None, name: str) -> LoadedDeck:
        """A deck by name, matched without regard to case."""
        wanted = name.strip().lower()
        for key, loaded in self._builtin.items():
            if key.lower() == wanted:
                return loaded
        if self.store is not None and guild_id is not None:
            cached = self._imported.get((guild_id, wanted))
            if cached is not None:
                return cached
            stored = await self.store.get_deck(guild_id, name.strip())
            if stored is not None:
                # Parsing and indexing a large upload takes a while; keep the event loop free.
                loaded = await asyncio.to_thread(
                    _read_stored, stored.info.name, stored.content, stored.info.filename, stored.info.direction
                )
                self._imported[(guild_id, wanted)] = loaded
                return loaded
        raise DeckNotFound(name)

    def is_ready(self, guild_id: int | None, name: str) -> bool:
        """True when :meth:`get` will answer at once, without reading a file."""
        wanted = name.strip().lower()
        return any(key.lower() == wanted for key in self._builtin) or (guild_id, wanted) in self._imported

    def forget(self, guild_id: int, name: str) -> None:
        """Drop a cached imported deck after it is replaced or removed."""
        self._imported.pop((guild_id, name.strip().lower()), None)


# -- which deck ----------------------------------------------------------------------------


def choose_deck(*wanted: str | None, builtin: Sequence[str]) -> str | None:
    """The first deck named, else the first built-in; None when the bot has no deck at all.

    ``wanted`` runs from most to least specific (the command's option, a
    channel's own deck, the server's default), so /quiz and /daily fall back
    the same way.
    """
    return next((name for name in wanted if name), None) or next(iter(builtin), None)


def is_builtin_name(name: str, builtin: Iterable[str]) -> bool:
    wanted = name.strip().lower()
    return any(b.lower() == wanted for b in builtin)
