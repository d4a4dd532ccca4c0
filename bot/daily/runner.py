"""Posting and closing questions of the day on a timer, for any front end that can send messages.

The database decides everything that must happen once (the day's post,
closing it, each member's one answer), so a restart, a reconnect or a second
bot process never posts or counts anything twice. :class:`DailyRunner` owns
the order of the steps (reset a used-up deck, claim the day, close the
previous post, send) and when a channel pauses; what members see, and what
a failed send means, is left to a :class:`DailyPresenter` (the Discord cog
implements one), so the steps are tested without Discord.

Long because the steps share one runner's state (the book of due times, the
questions asked, the edits in flight): posting, closing and pausing read
best in one place, in the order a day runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

from bot.cards import DeckError
from bot.daily.pacing import send_plan
from bot.daily.picking import NO_REPEAT_DAYS, choose_by_memory, choose_card, daily_question, find_card, seed_for
from bot.daily.results import CLOSE_AFTER, DailyResults, gather_results, stale
from bot.daily.book import ScheduleBook, read_book
from bot.daily.schedule import TICK_SECONDS, next_post_time
from bot.decks import DeckLibrary, DeckNotFound, LoadedDeck
from bot.srs import read_group_memory
from bot.questions import NoQuestionError, Question
from bot.shared.zones import zone
from bot.storage import DailyPost, DailySchedule, Store

log = logging.getLogger(__name__)

REREAD_EVERY = timedelta(minutes=10)
"""How often the scheduler reads every schedule again, for changes made by another process."""

SendFailure = Literal["forbidden", "gone", "retry"]
"""A failed send: no permission (pause), channel gone (pause), or anything else (raise; try next tick)."""


@dataclass(frozen=True)
class Pause:
    """Why a channel's daily question stops until a manager acts; the presenter words it."""

    kind: Literal["deck_missing", "deck_unreadable", "no_questions", "forbidden", "gone"]
    channel_id: int
    deck: str
    detail: str = ""
    """The reader's message, for a deck that can no longer be read."""


class DailyPresenter(Protocol):
    async def send_question(
        self, schedule: DailySchedule, loaded: LoadedDeck, question: Question, day: date, closes: datetime
    ) -> int:
        """Post the day's question; returns the message id its results will reply to."""

    async def send_results(
        self, post: DailyPost, results: DailyResults, question: Question | None, media: Mapping[str, bytes]
    ) -> None:
        """Show a closed post's results (and retire its answer buttons); ``media`` is the deck's pictures and sounds."""

    def failure(self, error: Exception) -> SendFailure: ...

    def pause_reason(self, pause: Pause) -> str:
        """The words stored with a paused schedule and shown to managers."""


class DailyRunner:
    """The scheduler and the open questions it posted, kept loaded for fast answers."""

    def __init__(
        self,
        store: Store,
        library: DeckLibrary,
        presenter: DailyPresenter,
        *,
        clock: Callable[[], datetime],
        time_scale: float = 1.0,
        ready: Callable[[], Awaitable[Any]] | None = None,
        owns: Callable[[int], bool] | None = None,
    ) -> None:
        self.store = store
        self.owns = owns
        """Which servers' schedules this process posts, when it is one of several shard processes."""
        self.library = library
        self.presenter = presenter
        self.clock = clock
        self.time_scale = time_scale
        self.ready = ready
        self.book = ScheduleBook()
        """The enabled schedules and when each is next due, kept in memory: a tick reads no database."""
        self._reread_at: datetime | None = None
        self._rereading: asyncio.Task[None] | None = None
        self._changed_meanwhile: set[int] | None = None
        self._pending: set[int] = set()
        """Schedules changed while a tick held the book: put in when it ends."""
        self._stale_check_at: datetime | None = None
        self._lock = asyncio.Lock()
        self._questions: dict[tuple[int, date], tuple[LoadedDeck, Question] | None] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._background: set[asyncio.Task[Any]] = set()

    # -- the timer ------------------------------------------------------------------------

    def start(self) -> None:
        self._ticker = asyncio.create_task(self._tick_forever(), name="daily-scheduler")

    async def preload(self, now: datetime | None = None) -> None:
        """Read the schedules into memory now (at start-up, while the gateway connects), not in the first tick."""
        async with self._lock:
            if not self.book.loaded:
                now = now or self.clock()
                self.book = await read_book(self.store, now, self.owns)
                self._reread_at = now + REREAD_EVERY

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

    async def settled(self) -> None:
        """Wait until the work started in the background (a re-read of every schedule, a command's posts) is done."""
        while pending := [t for t in self._background if not t.done()]:
            await asyncio.wait(pending)

    def run_soon(self) -> None:
        """Post what is due now without waiting for the next tick (the command has already answered)."""
        task = asyncio.create_task(self.run_due())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _tick_forever(self) -> None:
        try:
            await self.preload()
        except Exception:
            log.exception("could not read the daily schedules at start-up; the first tick will")
        if self.ready is not None:
            await self.ready()
        await self._warm_open_questions()
        while not self._closing:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily scheduler tick failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=TICK_SECONDS * self.time_scale)
            except TimeoutError:
                pass

    async def _warm_open_questions(self) -> None:
        """Rebuild open questions before members press Answer: answering must start within
        seconds, and loading a big imported deck after a restart can take longer."""
        try:
            for post in await self.store.open_daily_posts():
                await self.question_for(post)
        except Exception:
            log.exception("could not prepare the open daily questions")

    # -- posting --------------------------------------------------------------------------

    async def run_due(self, now: datetime | None = None) -> list[int]:
        """Make every post due at ``now`` (default: the clock); returns the channels posted in.

        Posts are spaced to stay under Discord's global request limit; a
        failure in one channel never stops the others.
        """
        now = now or self.clock()
        posted: list[int] = []
        async with self._lock:
            if not self.book.loaded:
                self.book = await read_book(self.store, now, self.owns)
                self._reread_at = now + REREAD_EVERY
            elif self._reread_at is not None and now >= self._reread_at and self._rereading is None:
                # Now and then, for schedules another process changed, in the background: ticks stay short.
                self._rereading = asyncio.create_task(self._reread_all(now))
                self._background.add(self._rereading)
                self._rereading.add_done_callback(self._background.discard)
            while self._pending:  # changes made while another tick posted
                await self._reread(self._pending.pop(), now)
            due = self.book.due(now)
            loop = asyncio.get_running_loop()
            started = loop.time()
            for index, (item, send_at) in enumerate(zip(due, send_plan(len(due), now))):
                if self._closing:
                    for left in due[index:]:
                        self.book.retry(left)
                    break
                delay = (send_at - now).total_seconds() * self.time_scale - (loop.time() - started)
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    if await self.post(item.schedule, item.day, send_at):
                        posted.append(item.schedule.channel_id)
                    await self._reread(item.schedule.channel_id, now)
                except Exception:
                    log.exception("daily post in channel %s failed", item.schedule.channel_id)
                    self.book.retry(item)
            if self._stale_check_at is None or now >= self._stale_check_at:
                await self._close_stale(now)
            while self._pending:  # changes made while this tick posted
                await self._reread(self._pending.pop(), now)
        return posted

    async def refresh(self, channel_id: int) -> None:
        """A schedule was set, moved, stopped or resumed: read it again (the next tick sees it).

        Never waits for a tick that is posting (spacing hundreds of posts takes
        a while, and a command must answer within seconds): the change is then
        put in when that tick ends.
        """
        if self._lock.locked():
            self._pending.add(channel_id)
            return
        async with self._lock:
            await self._reread(channel_id, self.clock())

    async def _reread_all(self, now: datetime) -> None:
        """Read every schedule into a new book, then swap it in with the changes made meanwhile."""
        try:
            self._changed_meanwhile = set()
            book = await read_book(self.store, now, self.owns)
            async with self._lock:
                self.book = book
                for channel_id in (*self._changed_meanwhile, *self._pending):
                    await self._reread(channel_id, now)
                self._pending.clear()
                self._reread_at = now + REREAD_EVERY
        except Exception:
            log.exception("could not read the daily schedules again")
        finally:
            self._changed_meanwhile = None
            self._rereading = None

    async def _reread(self, channel_id: int, now: datetime) -> None:
        if self._changed_meanwhile is not None:
            self._changed_meanwhile.add(channel_id)
        schedule = await self.store.get_schedule(channel_id)
        if schedule is None:
            self.book.remove(channel_id)
        else:
            self.book.put(schedule, now)

    async def post(self, schedule: DailySchedule, day: date, at: datetime) -> bool:
        """Claim, close the previous post, send today's. False when another process posted or it failed."""
        store = self.store
        channel_id, guild_id = schedule.channel_id, schedule.guild_id
        try:
            loaded = await self.library.get(guild_id, schedule.deck)
        except DeckNotFound:
            await self._pause(schedule, Pause("deck_missing", channel_id, schedule.deck))
            return False
        except DeckError as exc:
            await self._pause(schedule, Pause("deck_unreadable", channel_id, schedule.deck, str(exc)))
            return False
        seed = seed_for(channel_id, day)
        try:
            if schedule.pick == "random":
                used = await store.used_cards(channel_id, loaded.name)
                choice = await asyncio.to_thread(choose_card, loaded.name, loaded.deck, used, seed, loaded.direction)
            else:
                recent = await store.recent_daily_cards(channel_id, loaded.name, day - timedelta(days=NO_REPEAT_DAYS - 1))
                memory = await read_group_memory(store, guild_id, loaded.name, at)
                choice = await asyncio.to_thread(
                    choose_by_memory, loaded.name, loaded.deck, memory, recent, seed, new=schedule.pick == "new",
                    direction=loaded.direction,
                )
        except NoQuestionError:
            await self._pause(schedule, Pause("no_questions", channel_id, loaded.name))
            return False
        if choice.reset:
            await store.reset_used_cards(channel_id, loaded.name)
        if not await store.claim_daily_post(guild_id, channel_id, day, loaded.name, choice.key, at=at):
            return False
        question = daily_question(loaded.deck, choice.card, seed, loaded.direction)
        self._questions[(channel_id, day)] = (loaded, question)
        _, closes = next_post_time(schedule.local_time, zone(schedule.time_zone), at, day)
        try:
            for post in await self._earlier_open(guild_id, channel_id, day):
                await self.close(post, at)
            message_id = await self.presenter.send_question(schedule, loaded, question, day, closes)
        except Exception as exc:
            failure = self.presenter.failure(exc)
            if failure == "retry":
                raise
            reason = self.presenter.pause_reason(Pause(failure, channel_id, loaded.name))
            await store.close_daily_post(channel_id, day, {"not_posted": reason}, at=at)
            await self._stop_schedule(schedule, reason)
            return False
        await store.set_daily_message(channel_id, day, message_id)
        return True

    async def _earlier_open(self, guild_id: int, channel_id: int, day: date) -> list[DailyPost]:
        return [p for p in await self.store.open_daily_posts(guild_id) if p.channel_id == channel_id and p.post_date < day]

    async def _pause(self, schedule: DailySchedule, pause: Pause) -> None:
        await self._stop_schedule(schedule, self.presenter.pause_reason(pause))

    async def _stop_schedule(self, schedule: DailySchedule, reason: str) -> None:
        await self.store.pause_schedule(schedule.channel_id, reason)
        self.book.remove(schedule.channel_id)
        log.warning("paused the daily question in channel %s: %s", schedule.channel_id, reason)

    # -- closing --------------------------------------------------------------------------

    async def _close_stale(self, now: datetime) -> None:
        """Close posts left open too long (their channel stopped posting); looked for every ten minutes."""
        for post in await self.store.open_daily_posts(opened_before=now - CLOSE_AFTER):
            if stale(post.opened_at, now):
                await self.close_quietly(post, now)
        self._stale_check_at = now + REREAD_EVERY

    async def close(self, post: DailyPost, now: datetime) -> bool:
        """Close a post once (the database decides who) and show its results."""
        found = await self.question_for(post)
        question = found[1] if found else None
        results = await gather_results(self.store, post, question, now)
        if not await self.store.close_daily_post(post.channel_id, post.post_date, results.to_json(), at=now):
            return False
        self._questions.pop((post.channel_id, post.post_date), None)
        if post.message_id is None:
            return True
        await self.presenter.send_results(post, results, question, found[0].deck.media if found else {})
        return True

    async def close_quietly(self, post: DailyPost, now: datetime) -> None:
        """Close a post whose channel may be gone: the results are stored even when they cannot be shown."""
        try:
            await self.close(post, now)
        except Exception as exc:
            if self.presenter.failure(exc) == "retry":
                raise
            log.info("could not show results of the daily question in channel %s", post.channel_id)

    async def question_for(self, post: DailyPost) -> tuple[LoadedDeck, Question] | None:
        """The posted question, rebuilt from the stored card and seed after a restart."""
        found = await self._posted_question(post)
        if found is None:
            return None
        loaded, question = found
        try:
            current = await self.library.get(post.guild_id, post.deck)
        except (DeckNotFound, DeckError):
            return found
        if current.deck is not loaded.deck:
            return found
        return current, current.accepting(question)  # with the server's aliases as they are now

    async def _posted_question(self, post: DailyPost) -> tuple[LoadedDeck, Question] | None:
        cache_key = (post.channel_id, post.post_date)
        if cache_key in self._questions:
            return self._questions[cache_key]
        found: tuple[LoadedDeck, Question] | None = None
        try:
            loaded = await self.library.get(post.guild_id, post.deck)
            card = find_card(loaded.name, loaded.deck, post.card_key)
            if card is not None:
                found = (loaded, daily_question(loaded.deck, card, seed_for(post.channel_id, post.post_date), loaded.direction))
        except (DeckNotFound, DeckError, NoQuestionError):
            found = None
        self._questions[cache_key] = found
        return found
