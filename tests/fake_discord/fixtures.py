"""pytest fixtures and helpers for running a real discord.py bot against FakeDiscord.

Import into tests/conftest.py with `from tests.fake_discord.fixtures import *  # noqa: F401,F403`
(or list the names) so every test module can use them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import traceback
from typing import AsyncIterator, Iterator

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from .server import FakeDiscord

__all__ = ["fake_discord", "error_logs", "running_bot", "ErrorLogCollector", "WATCHED_LOGGERS"]

# Loggers whose ERROR records mean a command, view or task crashed: discord.py only logs those.
WATCHED_LOGGERS = ("discord", "bot", "cogs")


class ErrorLogCollector(logging.Handler):
    """Keeps ERROR-and-above records so a test fails on exceptions discord.py would only have logged."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self._allowed: list[re.Pattern[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def allow(self, pattern: str) -> None:
        """Accepts records whose message matches the regex (for tests that provoke an error on purpose)."""
        self._allowed.append(re.compile(pattern))

    def unexpected(self) -> list[logging.LogRecord]:
        return [r for r in self.records if not any(p.search(r.getMessage()) for p in self._allowed)]

    def report(self) -> str:
        parts = []
        for r in self.unexpected():
            text = f"{r.name} {r.levelname}: {r.getMessage()}"
            if r.exc_info:
                text += "\n" + "".join(traceback.format_exception(*r.exc_info))
            parts.append(text)
        return "\n".join(parts)


@pytest.fixture
def error_logs() -> Iterator[ErrorLogCollector]:
    collector = ErrorLogCollector()
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    if collector.unexpected():
        pytest.fail("error logged during the test:\n" + collector.report(), pytrace=False)


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch, error_logs: ErrorLogCollector) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py (and DISCORD_API_BASE / DISCORD_GATEWAY_URL) pointed at it."""
    async with FakeDiscord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
        monkeypatch.setenv("DISCORD_API_BASE", fake.api_base)
        monkeypatch.setenv("DISCORD_GATEWAY_URL", fake.gateway_url)
        monkeypatch.setenv("DISCORD_TOKEN", fake.token)
        yield fake
        if fake.internal_errors:
            pytest.fail("the fake itself failed:\n" + "\n".join(fake.internal_errors), pytrace=False)
        unknown = fake.unknown_calls()
        if unknown and not fake.allow_unknown_routes:
            pytest.fail(f"the bot called routes the fake does not implement: {unknown}", pytrace=False)


@contextlib.asynccontextmanager
async def running_bot(client: discord.Client, fake: FakeDiscord, *, token: str | None = None, timeout: float = 10.0) -> AsyncIterator[discord.Client]:
    """Starts the client (login, setup_hook, gateway) and yields once it is ready; closes it afterwards.

    Create the client with guild_ready_timeout=0.1 or READY waits the default 2 seconds.
    """
    task = asyncio.create_task(client.start(token or fake.token), name="fake-discord-bot")
    try:
        deadline = time.monotonic() + timeout
        while not client.is_ready():
            if task.done():
                task.result()
                raise AssertionError("the bot stopped before it became ready")
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot was not ready after {timeout}s; calls: {fake.calls[-8:]}")
            await asyncio.sleep(0.01)
        yield client
    finally:
        await client.close()
        try:
            await asyncio.wait_for(task, timeout=10)
        except Exception:
            if not task.done():
                task.cancel()
