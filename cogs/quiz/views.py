"""The buttons and the form under a quiz question."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

import discord

from bot.quiz import LiveQuiz, reply_feedback
from cogs.shared import LETTERS, MESSAGE, respond, shorten


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
            await respond(interaction, shorten(outcome.message, MESSAGE), ephemeral=True)

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


PODIUM_BUTTONS_SECONDS = 15 * 60
"""How long a podium's buttons answer: a new round soon after, or a look at the board."""


class PodiumView(discord.ui.View):
    """**Play again** (the same deck and settings, for whoever presses it) and **Leaderboard** under a podium."""

    def __init__(
        self, again: Callable[[discord.Interaction], Awaitable[None]], board: Callable[[discord.Interaction], Awaitable[None]]
    ) -> None:
        super().__init__(timeout=PODIUM_BUTTONS_SECONDS)
        for label, style, action in (
            ("Play again", discord.ButtonStyle.primary, again),
            ("Leaderboard", discord.ButtonStyle.secondary, board),
        ):
            button = discord.ui.Button(label=label, style=style, custom_id=f"quiz-podium-{secrets.token_hex(6)}-{len(self.children)}")
            button.callback = action
            self.add_item(button)
