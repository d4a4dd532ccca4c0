"""What the question of the day looks like: its embeds, its buttons and the answer modal.

The Answer and choice buttons carry the post's date in their custom id and
are registered as dynamic items, so they keep working after a restart: the
cog rebuilds the question from the stored card and the channel/date seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

import discord

from bot.daily import DailyResults, DailyVerdict
from bot.decks import LoadedDeck
from bot.questions import Question
from bot.storage import DailyPost, DailySchedule
from cogs.common import EMBED_DESCRIPTION, EMBED_FIELD, EMBED_TITLE, LETTERS, MEDALS, MESSAGE, fit, quiet

COLOUR = discord.Colour.gold()
RESULTS = discord.Colour.green()
SHOWN_SCHEDULES = 25


class Answering(Protocol):
    """The part of the daily cog the buttons and the modal call back into."""

    async def open_answer(self, interaction: discord.Interaction, day: date) -> None: ...

    async def answer(
        self, interaction: discord.Interaction, day: date, *, reply: str | None = None, index: int | None = None
    ) -> None: ...


def _answering(interaction: discord.Interaction) -> Answering:
    cog = interaction.client.get_cog("DailyCog")  # type: ignore[union-attr]
    assert cog is not None
    return cog  # type: ignore[return-value]


def when(instant: datetime) -> str:
    stamp = int(instant.timestamp())
    return f"<t:{stamp}:F> (<t:{stamp}:R>)"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


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
        await _answering(interaction).open_answer(interaction, self.day)


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
        await _answering(interaction).answer(interaction, self.day, index=self.index)


DYNAMIC_ITEMS = (AnswerButton, ChoiceButton)


class AnswerModal(discord.ui.Modal):
    reply: discord.ui.TextInput = discord.ui.TextInput(label="Your answer", max_length=200)

    def __init__(self, answering: Answering, day: date, question: Question, custom_id: str) -> None:
        super().__init__(title="Question of the day", timeout=900, custom_id=custom_id)
        self.answering = answering
        self.day = day
        self.reply.placeholder = fit(question.prompt.replace("\n", " "), 100)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.answering.answer(interaction, self.day, reply=self.reply.value)


def question_view(question: Question, day: date) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if question.choices is None:
        view.add_item(AnswerButton(day))
    else:
        for index in range(len(question.choices)):
            view.add_item(ChoiceButton(day, index))
    return view


# -- embeds and replies -----------------------------------------------------------------------


def question_embed(loaded: LoadedDeck, question: Question, day: date, closes: datetime) -> discord.Embed:
    description = fit(question.prompt, EMBED_DESCRIPTION - 800)
    if question.choices is not None:
        description += "\n\n" + "\n".join(f"**{LETTERS[i]}.** {fit(c, 300)}" for i, c in enumerate(question.choices))
        how = "Pick one answer with the buttons. One try each; only you see the verdict."
    else:
        how = "Press **Answer** to reply privately. One try each; nothing is spoiled."
    embed = discord.Embed(title=f"❓ Question of the day · {day:%A %d %B}", description=description, colour=COLOUR)
    embed.add_field(name="How", value=how, inline=False)
    embed.add_field(name="Results", value=f"With the next question, {when(closes)}", inline=False)
    embed.set_footer(text=fit(f"{loaded.deck.title} · {question.basis or question.kind}", 2048))
    return embed


def results_embed(results: DailyResults, question: Question | None, post: DailyPost) -> discord.Embed:
    if results.answered == 0:
        headline = "Nobody answered this one."
    else:
        headline = f"✅ **{results.correct}** of **{results.answered}** got it right."
    prompt = fit(question.prompt.replace("\n", " "), 300) if question else ""
    embed = discord.Embed(
        title=fit(f"Answer: {results.answer or 'unavailable'}", EMBED_TITLE),
        description=fit(f"Question of the day, {post.post_date:%A %d %B}: {prompt}\n\n{headline}", EMBED_DESCRIPTION),
        colour=RESULTS,
    )
    if results.fastest:
        lines = [f"{MEDALS[i]} <@{member}> in {duration(seconds)}" for i, (member, seconds) in enumerate(results.fastest)]
        embed.add_field(name="Fastest", value="\n".join(lines), inline=True)
    if results.streaks:
        lines = [f"🔥 <@{member}>: {days} days" for member, days in results.streaks]
        embed.add_field(name="Daily streaks", value="\n".join(lines), inline=True)
    if results.explanation:
        embed.add_field(name=fit(results.front or "Why", EMBED_TITLE), value=fit(results.explanation, EMBED_FIELD), inline=False)
    return embed


def schedules_embed(schedules: Sequence[DailySchedule], next_posts: Sequence[datetime | None]) -> discord.Embed:
    """/daily show: each channel's time, zone and deck, with its next post or why it is paused."""
    lines = []
    for s, at in zip(schedules[:SHOWN_SCHEDULES], next_posts):
        head = f"<#{s.channel_id}> · **{s.local_time}** {s.time_zone} · {quiet(s.deck)}"
        if at is None:
            lines.append(f"⏸️ {head}\n   paused: {s.paused_reason or 'paused'}")
        else:
            lines.append(f"▶️ {head}\n   next: {when(at)}")
    embed = discord.Embed(title="Questions of the day", description=fit("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR)
    if len(schedules) > SHOWN_SCHEDULES:
        embed.set_footer(text=f"and {len(schedules) - SHOWN_SCHEDULES} more")
    return embed


def verdict_message(verdict: DailyVerdict, answer: str) -> str:
    """What a member is told, privately, about their one answer."""
    if verdict.correct:
        message = f"✅ Correct! +{verdict.points} points."
        if verdict.feedback:
            message += f" {verdict.feedback}"
    else:
        lead = f"❌ {verdict.feedback}" if verdict.feedback else "❌ Not this time."
        message = f"{lead} The answer is **{quiet(answer)}**."
    return fit(message + " Results come with the next question.", MESSAGE)
