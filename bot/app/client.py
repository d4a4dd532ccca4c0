"""The Discord client: the one module in ``bot/`` that imports discord.

It builds the bot from settings, loads the cogs, syncs slash commands, and
turns the ways a start can fail (bad token, missing intent, broken
database) into one sentence and exit status 2.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.ext import commands

from bot.decks import DeckLibrary
from bot.disputes import RecentQuestions
from bot.grading import warm as warm_grader
from bot.settings import Settings
from bot.shared.memory import freeze_long_lived
from bot.srs import BOOK
from bot.storage import Change, StorageError, Store, open_store

if TYPE_CHECKING:
    from bot.daily import DailyAnswers

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.errors", "cogs.quiz", "cogs.boards", "cogs.daily", "cogs.decks", "cogs.settings", "cogs.study", "cogs.disputes",
)
EXIT_USAGE = 2


class Deckhand(commands.Bot):
    """The bot, holding the shared store and deck library the cogs use."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        library: DeckLibrary,
        *,
        time_scale: float = 1.0,
        question_gap: float = 3.0,
        clock: Callable[[], datetime] = discord.utils.utcnow,
        resume: bool = True,
        **options: object,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = settings.message_content
        options.setdefault("guild_ready_timeout", 2.0)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.store = store
        self.library = library
        self.time_scale = time_scale
        self.question_gap = question_gap
        self.clock = clock
        """Now, as an aware UTC datetime; tests pass their own to drive the daily scheduler."""
        self.resume = resume
        """Resume quiz rounds a restart interrupted (False: end them with their standings, ``--no-resume``)."""
        self._background: set[asyncio.Future[Any]] = set()
        self.recent_questions = RecentQuestions()
        """What the latest quiz questions asked, so a dispute shows the question as it was asked."""
        self.shard_plan = settings.shards
        """The shards this process runs: it does timed work only for their servers (:meth:`owns`)."""
        self.daily_answers: DailyAnswers | None = None
        self.daily_counts: Any = None
        """The daily cog's count of answers on open posts (a Discord-side helper; set when the cog loads)."""
        """Members' answers to questions of the day; the daily cog sets it when it loads, and its buttons use it."""

    def owns(self, guild_id: int | None) -> bool:
        """True when this process serves the server: the one whose shards it is on (always, unsharded)."""
        return self.shard_plan.owns(guild_id)

    def _changed_elsewhere(self, change: Change) -> None:
        """Another process changed a deck, its aliases or fitted parameters: drop what this one remembers."""
        log.debug("changed by another process: %s", change)
        self.library.changed(change)
        if change.kind in ("parameters", "all"):
            task = asyncio.ensure_future(self._reload_parameters())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _reload_parameters(self) -> None:
        try:
            await BOOK.load(self.store)
        except StorageError as exc:
            log.warning("could not read the servers' scheduler parameters again: %s", exc)

    async def setup_hook(self) -> None:
        # Changes other bot processes make to decks, aliases and parameters (PostgreSQL only; SQLite has none).
        try:
            await self.store.listen(self._changed_elsewhere)
        except StorageError as exc:
            log.warning("cannot hear other processes' changes: %s", exc)
        # Load word frequencies now, not on the first reply of the first quiz.
        await asyncio.to_thread(warm_grader)
        try:
            await BOOK.load(self.store)  # each server's fitted scheduler parameters
        except StorageError as exc:
            log.warning("could not read the servers' scheduler parameters, using the defaults: %s", exc)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()
        # What start-up loaded (the built-in decks, the grader's word list) lives on: out of the collector's way.
        freeze_long_lived()

    async def sync_commands(self) -> None:
        """Sync to the development server instantly, or globally (which Discord rolls out slowly).

        With several shard processes, only the one running shard 0 syncs: the commands are the bot's, not a
        shard's."""
        if not self.shard_plan.first:
            log.info("commands are synced by the process that runs shard 0")
            return
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to server %s", len(synced), self.settings.dev_guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d server(s)", self.user, getattr(self.user, "id", "?"), len(self.guilds))


class ShardedDeckhand(Deckhand, commands.AutoShardedBot):
    """The bot as one of several processes (``SHARD_COUNT``, ``SHARD_IDS``) sharing one PostgreSQL database."""

    def __init__(self, settings: Settings, store: Store, library: DeckLibrary, **options: Any) -> None:
        options.setdefault("shard_count", settings.shards.count)
        options.setdefault("shard_ids", list(settings.shards.ids))
        super().__init__(settings, store, library, **options)
        self._max_concurrency: int | None = None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Take this shard's turn to IDENTIFY across every process: one per rate-limit bucket (shard id modulo
        Discord's ``max_concurrency``) every 5 seconds, coordinated through the database."""
        if self._max_concurrency is None:
            try:
                _, _, limits = await self.http.get_bot_gateway()
                self._max_concurrency = max(1, int(limits.get("max_concurrency", 1)))
            except (discord.HTTPException, discord.GatewayNotFound, KeyError, TypeError, ValueError):
                self._max_concurrency = 1
        bucket = (shard_id or 0) % self._max_concurrency
        await self.store.identify_turn(bucket, initial=initial)
        log.info("shard %s identifying (bucket %d of %d)", shard_id, bucket, self._max_concurrency)


def use_endpoints(settings: Settings) -> None:
    """Point discord.py at a REST or gateway proxy when the settings name one."""
    if settings.api_base:
        base = settings.api_base
        if "/api/v" not in base:
            base = f"{base}/api/v10"
        discord.http.Route.BASE = base
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def run_bot(settings: Settings, *, resume: bool = True) -> int:
    """Run until stopped; returns the process exit status."""
    discord.utils.setup_logging(level=settings.log_level_number, root=True)
    if settings.shards.sharded:
        tag_logs(settings.shards.describe())
    use_endpoints(settings)
    try:
        return asyncio.run(_serve(settings, resume=resume))
    except KeyboardInterrupt:
        return 0


async def _serve(settings: Settings, *, resume: bool = True) -> int:
    try:
        store = await open_store(settings.database_url)
    except StorageError as exc:
        return _fail(str(exc))
    try:
        library = DeckLibrary(Path(settings.decks_dir), store, cache_bytes=settings.deck_cache_bytes)
        library.load_builtins()
        if settings.shards.sharded:
            log.info("running %s", settings.shards.describe())
            bot: Deckhand = ShardedDeckhand(settings, store, library, resume=resume)
        else:
            bot = Deckhand(settings, store, library, resume=resume)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
            except (NotImplementedError, RuntimeError):
                pass
        try:
            async with bot:
                await bot.start(settings.token or "")
        except discord.LoginFailure:
            return _fail("Discord rejected DISCORD_TOKEN: copy a fresh token from the Developer Portal (Bot > Reset Token) into .env.")
        except discord.PrivilegedIntentsRequired:
            return _fail(
                "Discord refused the Message Content intent: turn it on in the Developer Portal "
                "(Bot > Privileged Gateway Intents), or set DISCORD_MESSAGE_CONTENT=false to answer with buttons instead."
            )
        log.info("stopped cleanly")
        return 0
    finally:
        await store.close()


def tag_logs(tag: str) -> None:
    """Begin every log line with this process's shards, so the logs of several processes can be told apart."""

    class _Tag(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if not getattr(record, "_deckhand_tagged", False):
                record.msg = f"[{tag}] {record.msg}"
                record._deckhand_tagged = True  # type: ignore[attr-defined]
            return True

    for handler in logging.getLogger().handlers:
        handler.addFilter(_Tag())


def _fail(message: str) -> int:
    print(f"deckhand: {message}", file=sys.stderr)
    return EXIT_USAGE
