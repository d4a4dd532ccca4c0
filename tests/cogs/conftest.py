"""The real Deckhand bot, running against the loopback fake of Discord."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app.client import Deckhand
from bot.decks import DeckLibrary
from bot.settings import Settings
from bot.storage import open_store
from tests.fake_discord.fixtures import running_bot
from tests.fake_discord.server import FakeDiscord
from tests.helpers import ROOT

# Game time runs 20 times faster than real time: a 30-second question lasts 1.5 s.
TIME_SCALE = 0.05


def make_settings(fake: FakeDiscord, tmp_path: Path, **changes: object) -> Settings:
    settings = Settings(
        token=fake.token,
        database_url=f"sqlite:///{tmp_path / 'deckhand.db'}",
        decks_dir=ROOT / "data",
        dev_guild_id=None,
        message_content=True,
        api_base=fake.api_base,
        gateway_url=fake.gateway_url,
    )
    return replace(settings, **changes)


async def start_deckhand(fake: FakeDiscord, settings: Settings, **options: object):
    store = await open_store(settings.database_url)
    library = DeckLibrary(settings.decks_dir, store)
    library.load_builtins()
    options.setdefault("time_scale", TIME_SCALE)
    options.setdefault("question_gap", 0.0)
    bot = Deckhand(settings, store, library, guild_ready_timeout=0.1, **options)
    return bot, store


@pytest.fixture
async def deckhand(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[Deckhand]:
    """A running bot with a fresh database and the built-in decks."""
    bot, store = await start_deckhand(fake_discord, make_settings(fake_discord, tmp_path))
    try:
        async with running_bot(bot, fake_discord):
            yield bot
    finally:
        await store.close()
