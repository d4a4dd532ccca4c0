"""A real SQLite store and deck library for core tests: the built-in decks plus one server's imports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.decks import DeckLibrary
from bot.storage import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
LEADERS = b"title: Leaders\ncards:\n  - front: Who led the USSR in 1962?\n    answers: [Khrushchev]\n"


@asynccontextmanager
async def server_library(folder: Path, guild_id: int, decks: dict[str, bytes]) -> AsyncIterator[tuple[Store, DeckLibrary]]:
    """``decks`` (name -> YAML) imported by ``guild_id``, next to the shipped decks in ``data/``."""
    store = await open_store(f"sqlite:///{folder / 'server.db'}")
    try:
        for name, content in decks.items():
            await store.add_deck(guild_id, name, "deck-yaml", f"{name}.yaml", content, imported_by=1, card_count=1)
        library = DeckLibrary(ROOT / "data", store)
        library.load_builtins()
        yield store, library
    finally:
        await store.close()
