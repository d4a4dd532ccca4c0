"""``/quiz``: live quiz rounds in a channel.

The cog turns slash commands, messages, buttons and modals into calls on
:class:`bot.quiz.live.LiveQuiz`, and shows what it reports as embeds. Rules,
timing and storage all live in the core.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from dataclasses import dataclass

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Deckhand
from bot.decks import DeckNotFound, choose_deck
from bot.questions import NoQuestionError, pick_questions
from bot.quiz import (
    CHOICE,
    TYPED,
    ActiveQuestion,
    QuestionResult,
    QuizSession,
    channel_allowed,
    reply_feedback,
    round_config,
)
from bot.quiz.live import LiveQuiz, Place
from cogs.common import (
    EMBED_DESCRIPTION,
    EMBED_FIELD,
    EMBED_TITLE,
    LETTERS,
    MEDALS,
    MESSAGE,
    NO_PINGS,
    deck_choices,
    fit,
    quiet,
    respond,
    send_private,
    unknown_deck,
)

log = logging.getLogger(__name__)

ALMOST_EMOJI = "🤏"
QUICK_PICK_CARDS = 2_000
"""Decks up to this size always pick a round's questions well within Discord's 3-second window."""
COLOUR = discord.Colour.blurple()
RIGHT = discord.Colour.green()
MISSED = discord.Colour.orange()


@dataclass
class ChannelRound:
    live: LiveQuiz
    presenter: ChannelPresenter
    task: asyncio.Task[None]


class ChannelPresenter:
    """Shows one round in one channel: question embeds, results and the podium."""

    def __init__(self, channel: discord.abc.Messageable, deck_title: str, *, answer_button: bool) -> None:
        self.channel = channel
        self.deck_title = deck_title
        self.answer_button = answer_button
        self.question_message: discord.Message | None = None
        self.view: discord.ui.View | None = None

    async def show_question(self, quiz: LiveQuiz, active: ActiveQuestion) -> None:
        question = active.question
        embed = discord.Embed(
            title=f"Question {active.number} of {quiz.session.total}",
            description=fit(question.prompt, EMBED_DESCRIPTION - 600),
            colour=COLOUR,
        )
        if question.choices is not None and quiz.session.config.mode == CHOICE:
            embed.description += "\n\n" + "\n".join(
                f"**{letter}.** {fit(choice, 300)}" for letter, choice in zip(LETTERS, question.choices)
            )
            view: discord.ui.View | None = ChoiceView(quiz, len(question.choices))
            how = "Pick one answer with the buttons; you can't change it."
        elif self.answer_button:
            view = AnswerView(quiz)
            how = "Press **Answer** to reply."
        else:
            view = None
            how = "Type your answer in this channel."
        deadline = int(discord.utils.utcnow().timestamp() + active.time_left(quiz.now()))
        embed.add_field(name="Time", value=f"Ends <t:{deadline}:R>", inline=True)
        embed.add_field(name="How", value=how, inline=True)
        embed.set_footer(text=fit(f"{self.deck_title} · {question.basis or question.kind}", 2048))
        self.view = view
        kwargs = {"view": view} if view is not None else {}
        self.question_message = await self.channel.send(embed=embed, allowed_mentions=NO_PINGS, **kwargs)

    async def show_result(self, quiz: LiveQuiz, result: QuestionResult) -> None:
        await self._retire_view()
        question = result.question
        if result.winners and question.choices is None:
            winner = result.winners[0]
            headline = f"✅ <@{winner.member}> got it in {winner.elapsed:.1f} s (+{winner.points} points)"
            colour = RIGHT
        elif result.winners:
            shown = ", ".join(f"<@{w.member}> (+{w.points})" for w in result.winners[:10])
            more = f" and {len(result.winners) - 10} more" if len(result.winners) > 10 else ""
            headline = f"✅ {len(result.winners)} of {result.answered} got it: {shown}{more}"
            colour = RIGHT
        else:
            headline = {
                "skipped": "⏭️ Skipped.",
                "stopped": "⏹️ Quiz stopped.",
            }.get(result.reason, "⏰ Time's up: nobody got it." if result.answered else "⏰ Time's up.")
            colour = MISSED
        embed = discord.Embed(title=fit(f"Answer: {question.answers[0]}", EMBED_TITLE), description=headline, colour=colour)
        if question.explanation:
            embed.add_field(name=fit(question.card.front, EMBED_TITLE), value=fit(question.explanation, EMBED_FIELD), inline=False)
        await self.channel.send(embed=embed, allowed_mentions=NO_PINGS)

    async def show_summary(self, quiz: LiveQuiz) -> None:
        standings = quiz.session.standings()
        asked = len(quiz.session.results)
        if not standings:
            text = "Nobody scored this round."
        else:
            lines = [
                f"{MEDALS[i] if i < 3 else f'{i + 1}.'} <@{s.member}>: {s.points} points ({s.correct} right)"
                for i, s in enumerate(standings[:10])
            ]
            text = "\n".join(lines)
        embed = discord.Embed(title=f"Quiz over: {asked} question{'s' if asked != 1 else ''}", description=text, colour=COLOUR)
        embed.set_footer(text="Scores count on /leaderboard.")
        await self.channel.send(embed=embed, allowed_mentions=NO_PINGS)

    async def _retire_view(self) -> None:
        if self.view is None or self.question_message is None:
            return
        self.view.stop()
        self.view = None
        try:
            await self.question_message.edit(view=None)
        except discord.HTTPException:
            log.debug("could not remove buttons from question %s", self.question_message.id)


class ChoiceView(discord.ui.View):
    """Four buttons; each member locks in one answer, told privately."""

    def __init__(self, quiz: LiveQuiz, count: int) -> None:
        super().__init__(timeout=None)
        self.quiz = quiz
        for index in range(count):
            button = discord.ui.Button(label=LETTERS[index], style=discord.ButtonStyle.secondary, custom_id=f"quiz-choice-{secrets.token_hex(6)}-{index}")
            button.callback = self._make_callback(index)
            self.add_item(button)

    def _make_callback(self, index: int):
        async def callback(interaction: discord.Interaction) -> None:
            outcome = self.quiz.choose(interaction.user.id, index)
            await respond(interaction, fit(outcome.message, MESSAGE), ephemeral=True)

        return callback


class AnswerView(discord.ui.View):
    """An Answer button for servers where the bot cannot read messages."""

    def __init__(self, quiz: LiveQuiz) -> None:
        super().__init__(timeout=None)
        self.quiz = quiz
        button = discord.ui.Button(label="Answer", style=discord.ButtonStyle.primary, custom_id=f"quiz-answer-{secrets.token_hex(6)}")
        button.callback = self._open
        self.add_item(button)

    async def _open(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(AnswerModal(self.quiz))


class AnswerModal(discord.ui.Modal, title="Your answer"):
    answer: discord.ui.TextInput = discord.ui.TextInput(label="Answer", max_length=200)

    def __init__(self, quiz: LiveQuiz) -> None:
        super().__init__(timeout=300)
        self.quiz = quiz

    async def on_submit(self, interaction: discord.Interaction) -> None:
        outcome = await self.quiz.reply(interaction.user.id, self.answer.value)
        await respond(interaction, reply_feedback(outcome), ephemeral=True)


NEEDED = {
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "add_reactions": "Add Reactions",
}


def missing_permissions(permissions: discord.Permissions) -> str:
    """The bot permissions a round needs in the channel that it lacks, named as Discord shows them."""
    return ", ".join(label for flag, label in NEEDED.items() if not getattr(permissions, flag))


class QuizCog(commands.Cog):
    quiz = app_commands.Group(name="quiz", description="Play a quiz round in this channel", guild_only=True)

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.rounds: dict[int, ChannelRound] = {}

    async def cog_unload(self) -> None:
        """Shutting down: end every round cleanly so nothing confirmed is lost."""
        for channel_round in list(self.rounds.values()):
            channel_round.live.stop()
        for channel_round in list(self.rounds.values()):
            try:
                await asyncio.wait_for(asyncio.shield(channel_round.task), timeout=10)
            except (TimeoutError, asyncio.CancelledError, Exception):
                log.warning("a quiz round did not end cleanly within 10 s")
                channel_round.task.cancel()

    @quiz.command(name="start", description="Start a quiz round in this channel")
    @app_commands.describe(
        deck="Which deck to play (default: the server's default deck)",
        questions="How many questions (1-50, default 10)",
        mode="Typed answers, or multiple choice with buttons",
        seconds="Seconds per question (10-120, default from the server settings)",
    )
    @app_commands.choices(
        mode=[app_commands.Choice(name="typed", value=TYPED), app_commands.Choice(name="choice", value=CHOICE)]
    )
    async def start(
        self,
        interaction: discord.Interaction,
        deck: str | None = None,
        questions: app_commands.Range[int, 1, 50] = 10,
        mode: str = TYPED,
        seconds: app_commands.Range[int, 10, 120] | None = None,
    ) -> None:
        channel = interaction.channel
        assert interaction.guild_id is not None and channel is not None
        if channel.id in self.rounds:
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
        try:
            picked = await asyncio.to_thread(
                pick_questions, loaded.deck, rng, min(questions, len(loaded.deck.cards)), mode=mode
            )
        except NoQuestionError as exc:
            await send_private(interaction, f"Can't make that quiz from {quiet(loaded.name)}: {exc}.")
            return
        config = round_config(settings, len(picked), mode, seconds)
        session = QuizSession(loaded.deck, picked, config=config, starter=interaction.user.id, context=loaded.context)
        presenter = ChannelPresenter(
            channel, loaded.deck.title, answer_button=mode == TYPED and not self.bot.intents.message_content
        )
        place = Place(interaction.guild_id, channel.id, f"{channel.id}-{interaction.id}")
        live = LiveQuiz(
            session, loaded, place, presenter, self.bot.store,
            gap=self.bot.question_gap, time_scale=self.bot.time_scale,
        )
        how = "Pick with the buttons." if mode == CHOICE else ("Press Answer to reply." if presenter.answer_button else "Type your answers here.")
        await respond(
            interaction,
            fit(
                f"🎓 **Quiz!** {len(picked)} question{'s' if len(picked) != 1 else ''} from **{quiet(loaded.deck.title)}**, "
                f"{config.seconds} s each. {how} Started by {interaction.user.mention}.",
                MESSAGE,
            ),
        )
        task = asyncio.create_task(self._play(channel.id, live), name=f"quiz-{channel.id}")
        self.rounds[channel.id] = ChannelRound(live, presenter, task)

    @start.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    @quiz.command(name="hint", description="Reveal some letters of the answer (costs points)")
    async def hint(self, interaction: discord.Interaction) -> None:
        channel_round = await self._controlled_round(interaction)
        if channel_round is None:
            return
        session = channel_round.live.session
        if session.current is not None and session.current.question.choices is not None and session.config.mode == CHOICE:
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
        if outcome.react:
            try:
                await message.add_reaction(ALMOST_EMOJI)
            except discord.HTTPException:
                log.debug("could not react to message %s", message.id)

    async def _controlled_round(self, interaction: discord.Interaction) -> ChannelRound | None:
        channel_round = self.rounds.get(interaction.channel_id or 0)
        if channel_round is None:
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
            self.rounds.pop(channel_id, None)


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(QuizCog(bot))
