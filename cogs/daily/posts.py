"""Questions of the day as Discord messages.

:class:`bot.daily.runner.DailyRunner` decides when to post, claim, close and
pause; :class:`ChannelPoster` is its Discord side: it sends the embeds and
tells the runner what a failed send means. :class:`CountShower` keeps an open
post's count of answers up to date.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import discord

from bot.app.client import Deckhand
from bot.daily import CountEdits, DailyResults, answered_count
from bot.daily.runner import DailyRunner, Pause, SendFailure
from bot.decks import LoadedDeck
from bot.questions import Question
from bot.storage import DailyPost, DailySchedule, StorageError
from cogs.daily.embeds import pause_text, question_embed, results_embed, with_count
from cogs.daily.views import question_view
from cogs.shared import NO_PINGS, dispute_view, sounds_of, with_picture

log = logging.getLogger(__name__)


def daily_runner(bot: Deckhand) -> DailyRunner:
    """The bot's scheduler, posting through :class:`ChannelPoster` and waiting for the gateway before its first tick."""
    return DailyRunner(
        bot.store, bot.library, ChannelPoster(bot), clock=bot.clock, time_scale=bot.time_scale, ready=bot.wait_until_ready,
        owns=bot.owns if bot.shard_plan.sharded else None,
    )


class ChannelPoster:
    """Sends questions and results to channels, by id, whether or not they are cached."""

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot

    async def send_question(
        self, schedule: DailySchedule, loaded: LoadedDeck, question: Question, day: date, closes: datetime
    ) -> int:
        channel = self._channel(schedule.channel_id, schedule.guild_id)
        embed = question_embed(loaded, question, day, closes)
        files = with_picture(embed, question.image, loaded.deck.media)
        message = await channel.send(
            embed=embed, view=question_view(question, day), allowed_mentions=NO_PINGS, **({"files": files} if files else {}),
        )
        return message.id

    async def send_results(
        self, post: DailyPost, results: DailyResults, question: Question | None, media: Mapping[str, bytes]
    ) -> None:
        assert post.message_id is not None
        channel = self._channel(post.channel_id, post.guild_id)
        reference = discord.MessageReference(message_id=post.message_id, channel_id=post.channel_id, fail_if_not_exists=False)
        embed = results_embed(results, question, post)
        line, files = sounds_of(question.card.media, media) if question else ("", [])
        if line:
            embed.description = f"{embed.description}\n{line}"
        extra: dict[str, Any] = {"files": files} if files else {}
        if question is not None and question.choices is None and results.answered > results.correct:
            extra["view"] = dispute_view(f"dispute:daily:{post.id}")  # "I was right": private verdicts vanish on reload
        await channel.send(embed=embed, reference=reference, allowed_mentions=NO_PINGS, **extra)
        try:
            await channel.get_partial_message(post.message_id).edit(view=None)
        except discord.HTTPException:
            log.debug("could not remove the buttons of daily question %s", post.message_id)

    def failure(self, error: Exception) -> SendFailure:
        if isinstance(error, discord.NotFound):
            return "gone"
        if isinstance(error, discord.Forbidden):
            return "forbidden"
        return "retry"

    def pause_reason(self, pause: Pause) -> str:
        return pause_text(pause)

    def _channel(self, channel_id: int, guild_id: int) -> Any:
        return self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id, guild_id=guild_id)


class CountShower:
    """Edits an open daily post to show how many have answered, at most every few seconds a post."""

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.edits = CountEdits()
        self._tasks: set[asyncio.Task[None]] = set()

    def answered(self, post: DailyPost) -> None:
        """An answer to ``post`` was stored: show the new count soon."""
        if post.message_id is None:
            return  # nothing was posted to show a count on
        wait = self.edits.wait_for(post.id)
        if wait is None:
            return  # an edit is on its way and will show this answer too
        task = asyncio.create_task(self._show(post, wait * self.bot.time_scale))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _show(self, post: DailyPost, wait: float) -> None:
        if wait > 0:
            await asyncio.sleep(wait)
        self.edits.editing(post.id)
        try:
            count = await answered_count(self.bot.store, post)  # only what is stored is shown
            channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
            assert post.message_id is not None
            message = await channel.fetch_message(post.message_id)
            if not message.embeds:
                return
            await message.edit(embed=with_count(message.embeds[0], count), allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            log.debug("could not show the answer count on daily post %s: %s", post.id, error)
        except StorageError as error:
            log.debug("could not count the answers of daily post %s: %s", post.id, error)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
