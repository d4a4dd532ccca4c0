"""The decks a server can play: the built-in ones and the ones it imported.

Loading and indexing a deck (reading it, building its grading vocabulary
and question index) is done once per file content and shared: the import
that read it fills the cache, so the first ``/quiz start`` after
``/deck import`` reads nothing again, and two servers with the same file
share one copy. Imported decks live in the database, not on disk, so any
bot process can serve them; the cache keeps the ones used most recently
within a byte budget (``DECK_CACHE_MB``, an estimate of about four bytes per
character of card text plus the pictures and sounds) and forgets the
least recently used first. Built-in decks are always kept.

What indexing a file worked out is stored in the database too, keyed by the
file's digest and a digest of the code that reads and indexes decks
(:func:`index_code`): the cards as read (:mod:`bot.cards.state`; not for a
deck with pictures or sounds, whose file is read again), the question index
(:mod:`bot.questions.stored`) and the grading vocabulary. A restart restores
them instead of working them out. A stored index made by other code, or one
that does not fit, is never used.

A server's own aliases of a deck's cards (:mod:`bot.decks.aliases`) are laid
over the shared copy when that server gets the deck, read once and kept until
they change.

Long because the cache, its stored indexes and the per-server overlay are one
life cycle of a loaded deck; split, each part would reach into the others.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.cards import Card, Deck, DeckError
from bot.cards.state import deck_from_state, deck_state
from bot.decks.aliases import NO_ALIASES, CardAliases
from bot.decks.readers import load_deck, read_deck
from bot.grading import GradingContext
from bot.questions import Question
from bot.questions.index import index_for
from bot.questions.stored import index_state, restore_index
from bot.shared.memory import freeze_long_lived, paused_collector
from bot.storage import Change, Store, StorageError

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
    aliases: CardAliases = NO_ALIASES
    """The server's own accepted answers for the deck's cards (its vocabulary, ``context``, knows them)."""

    def accepting(self, question: Question) -> Question:
        """``question`` with the server's aliases of its card among the accepted answers."""
        return self.aliases.accepting(card_key(self.name, question.card), question) if self.aliases else question


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
    front = " ".join(card.front.split())  # the same key whether the card keeps its line breaks or not
    text = front if card.image is None else f"{front}\n{card.image}"  # picture cards share their words
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{deck_name}:{digest}"


def cards_by_key(deck_name: str, deck: Deck) -> dict[str, Card]:
    """Each card key of the deck with its first card, in deck order (two cards with one front share a key)."""
    by_key: dict[str, Card] = {}
    for card in deck.cards:
        by_key.setdefault(card_key(deck_name, card), card)
    return by_key


def _prepare(name: str, deck: Deck, *, builtin: bool, direction: str | None = None) -> LoadedDeck:
    """Everything a quiz needs from a deck, computed once: its vocabulary and question index."""
    return LoadedDeck(name, deck, _index(deck).context, builtin=builtin, direction=direction)


DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
BYTES_PER_CHAR = 4
"""What a loaded deck holds per character of card text, its index and vocabulary included (measured on a
20,000-card deck: 19.5 MB for 5.5 million characters)."""


def deck_bytes(deck: Deck) -> int:
    """About how much memory a loaded deck takes: its text with its index, and its media."""
    chars = sum(len(c.front) + sum(map(len, c.back)) + sum(map(len, c.answers)) for c in deck.cards)
    return BYTES_PER_CHAR * chars + sum(len(data) for data in deck.media.values())


@dataclass(frozen=True)
class _Parsed:
    deck: Deck
    context: GradingContext
    size: int


def _parse(content: bytes, filename: str, stored: bytes | None = None) -> tuple[_Parsed, bytes | None]:
    """Read a deck file and index it, or restore its index from ``stored`` (made by this code for this file).

    Also returns the state of an index worked out now, to store (None when it was restored)."""
    with paused_collector():
        if stored is not None:
            try:
                state = json.loads(stored)
                cards = state.get("deck")
                deck = deck_from_state(cards) if cards is not None else read_deck(content, filename)
                restore_index(deck, state["index"])
                return _Parsed(deck, GradingContext.from_state(state["context"]), deck_bytes(deck)), None
            except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
                log.warning("a stored deck index could not be used (%s); indexing %s again", exc, filename)
        return _stored(_index(read_deck(content, filename)))


def _index(deck: Deck) -> _Parsed:
    with paused_collector():  # hundreds of thousands of long-lived objects: the collector would only rescan them
        index_for(deck)
        return _Parsed(deck, deck_context(deck), deck_bytes(deck))


def _stored(parsed: _Parsed) -> tuple[_Parsed, bytes]:
    """A freshly indexed deck, and its index as the bytes to store."""
    state = {
        "deck": deck_state(parsed.deck),
        "index": index_state(index_for(parsed.deck)),
        "context": parsed.context.to_state(),
    }
    return parsed, json.dumps(state, separators=(",", ":")).encode()


@lru_cache(maxsize=1)
def index_code() -> str:
    """A digest of the code that reads and indexes decks: an index stored by other code is never used."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in ("cards", "decks", "grading", "questions"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def content_key(content: bytes, filename: str) -> str:
    """The same bytes read the same way are one deck: its digest, and the suffix that picks the reader."""
    return f"{hashlib.sha256(content).hexdigest()}{Path(filename).suffix.lower()}"


class DeckLibrary:
    def __init__(self, decks_dir: Path, store: Store | None = None, *, cache_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.decks_dir = decks_dir
        self.store = store
        self.cache_bytes = cache_bytes
        self._builtin: dict[str, LoadedDeck] = {}
        self._parsed: OrderedDict[str, _Parsed] = OrderedDict()
        """Loaded imported decks by content, least recently used first."""
        self._names: dict[tuple[int, str], tuple[str, str, str | None]] = {}
        """(guild, folded name) -> (content key, name, direction): which loaded deck a server's name means."""
        self._aliases: dict[tuple[int, str], tuple[CardAliases, GradingContext | None, GradingContext | None]] = {}
        """(guild, deck name) -> the server's aliases of the deck, the deck vocabulary they were added to, and
        that vocabulary with them."""
        self.reads = 0
        """How many imported files were read and indexed: each content once while it stays cached."""
        self.restored = 0
        """How many of those reads found their index stored, and did not index the deck again."""

    @property
    def cached_bytes(self) -> int:
        return sum(p.size for p in self._parsed.values())

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
        """A deck by name, matched without regard to case, with the server's aliases of its cards."""
        loaded = await self._get(guild_id, name)
        if guild_id is None or self.store is None:
            return loaded
        return await self._with_aliases(guild_id, loaded)

    async def _with_aliases(self, guild_id: int, loaded: LoadedDeck) -> LoadedDeck:
        cache_key = (guild_id, loaded.name)
        found = self._aliases.get(cache_key)
        if found is None:
            assert self.store is not None
            stored = await self.store.card_aliases(guild_id, loaded.name)
            found = self._aliases[cache_key] = (CardAliases.of((a.card_key, a.answer, a.alias_of) for a in stored), None, None)
        aliases, base, context = found
        if not aliases:
            return loaded
        if base is not loaded.context or context is None:  # first use, or the deck itself was replaced since
            context = loaded.context.with_answers(aliases.answers())
            self._aliases[cache_key] = (aliases, loaded.context, context)
        return replace(loaded, aliases=aliases, context=context)

    def forget_aliases(self, guild_id: int, name: str) -> None:
        """The server's aliases of a deck changed: read them again when the deck is next used."""
        self._aliases.pop((guild_id, name), None)

    async def _get(self, guild_id: int | None, name: str) -> LoadedDeck:
        wanted = name.strip().lower()
        for key, loaded in self._builtin.items():
            if key.lower() == wanted:
                return loaded
        if self.store is not None and guild_id is not None:
            cached = self._cached(guild_id, wanted)
            if cached is not None:
                return cached
            stored = await self.store.get_deck(guild_id, name.strip())
            if stored is not None:
                info = stored.info
                key = content_key(stored.content, info.filename)
                parsed = self._parsed.get(key)
                if parsed is None:
                    # Parsing and indexing a large upload takes a while; keep the event loop free.
                    index = await self._stored_index(key)
                    parsed, state = await asyncio.to_thread(_parse, stored.content, info.filename, index)
                    self.restored += index is not None and state is None
                    self._keep(key, parsed)
                    await self._store_index(key, state)
                self._names[(guild_id, wanted)] = (key, info.name, info.direction)
                self._parsed.move_to_end(key)
                return LoadedDeck(info.name, parsed.deck, parsed.context, builtin=False, direction=info.direction)
        raise DeckNotFound(name)

    async def adopt(
        self, guild_id: int, name: str, content: bytes, filename: str, deck: Deck, direction: str | None = None
    ) -> LoadedDeck:
        """An import just read ``deck`` from ``content``: index it (off the event loop) and keep it, so nothing
        reads the file again. Replaces whatever the server's name meant before."""
        key = content_key(content, filename)
        parsed = self._parsed.get(key)
        if parsed is None:
            parsed, state = await asyncio.to_thread(lambda: _stored(_index(deck)))
            self._keep(key, parsed)
            await self._store_index(key, state)
        self._parsed.move_to_end(key)
        self._names[(guild_id, name.strip().lower())] = (key, name, direction)
        return LoadedDeck(name, parsed.deck, parsed.context, builtin=False, direction=direction)

    async def _stored_index(self, key: str) -> bytes | None:
        assert self.store is not None
        try:
            return await self.store.load_deck_index(key, index_code())
        except StorageError as exc:
            log.warning("could not read a stored deck index (%s); indexing the deck again", exc)
            return None

    async def _store_index(self, key: str, state: bytes | None) -> None:
        """Keep a fresh index for the next start; a failure only costs that start the time to index again."""
        if self.store is None or state is None:
            return
        try:
            await self.store.save_deck_index(key, index_code(), state)
        except StorageError as exc:
            log.warning("could not store a deck index (%s); the next start will index the deck again", exc)

    def _cached(self, guild_id: int, wanted: str) -> LoadedDeck | None:
        found = self._names.get((guild_id, wanted))
        if found is None:
            return None
        key, name, direction = found
        parsed = self._parsed.get(key)
        if parsed is None:
            return None
        self._parsed.move_to_end(key)
        return LoadedDeck(name, parsed.deck, parsed.context, builtin=False, direction=direction)

    def _keep(self, key: str, parsed: _Parsed) -> None:
        """Cache a freshly read deck, forgetting the least recently used ones past the byte budget."""
        self.reads += 1
        self._parsed[key] = parsed
        total = self.cached_bytes
        while total > self.cache_bytes and len(self._parsed) > 1:
            old_key, old = next(iter(self._parsed.items()))
            if old_key == key:
                break
            del self._parsed[old_key]
            total -= old.size
            log.info("deck cache full: forgot a deck of about %d MB (read again when next used)", old.size // 1_048_576)
        # A deck lives as long as it is used: out of the collector's way, so it never stalls a reply.
        freeze_long_lived()

    def is_ready(self, guild_id: int | None, name: str) -> bool:
        """True when :meth:`get` will answer at once, without reading a file."""
        wanted = name.strip().lower()
        if any(key.lower() == wanted for key in self._builtin):
            return True
        found = self._names.get((guild_id, wanted)) if guild_id is not None else None
        return found is not None and found[0] in self._parsed

    def forget(self, guild_id: int, name: str) -> None:
        """A server's deck was replaced or removed: its name no longer means the cached copy."""
        self._names.pop((guild_id, name.strip().lower()), None)

    def changed(self, change: Change) -> None:
        """Another process changed a server's deck or its aliases (or, for "all", anything while this one was not
        listening): read them again when next used. Parsed decks stay, since they are kept by content."""
        if change.kind == "all":
            self._names.clear()
            self._aliases.clear()
            return
        if change.kind not in ("deck", "aliases"):
            return
        wanted = change.name.strip().lower()
        if change.kind == "deck":
            self.forget(change.guild_id, change.name)
        for key in [k for k in self._aliases if k[0] == change.guild_id and k[1].lower() == wanted]:
            del self._aliases[key]


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
