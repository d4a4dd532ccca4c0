"""The Answer and choice buttons of a question of the day, and the private answer form.

The buttons carry the post's date in their custom id and are registered as
dynamic items, so they keep working after a restart: the core rebuilds the
question from the stored card and the channel/date seed. A press is handed
to :class:`bot.daily.DailyAnswers` (the bot's ``daily_answers``), which
decides; this module only words its answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import discord

from bot.daily import DailyAnswers, Refused
from bot.questions import Question
from bot.shared.text import fit_card_markdown
from cogs.daily.embeds import refusal_text, verdict_message
from cogs.shared import LETTERS, dispute_view, respond, send_private

MODAL_TEXT = 4000
"""Characters a modal's text display may hold."""


def _answers(interaction: discord.Interaction) -> DailyAnswers:
    answers = getattr(interaction.client, "daily_answers", None)
    assert answers is not None, "the daily cog sets the bot's daily_answers when it loads"
    return answers


async def open_answer(interaction: discord.Interaction, day: date) -> None:
    """Answer pressed: the private form, unless the member may not answer."""
    if interaction.guild_id is None or interaction.channel_id is None:
        return
    opened = await _answers(interaction).start(interaction.channel_id, day, interaction.user.id)
    if isinstance(opened, Refused):
        await send_private(interaction, refusal_text(opened))
        return
    custom_id = f"daily:modal:{opened.post.id}:{interaction.user.id}:{interaction.id}"
    await interaction.response.send_modal(AnswerModal(day, opened.question, custom_id))


async def submit(interaction: discord.Interaction, day: date, *, reply: str | None = None, index: int | None = None) -> None:
    """A typed reply or a picked choice: graded and stored by the core, then the member is told privately."""
    if interaction.guild_id is None or interaction.channel_id is None:
        return
    outcome = await _answers(interaction).answer(interaction.channel_id, day, interaction.user.id, reply=reply, index=index)
    if isinstance(outcome, Refused):
        await send_private(interaction, refusal_text(outcome))
        return
    extra: dict[str, Any] = {}
    if not outcome.verdict.correct and outcome.typed and outcome.attempt_id is not None:
        extra["view"] = dispute_view(f"dispute:attempt:{outcome.attempt_id}")  # "I was right"
    await respond(interaction, verdict_message(outcome.verdict, outcome.answer), ephemeral=True, **extra)
    counts = getattr(interaction.client, "daily_counts", None)
    if counts is not None and outcome.post is not None:
        counts.answered(outcome.post)


# -- buttons that survive restarts ------------------------------------------------------------


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"daily:answer:(?P<day>\d{4}-\d{2}-\d{2})"):
    def __init__(self, day: date) -> None:
        super().__init__(
            discord.ui.Button(label="Answer", emoji="✏️", style=discord.ButtonStyle.primary, custom_id=f"daily:answer:{day.isoformat()}")
        )
        self.day = day

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> AnswerButton:
        return cls(date.fromisoformat(match["day"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_answer(interaction, self.day)


class ChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"daily:choice:(?P<day>\d{4}-\d{2}-\d{2}):(?P<index>[0-3])"
):
    def __init__(self, day: date, index: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[index], style=discord.ButtonStyle.secondary, custom_id=f"daily:choice:{day.isoformat()}:{index}"
            )
        )
        self.day = day
        self.index = index

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> ChoiceButton:
        return cls(date.fromisoformat(match["day"]), int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await submit(interaction, self.day, index=self.index)


class StatsButton(discord.ui.DynamicItem[discord.ui.Button], template=r"daily:stats"):
    """My stats: the presser's own stats, privately."""

    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="My stats", emoji="📊", style=discord.ButtonStyle.secondary, custom_id="daily:stats"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> StatsButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        boards = interaction.client.get_cog("Leaderboard")  # type: ignore[attr-defined]
        if boards is None:
            await send_private(interaction, "Stats are not available right now.")
            return
        await boards.show_stats(interaction, interaction.user, ephemeral=True)


DYNAMIC_ITEMS = (AnswerButton, ChoiceButton, StatsButton)


class AnswerModal(discord.ui.Modal):
    """The private form: the whole question as text (a placeholder would vanish on typing), then the answer."""

    def __init__(self, day: date, question: Question, custom_id: str) -> None:
        super().__init__(title="Question of the day", timeout=900, custom_id=custom_id)
        self.day = day
        self.add_item(discord.ui.TextDisplay(fit_card_markdown(question.prompt, MODAL_TEXT)))
        self.reply: discord.ui.TextInput = discord.ui.TextInput(label="Your answer", max_length=200)
        self.add_item(self.reply)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await submit(interaction, self.day, reply=self.reply.value)


def question_view(question: Question, day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if question.choices is None:
        view.add_item(AnswerButton(day))
    else:
        for index in range(len(question.choices)):
            view.add_item(ChoiceButton(day, index))
    view.add_item(StatsButton())
    return view
