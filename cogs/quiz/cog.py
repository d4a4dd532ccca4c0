"""The /quiz commands and the listener that reads typed answers.

The cog turns slash commands, messages, buttons and modals into calls on
:class:`bot.quiz.live.LiveQuiz`, and shows what it reports as embeds. Rules,
timing and storage all live in the core.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Deckhand
from bot.decks import DeckNotFound, LoadedDeck, choose_deck
from bot.questions import NoQuestionError
from bot.quiz import (
    CHOICE, QUIZ_PICKS, SHRUG_REPLY, TYPED, LiveQuiz, Place, QuizSession, channel_allowed, round_config, round_questions,
)
from bot.srs import read_group_memory
from bot.quiz.saved import Interrupted, RoundKeeper, RoundPlan, restore
from bot.storage import SavedRound
from cogs.quiz.embeds import RESTARTING, RESUMING, interrupted_message, start_message, summary_embed
from cogs.quiz.presenter import ChannelPresenter
from cogs.quiz.views import PodiumView
from cogs.shared import (
    DIRECTION_CHOICES,
    NO_PINGS,
    deck_choices,
    quiet,
    respond,
    send_private,
    unknown_deck,
)

log = logging.getLogger(__name__)

ALMOST_EMOJI = "🤏"
QUICK_PICK_CARDS = 2_000
"""Decks up to this size always pick a round's questions well within Discord's 3-second window."""


@dataclass
class ChannelRound:
    live: LiveQuiz
    presenter: ChannelPresenter
    task: asyncio.Task[None]


NEEDED = {
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "add_reactions": "Add Reactions",
}


def missing_permissions(permissions: discord.Permissions) -> str:
    """The bot permissions a round needs in the channel that it lacks, named as Discord shows them."""
    return ", ".join(label for flag, label in NEEDED.items() if not getattr(permissions, flag))


async def _let_finish(channel_round: ChannelRound) -> None:
    """Give a round that is ending 10 seconds to show its podium, then cancel it."""
    try:
        await asyncio.wait_for(asyncio.shield(channel_round.task), timeout=10)
    except (TimeoutError, asyncio.CancelledError, Exception):
        log.warning("a quiz round did not end cleanly within 10 s")
        channel_round.task.cancel()


class QuizCog(commands.Cog):
    quiz = app_commands.Group(name="quiz", description="Play a quiz round in this channel", guild_only=True)

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.rounds: dict[int, ChannelRound] = {}
        self._resuming: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._resuming = asyncio.create_task(self._resume_kept(), name="quiz-resume")

    async def cog_unload(self) -> None:
        """Shutting down (a deploy's SIGTERM, Ctrl+C): each round is kept to go on after the restart.

        With ``--no-resume`` the rounds end here instead, with their podiums.
        """
        if self._resuming is not None:
            self._resuming.cancel()
        if self.bot.resume:
            await self._suspend_all()
            return
        for channel_round in list(self.rounds.values()):
            channel_round.live.stop()
        for channel_round in list(self.rounds.values()):
            await _let_finish(channel_round)

    async def _suspend_all(self) -> None:
        for channel_round in list(self.rounds.values()):
            live = channel_round.live
            if live.session.finished:  # showing its podium: let it finish
                await _let_finish(channel_round)
                continue
            channel_round.task.cancel()
            await asyncio.gather(channel_round.task, return_exceptions=True)
            await live.flush()
            try:
                await channel_round.presenter.channel.send(RESTARTING, allowed_mentions=NO_PINGS)
            except (discord.HTTPException, OSError):
                log.info("could not say the quiz in channel %s will continue", live.place.channel_id)

    async def _resume_kept(self) -> None:
        """After a restart: go on with each kept round, or tell its channel it could not."""
        await self.bot.wait_until_ready()
        try:
            kept = await self.bot.store.saved_rounds()
        except Exception:
            log.exception("could not read the quiz rounds kept before the restart")
            return
        for saved in kept:
            if not self.bot.owns(saved.guild_id):
                continue  # a server on another process's shards: that process resumes it
            try:
                await self._resume(saved)
            except Exception:
                log.exception("could not resume the quiz in channel %s", saved.channel_id)
                await self.bot.store.end_round(saved.channel_id, saved.round_id)

    async def _resume(self, saved: SavedRound) -> None:
        channel = self.bot.get_channel(saved.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.info("the channel of a kept quiz round (%s) is gone: ending it", saved.channel_id)
            await self.bot.store.end_round(saved.channel_id, saved.round_id)
            return
        outcome = await restore(saved, self.bot.library, self.bot.clock(), resume=self.bot.resume)
        if isinstance(outcome, Interrupted):
            await self.bot.store.end_round(saved.channel_id, saved.round_id)
            await channel.send(
                interrupted_message(outcome.reason), embed=summary_embed(outcome.standings, outcome.asked),
                allowed_mentions=NO_PINGS,
            )
            return
        if outcome.message_id is not None:
            try:  # the open question's buttons belonged to the old process
                await channel.get_partial_message(outcome.message_id).edit(view=None)
            except (discord.HTTPException, AttributeError):
                pass
        await channel.send(RESUMING, allowed_mentions=NO_PINGS)
        self._begin(channel, outcome.deck, outcome.session, outcome.plan, resumed=True)

    def _begin(
        self, channel: discord.abc.Messageable, loaded: LoadedDeck, session: QuizSession, plan: RoundPlan,
        *, resumed: bool = False,
    ) -> None:
        """Play a round in ``channel``, kept in the store as it goes so a restart can resume it."""
        presenter = ChannelPresenter(
            channel, loaded.deck.title, answer_button=plan.answer_button, media=loaded.deck.media,
            podium=lambda: PodiumView(lambda i: self._play_again(i, plan), self._show_board),
            recent=self.bot.recent_questions,
        )
        live = LiveQuiz(
            session, loaded, Place(plan.guild_id, plan.channel_id, plan.round_id), presenter, self.bot.store,
            gap=self.bot.question_gap, time_scale=self.bot.time_scale, keeper=RoundKeeper(self.bot.store, plan),
            resumed=resumed,
        )
        task = asyncio.create_task(self._play(plan.channel_id, live), name=f"quiz-{plan.channel_id}")
        self.rounds[plan.channel_id] = ChannelRound(live, presenter, task)

    async def _play_again(self, interaction: discord.Interaction, plan: RoundPlan) -> None:
        """Play again: a new round of the same deck, length, mode and time, started by whoever pressed it."""
        config = plan.config
        await self.start.callback(self, interaction, deck=plan.deck, questions=config.questions, mode=config.mode, seconds=config.seconds)

    async def _show_board(self, interaction: discord.Interaction) -> None:
        boards = self.bot.get_cog("Leaderboard")
        if boards is None:
            await send_private(interaction, "The leaderboard is not available right now.")
            return
        await boards.leaderboard.callback(boards, interaction)  # type: ignore[attr-defined]

    @quiz.command(name="start", description="Start a quiz round in this channel")
    @app_commands.describe(
        deck="Which deck to play (default: the server's default deck)",
        questions="How many questions (1-50, default 10)",
        mode="Typed answers, or multiple choice with buttons",
        seconds="Seconds per question (10-120, default from the server settings)",
        direction="For two-sided cards: which side is shown (default: the deck's own)",
        pick="Which cards: at random (default), what the group knows least, or cards few have met",
    )
    @app_commands.choices(
        mode=[app_commands.Choice(name="typed", value=TYPED), app_commands.Choice(name="choice", value=CHOICE)],
        direction=DIRECTION_CHOICES,
        pick=[app_commands.Choice(name=p, value=p) for p in QUIZ_PICKS],
    )
    async def start(
        self,
        interaction: discord.Interaction,
        deck: str | None = None,
        questions: app_commands.Range[int, 1, 50] = 10,
        mode: str = TYPED,
        seconds: app_commands.Range[int, 10, 120] | None = None,
        direction: str | None = None,
        pick: str = "random",
    ) -> None:
        channel = interaction.channel
        assert interaction.guild_id is not None and channel is not None
        running = self.rounds.get(channel.id)
        if running is not None and not running.live.session.finished:
            await send_private(interaction, "A quiz is already running in this channel. Use /quiz stop to end it.")
            return
        missing = missing_permissions(interaction.app_permissions)
        if missing:
            await send_private(
                interaction,
                f"I can't run a quiz here: I need the {missing} permission in this channel. Ask a server admin to add it.",
            )
            return
        settings = await self.bot.store.get_settings(interaction.guild_id)
        if not channel_allowed(channel.id, settings.quiz_channels):
            allowed = ", ".join(f"<#{c}>" for c in settings.quiz_channels)
            await send_private(interaction, f"Quizzes run in {allowed} on this server.")
            return
        name = choose_deck(deck, settings.default_deck, builtin=self.bot.library.builtin_names())
        if name is None:
            await send_private(interaction, "There are no decks yet. A manager can add one with /deck import.")
            return
        if not self.bot.library.is_ready(interaction.guild_id, name):
            # Reading a large imported deck can outlast Discord's 3-second answer window.
            await interaction.response.defer(thinking=True)
        try:
            loaded = await self.bot.library.get(interaction.guild_id, name)
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, interaction.guild_id, name))
            return
        rng = random.Random()
        if len(loaded.deck.cards) > QUICK_PICK_CARDS and not interaction.response.is_done():
            # A big deck that suits the mode poorly can take seconds to search.
            await interaction.response.defer(thinking=True)
        memory = None
        if pick != "random":
            memory = await read_group_memory(self.bot.store, interaction.guild_id, loaded.name, self.bot.clock())
        try:
            picked = await asyncio.to_thread(
                round_questions, loaded, rng, min(questions, len(loaded.deck.cards)), mode=mode,
                direction=direction or loaded.direction, pick=pick, memory=memory,
            )
        except NoQuestionError as exc:
            await send_private(interaction, f"Can't make that quiz from {quiet(loaded.name)}: {exc}.")
            return
        config = round_config(settings, len(picked), mode, seconds)
        session = QuizSession(loaded.deck, picked, config=config, starter=interaction.user.id, context=loaded.context)
        answer_button = mode == TYPED and not self.bot.intents.message_content
        plan = RoundPlan(
            interaction.guild_id, channel.id, f"{channel.id}-{interaction.id}", loaded.name, interaction.user.id, config,
            answer_button,
        )
        await respond(
            interaction,
            start_message(len(picked), loaded.deck.title, config.seconds, mode, answer_button, interaction.user.mention),
        )
        self._begin(channel, loaded, session, plan)

    @start.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    @quiz.command(name="hint", description="Reveal some letters of the answer (costs points)")
    async def hint(self, interaction: discord.Interaction) -> None:
        channel_round = await self._controlled_round(interaction)
        if channel_round is None:
            return
        session = channel_round.live.session
        if session.current is not None and session.config.plays_as_choice(session.current.question):
            await send_private(interaction, "Hints are for typed questions.")
            return
        hint = channel_round.live.hint()
        if hint is None:
            await send_private(interaction, "No more hints for this question.")
            return
        await respond(interaction, f"💡 Hint: `{hint}`")

    @quiz.command(name="skip", description="Skip the current question")
    async def skip(self, interaction: discord.Interaction) -> None:
        channel_round = await self._controlled_round(interaction)
        if channel_round is None:
            return
        if channel_round.live.skip():
            await respond(interaction, "⏭️ Skipping.")
        else:
            await send_private(interaction, "There is no open question to skip right now.")

    @quiz.command(name="stop", description="Stop the quiz in this channel")
    async def stop(self, interaction: discord.Interaction) -> None:
        channel_round = await self._controlled_round(interaction)
        if channel_round is None:
            return
        channel_round.live.stop()
        await respond(interaction, f"⏹️ Quiz stopped by {interaction.user.mention}.")

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        """The gateway dropped: members' answers cannot arrive, so open questions stop their clocks."""
        for channel_round in self.rounds.values():
            channel_round.live.pause()

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        for channel_round in self.rounds.values():
            channel_round.live.resume()

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        await self.on_resumed()  # a new session after a drop, as much as a resume

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or message.webhook_id is not None:
            return
        channel_round = self.rounds.get(message.channel.id)
        if channel_round is None or not message.content:
            return
        if message.edited_at is not None:
            # discord.py updates a cached message in place, so an edit that lands
            # before this handler runs would be graded as the original reply.
            return
        outcome = await channel_round.live.reply(message.author.id, message.content)
        if outcome.shrug:
            try:
                await message.reply(SHRUG_REPLY, mention_author=False, allowed_mentions=NO_PINGS)
            except discord.HTTPException:
                log.debug("could not answer a shrug in message %s", message.id)
        if outcome.react:
            try:
                await message.add_reaction(ALMOST_EMOJI)
            except discord.HTTPException:
                log.debug("could not react to message %s", message.id)

    async def _controlled_round(self, interaction: discord.Interaction) -> ChannelRound | None:
        channel_round = self.rounds.get(interaction.channel_id or 0)
        if channel_round is None or channel_round.live.session.finished:
            await send_private(interaction, "No quiz is running in this channel. Start one with /quiz start.")
            return None
        allowed = channel_round.live.session.can_control(
            interaction.user.id, manage_messages=interaction.permissions.manage_messages
        )
        if not allowed:
            await send_private(interaction, "Only the member who started this quiz or a moderator (Manage Messages) can do that.")
            return None
        return channel_round

    async def _play(self, channel_id: int, live: LiveQuiz) -> None:
        try:
            await live.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("quiz round in channel %s failed", channel_id)
            try:
                await live.presenter.channel.send("The quiz stopped because of an error; scores so far are saved.", allowed_mentions=NO_PINGS)
            except discord.HTTPException:
                pass
        finally:
            # A new round may already have started while this one showed its podium: leave that one be.
            if (current := self.rounds.get(channel_id)) is not None and current.live is live:
                del self.rounds[channel_id]
