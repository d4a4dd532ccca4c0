"""What many tests share: where things are, Discord's constants, deck fixtures, a server's library.

One place, so a path or a flag is never spelt two ways.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.decks import DeckLibrary
from bot.storage import Store, open_store
from tests.fake_discord.messages import EPHEMERAL

__all__ = [
    "DATA", "EPHEMERAL", "Clock", "asked_card", "embed_text", "is_asked", "is_revealed", "modal_text_input", "LEADERS", "READER_FIXTURES", "ROOT", "SEED", "SEED_NAME", "card_rows", "reader_fixture",
    "server_library",
]

ROOT = Path(__file__).resolve().parents[1]
"""The project folder."""
DATA = ROOT / "data"
"""The built-in decks."""
SEED_NAME = "sino-soviet-relations"
SEED = DATA / f"{SEED_NAME}.txt"
"""The built-in seed deck: plain-text notes."""
READER_FIXTURES = ROOT / "tests" / "decks" / "readers" / "fixtures"
LEADERS = b"title: Leaders\ncards:\n  - front: Who led the USSR in 1962?\n    answers: [Khrushchev]\n"


CAPITALS_YAML = b"""\
title: Capitals
cards:
  - front: Capital of France?
    answers: [Paris]
  - front: Capital of Peru?
    answers: [Lima]
  - front: Capital of Kenya?
    answers: [Nairobi]
"""
"""A three-card deck with answers anyone can type, for study sessions and the group's memory."""


class Clock:
    """A clock tests move by hand, so nothing sleeps: call it for now, set ``now`` or ``advance`` it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def embed_text(message: dict[str, Any]) -> str:
    """Everything a member reads in a recorded message: content, embed titles, descriptions, fields, footers."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def is_asked(message: dict[str, Any], number: int | None = None, total: int | None = None) -> bool:
    """A quiz question's live card, not yet revealed: "Deck · 1/2" in its footer (question 1 of 2 when given)."""
    for embed in message.get("embeds") or []:
        found = re.search(r" · (\d+)/(\d+)$", (embed.get("footer") or {}).get("text") or "")
        if found and "**Answer:**" not in (embed.get("description") or ""):
            return (number is None or int(found[1]) == number) and (total is None or int(found[2]) == total)
    return False


def asked_card(number: int | None = None, total: int | None = None):
    """:func:`is_asked` as a predicate for ``wait_for_message``."""
    return lambda message: is_asked(message, number, total)


def is_revealed(message: dict[str, Any]) -> bool:
    """A quiz question's card once it closed: it gained the answer."""
    return any("**Answer:**" in (e.get("description") or "") for e in message.get("embeds") or [])


def modal_text_input(data: dict[str, Any]) -> str:
    """The custom id of a modal's first text input, to fill it in."""
    for row in data["components"]:
        inner = row.get("components") or ([row["component"]] if "component" in row else [])
        for component in inner:
            if component.get("type") == 4:
                return component["custom_id"]
    raise AssertionError(f"no text input in modal {data}")


def reader_fixture(name: str) -> str:
    """A deck file the reader tests share, as text."""
    return (READER_FIXTURES / name).read_text(encoding="utf-8")


def card_rows(deck: Any) -> list[tuple[Any, ...]]:
    """Each card as (line, front, back, answers, tags, explicit): what a reader test compares."""
    return [(c.source.line, c.front, c.back, c.answers, c.tags, c.explicit) for c in deck.cards]


@asynccontextmanager
async def server_library(
    folder: Path, guild_id: int, decks: dict[str, bytes], url: str | None = None
) -> AsyncIterator[tuple[Store, DeckLibrary]]:
    """``decks`` (name -> YAML) imported by ``guild_id``, next to the shipped decks in ``data/``, in the database
    ``url`` (a SQLite file in ``folder`` by default)."""
    store = await open_store(url or f"sqlite:///{folder / 'server.db'}")
    try:
        for name, content in decks.items():
            await store.add_deck(guild_id, name, "deck-yaml", f"{name}.yaml", content, imported_by=1, card_count=1)
        library = DeckLibrary(DATA, store)
        library.load_builtins()
        yield store, library
    finally:
        await store.close()


async def make_read_only(store: Store, read_only: bool = True) -> None:
    """Turn a real store's writes off (or on again), as a read-only file or mount (or a standby server) would."""
    if type(store).__name__ == "PostgresStore":
        await store._db.execute(f"SET default_transaction_read_only = {'on' if read_only else 'off'}")  # type: ignore[attr-defined]
    else:
        await store._db.execute(f"PRAGMA query_only = {int(read_only)}")  # type: ignore[attr-defined]


async def fill_disk(store: Store) -> None:
    """Make a real SQLite store's file as full as a full disk would: no page may be added.

    The file may not grow past its pages now, and those are filled with other
    servers' answers until not even one more fits, so the next answer needs a
    page the "disk" no longer has.
    """
    from bot.storage import Attempt, StorageError

    db = store._db  # type: ignore[attr-defined]
    pages = list(await db.execute_fetchall("PRAGMA page_count"))[0][0]
    await db.execute_fetchall(f"PRAGMA max_page_count = {pages}")
    filler = 0
    for batch in (200, 20, 1):
        while True:
            rows = [
                Attempt(guild_id=999_999, channel_id=1, member_id=10_000 + filler + i, deck="filler",
                        card_key=f"c{filler + i}", question_kind="recall", reply="filler", verdict="wrong",
                        correct=False, points=0, time_ms=1)
                for i in range(batch)
            ]
            try:
                await store.record_attempts_batch(rows)
            except StorageError:
                break
            filler += batch


async def free_disk(store: Store) -> None:
    """Room on the "disk" again after :func:`fill_disk`."""
    await store._db.execute_fetchall("PRAGMA max_page_count = 1073741823")  # type: ignore[attr-defined]


def bot_env(fake: Any, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment `python -m bot` runs with against the fake Discord, its database in ``tmp_path``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "DECKS_DIR": str(ROOT / "data"),
        "LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env
