"""Posting and closing questions of the day, on a timer.

The database decides everything that must happen once (the day's post,
closing it, each member's one answer), so a restart, a reconnect or a
second bot process never posts or counts anything twice. This module only
sends what :mod:`bot.daily` decided and pauses a channel it cannot post in.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from typing import Any

import discord

from bot.client import Deckhand
from bot.daily import (
    TICK_SECONDS,
    DuePlanner,
    choose_card,
    daily_question,
    find_card,
    gather_results,
    next_post_time,
    seed_for,
    send_plan,
    stale,
    zone,
)
from bot.decks import DeckNotFound, LoadedDeck
from bot.errors import DeckError
from bot.questions import NoQuestionError, Question
from bot.storage import DailyPost, DailySchedule
from cogs.common import NO_PINGS, fit, quiet
from cogs.daily_views import question_embed, question_view, results_embed

log = logging.getLogger(__name__)


class DailyPoster:
    """The scheduler and the open questions it posted, kept loaded for fast answers."""

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.planner = DuePlanner()
        self._lock = asyncio.Lock()
        self._questions: dict[tuple[int, date], tuple[LoadedDeck, Question] | None] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._background: set[asyncio.Task[Any]] = set()

    def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick_forever(), name="daily-scheduler")

    async def stop(self) -> None:
        """Let a tick in progress finish its post, so nothing claimed is left unsent."""
        self._closing = True
        self._wake.set()
        if self._ticker is not None and not self._lock.locked():
            self._ticker.cancel()  # idle (or still waiting for ready): nothing to finish
        tasks = [t for t in (self._ticker, *self._background) if t is not None and not t.done()]
        for task in tasks:
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=10)
            except (TimeoutError, asyncio.CancelledError, Exception):
                task.cancel()

    def run_soon(self) -> None:
        """Post what is due now without waiting for the next tick (the command has already answered)."""
        task = asyncio.create_task(self.run_due())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _tick_forever(self) -> None:
        await self.bot.wait_until_ready()
        await self._warm_open_questions()
        while not self._closing:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily scheduler tick failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=TICK_SECONDS * self.bot.time_scale)
            except TimeoutError:
                pass

    async def _warm_open_questions(self) -> None:
        """Rebuild open questions before members press Answer: a modal must open within 3 s,
        and loading a big imported deck after a restart can take longer."""
        try:
            for post in await self.bot.store.open_daily_posts():
                await self.question_for(post)
        except Exception:
            log.exception("could not prepare the open daily questions")

    async def run_due(self, now: datetime | None = None) -> list[int]:
        """Make every post due at ``now`` (default: the bot's clock); returns the channels posted in.

        Posts are spaced to stay under Discord's global request limit; a
        failure in one channel never stops the others.
        """
        now = now or self.bot.clock()
        posted: list[int] = []
        async with self._lock:
            due = self.planner.due(await self.bot.store.schedules(enabled_only=True), now)
            loop = asyncio.get_running_loop()
            started = loop.time()
            for item, send_at in zip(due, send_plan(len(due), now)):
                if self._closing:
                    break
                offset = (send_at - now).total_seconds()
                delay = offset * self.bot.time_scale - (loop.time() - started)
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    if await self.post(item.schedule, item.day, send_at):
                        posted.append(item.schedule.channel_id)
                except Exception:
                    log.exception("daily post in channel %s failed", item.schedule.channel_id)
            await self._close_stale(now)
        return posted

    async def post(self, schedule: DailySchedule, day: date, at: datetime) -> bool:
        """Claim, close yesterday's, send today's. False when another process posted or it failed."""
        store = self.bot.store
        channel_id, guild_id = schedule.channel_id, schedule.guild_id
        try:
            loaded = await self.bot.library.get(guild_id, schedule.deck)
        except DeckNotFound:
            await self._pause(schedule, f"its deck “{quiet(schedule.deck)}” no longer exists; pick another with /daily set")
            return False
        except DeckError as exc:
            await self._pause(schedule, fit(f"its deck could not be read ({exc})", 300))
            return False
        seed = seed_for(channel_id, day)
        used = await store.used_cards(channel_id, loaded.name)
        try:
            choice = await asyncio.to_thread(choose_card, loaded.name, loaded.deck, used, seed)
        except NoQuestionError:
            await self._pause(schedule, f"its deck “{quiet(loaded.name)}” cannot make questions; pick another with /daily set")
            return False
        if choice.reset:
            await store.reset_used_cards(channel_id, loaded.name)
        if not await store.claim_daily_post(guild_id, channel_id, day, loaded.name, choice.key, at=at):
            return False
        question = daily_question(loaded.deck, choice.card, seed)
        self._questions[(channel_id, day)] = (loaded, question)
        _, closes = next_post_time(schedule.local_time, zone(schedule.time_zone), at, day)
        channel = self._channel(channel_id, guild_id)
        try:
            for post in await self._earlier_open(guild_id, channel_id, day):
                await self.close(post, at)
            message = await channel.send(
                embed=question_embed(loaded, question, day, closes), view=question_view(question, day),
                allowed_mentions=NO_PINGS,
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            reason = self._send_problem(channel_id, exc)
            await store.close_daily_post(channel_id, day, {"not_posted": reason}, at=at)
            await self._pause(schedule, reason)
            return False
        await store.set_daily_message(channel_id, day, message.id)
        return True

    async def _earlier_open(self, guild_id: int, channel_id: int, day: date) -> list[DailyPost]:
        return [p for p in await self.bot.store.open_daily_posts(guild_id) if p.channel_id == channel_id and p.post_date < day]

    async def _close_stale(self, now: datetime) -> None:
        for post in await self.bot.store.open_daily_posts():
            if stale(post.opened_at, now):
                try:
                    await self.close(post, now)
                except (discord.Forbidden, discord.NotFound):
                    log.info("could not show results of the daily question in channel %s", post.channel_id)

    async def close(self, post: DailyPost, now: datetime) -> bool:
        """Close a post once (the database decides who) and show its results."""
        found = await self.question_for(post)
        question = found[1] if found else None
        results = await gather_results(self.bot.store, post, question, now)
        if not await self.bot.store.close_daily_post(post.channel_id, post.post_date, results.to_json(), at=now):
            return False
        self._questions.pop((post.channel_id, post.post_date), None)
        if post.message_id is None:
            return True
        channel = self._channel(post.channel_id, post.guild_id)
        reference = discord.MessageReference(message_id=post.message_id, channel_id=post.channel_id, fail_if_not_exists=False)
        await channel.send(embed=results_embed(results, question, post), reference=reference, allowed_mentions=NO_PINGS)
        try:
            await channel.get_partial_message(post.message_id).edit(view=None)
        except discord.HTTPException:
            log.debug("could not remove the buttons of daily question %s", post.message_id)
        return True

    async def question_for(self, post: DailyPost) -> tuple[LoadedDeck, Question] | None:
        """The posted question, rebuilt from the stored card and seed after a restart."""
        cache_key = (post.channel_id, post.post_date)
        if cache_key in self._questions:
            return self._questions[cache_key]
        found: tuple[LoadedDeck, Question] | None = None
        try:
            loaded = await self.bot.library.get(post.guild_id, post.deck)
            card = find_card(loaded.name, loaded.deck, post.card_key)
            if card is not None:
                found = (loaded, daily_question(loaded.deck, card, seed_for(post.channel_id, post.post_date)))
        except (DeckNotFound, DeckError, NoQuestionError):
            found = None
        self._questions[cache_key] = found
        return found

    async def _pause(self, schedule: DailySchedule, reason: str) -> None:
        await self.bot.store.pause_schedule(schedule.channel_id, reason)
        self.planner.forget(schedule.channel_id)
        log.warning("paused the daily question in channel %s: %s", schedule.channel_id, reason)

    @staticmethod
    def _send_problem(channel_id: int, exc: discord.HTTPException) -> str:
        if isinstance(exc, discord.NotFound):
            return f"the channel <#{channel_id}> was deleted or I can no longer see it"
        return f"I am missing permission to post in <#{channel_id}>: give me View Channel, Send Messages and Embed Links there"

    def _channel(self, channel_id: int, guild_id: int) -> Any:
        return self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
