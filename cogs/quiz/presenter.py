"""One round shown in one channel: a live card per question, edited into its answer, and the podium."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

import aiohttp
import discord

from bot.disputes import Asked, RecentQuestions
from bot.quiz import ActiveQuestion, LiveQuiz, QuestionResult, Unreachable, round_facts
from cogs.quiz.embeds import question_embed, result_embed, summary_embed
from cogs.quiz.views import AnswerView, ChoiceView
from cogs.shared import NO_PINGS, dispute_view, sounds_of, with_picture

log = logging.getLogger(__name__)


@asynccontextmanager
async def reaching_discord() -> AsyncIterator[None]:
    """Discord down, answering 5xx, or the connection lost: :class:`Unreachable`, so the round waits it out.

    A refusal (missing permission, unknown channel, a bad request) is no
    outage and passes through unchanged."""
    try:
        yield
    except discord.DiscordServerError as error:
        raise Unreachable(f"Discord answered {error.status}") from error
    except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError) as error:
        raise Unreachable(type(error).__name__) from error


class ChannelPresenter:
    """Shows one round in one channel: one live card per question, edited into its answer, and the podium."""

    def __init__(
        self, channel: discord.abc.Messageable, deck_title: str, *, answer_button: bool,
        media: Mapping[str, bytes] | None = None, podium: Callable[[], discord.ui.View] | None = None,
        recent: RecentQuestions | None = None,
    ) -> None:
        self.channel = channel
        self.recent = recent
        """Where each revealed question is remembered as asked, for the disputes of its refused replies."""
        self.podium = podium
        """Makes the buttons under the round's podium (Play again, Leaderboard)."""
        self.deck_title = deck_title
        self.media = media or {}
        self.answer_button = answer_button
        self.question_message: discord.Message | None = None
        """The open question's card, edited into its answer when the question closes."""
        self.question_number: int | None = None
        self.view: discord.ui.View | None = None

    @property
    def question_message_id(self) -> int | None:
        """The open question's message, kept with the round so a restart can tidy it."""
        return self.question_message.id if self.question_message is not None else None

    async def show_question(self, quiz: LiveQuiz, active: ActiveQuestion) -> None:
        """Post the question's live card; asked again (after an outage), the same card gets the fresh deadline."""
        question = active.question
        choice = quiz.session.config.plays_as_choice(question)
        deadline = int(discord.utils.utcnow().timestamp() + active.time_left(quiz.now()))
        embed = question_embed(
            question, active.number, quiz.session.total, self.deck_title,
            choice=choice, answer_button=self.answer_button, deadline=deadline,
        )
        if self.question_message is not None and self.question_number == active.number:
            if await self._edit(embed=embed):
                return
        await self._retire_view()
        view: discord.ui.View | None = None
        if choice and question.choices is not None:
            view = ChoiceView(quiz, len(question.choices))
        elif self.answer_button:
            view = AnswerView(quiz)
        self.view = view
        kwargs: dict[str, object] = {"view": view} if view is not None else {}
        files = with_picture(embed, question.image, self.media)
        if files:
            kwargs["files"] = files
        async with reaching_discord():
            self.question_message = await self.channel.send(embed=embed, allowed_mentions=NO_PINGS, **kwargs)
        self.question_number = active.number

    async def show_result(self, quiz: LiveQuiz, result: QuestionResult) -> None:
        """Turn the question's card into its answer, in place; a new post where the card cannot be edited."""
        sounds, files = sounds_of(result.question.card.media, self.media)
        embed = result_embed(
            result, quiz.session.total, self.deck_title,
            choice=quiz.session.config.plays_as_choice(result.question), sounds=sounds,
        )
        view = self._dispute_view(quiz, result)
        message = self.question_message if self.question_number == result.number else None
        if message is not None:
            extra: dict[str, object] = {"attachments": [*message.attachments, *files]} if files else {}
            if await self._edit(embed=embed, view=view, **extra):
                self._forget_view()
                return
        await self._retire_view()
        with_picture(embed, result.question.image, {})  # a web address still shows; a deck's file went with the card
        sent: dict[str, object] = {"files": files} if files else {}
        if view is not None:
            sent["view"] = view
        async with reaching_discord():
            await self.channel.send(embed=embed, allowed_mentions=NO_PINGS, **sent)

    def _dispute_view(self, quiz: LiveQuiz, result: QuestionResult) -> discord.ui.View | None:
        """"I was right" under a typed question's answer when some reply to it was refused; the question is
        remembered as asked, for the moderators who settle those disputes."""
        question = result.question
        if question.choices is not None or quiz.session.config.plays_as_choice(question) or not result.saved:
            return None
        if result.answered <= len(result.winners):
            return None
        question_id = quiz.place.question_id(result.number)
        if self.recent is not None:
            self.recent.remember(quiz.place.channel_id, question_id, Asked(question.prompt, question.answers))
        return dispute_view(f"dispute:quiz:{question_id}")

    async def _edit(self, embed: discord.Embed, **changes: object) -> bool:
        """Edit the open question's card, keeping the picture it shows; False when it is gone or may not be
        edited (the caller posts instead)."""
        assert self.question_message is not None
        shown = self.question_message.embeds[0].image.url if self.question_message.embeds else None
        if shown and not embed.image.url:
            embed.set_image(url=shown)  # the picture already sent stays as it was
        try:
            async with reaching_discord():
                self.question_message = await self.question_message.edit(embed=embed, allowed_mentions=NO_PINGS, **changes)
        except discord.HTTPException as error:  # deleted, or the bot lost a permission: not an outage
            log.info("could not edit question card %s (%s): posting instead", self.question_message.id, error.status)
            self.question_message = None
            return False
        return True

    def _forget_view(self) -> None:
        if self.view is not None:
            self.view.stop()
            self.view = None

    async def show_summary(self, quiz: LiveQuiz) -> None:
        facts = round_facts(quiz.session.results)
        embed = summary_embed(quiz.session.standings(), quiz.session.asked, unsaved=quiz.unsaved, facts=facts)
        extra: dict[str, object] = {}
        if self.podium is not None and not quiz.unsaved:  # nothing to play again while answers cannot be saved
            extra["view"] = self.podium()
        async with reaching_discord():
            await self.channel.send(embed=embed, allowed_mentions=NO_PINGS, **extra)

    async def _retire_view(self) -> None:
        """Take the buttons off a card that stays as it is."""
        had_buttons = self.view is not None
        self._forget_view()
        if not had_buttons or self.question_message is None:
            return
        try:
            await self.question_message.edit(view=None)
        except discord.HTTPException:
            log.debug("could not remove buttons from question %s", self.question_message.id)
