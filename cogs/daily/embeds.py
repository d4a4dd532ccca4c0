"""Every message of the question of the day: the post, its results, the schedules, the private replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import discord

from bot.daily import DailyResults, DailyVerdict, Pause, Refused
from bot.decks import LoadedDeck
from bot.questions import Question
from bot.storage import DailyPost, DailySchedule
from bot.shared.text import card_line, competition_ranks, correct_text, day_text, deck_path, fit_card_markdown, medal, relative_time
from cogs.shared import EMBED_DESCRIPTION, EMBED_FIELD, EMBED_TITLE, LETTERS, MESSAGE, quiet, shorten

COLOUR = discord.Colour.gold()
RESULTS = discord.Colour.green()
SHOWN_SCHEDULES = 25
ALREADY_ANSWERED = "You've already answered today's question. Results come with the next one."
NOT_AN_ANSWER = "There's no answer in that, so it doesn't use up your one try. Press Answer again when you have a guess."


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


ANSWERED_FIELD = "Answered"


def answered_text(count: int) -> str:
    return "Nobody yet." if count == 0 else f"{count:,} so far."


def with_count(embed: discord.Embed, count: int) -> discord.Embed:
    """The posted question with its count of answers now (the field added, or replaced)."""
    for i, field in enumerate(embed.fields):
        if field.name == ANSWERED_FIELD:
            return embed.set_field_at(i, name=ANSWERED_FIELD, value=answered_text(count), inline=False)
    return embed.add_field(name=ANSWERED_FIELD, value=answered_text(count), inline=False)


def question_embed(loaded: LoadedDeck, question: Question, day: date, closes: datetime) -> discord.Embed:
    description = fit_card_markdown(question.prompt, EMBED_DESCRIPTION - 800)
    if question.choices is not None:
        description += "\n\n" + "\n".join(f"**{LETTERS[i]}.** {fit_card_markdown(c, 300)}" for i, c in enumerate(question.choices))
        how = "Pick one answer with the buttons. One try each; only you see the verdict."
    else:
        how = "Press **Answer** to reply privately. One try each; nothing is spoiled."
    embed = discord.Embed(title=f"❓ Question of the day · {day_text(day)}", description=description, colour=COLOUR)
    embed.add_field(name="How", value=how, inline=False)
    embed.add_field(name="Results", value=f"With the next question, {relative_time(closes)}", inline=False)
    embed.add_field(name=ANSWERED_FIELD, value=answered_text(0), inline=False)
    embed.set_footer(text=shorten(deck_path(loaded.deck.title), 2048))
    return embed


def results_embed(results: DailyResults, question: Question | None, post: DailyPost) -> discord.Embed:
    if results.answered == 0:
        headline = "Nobody answered this one."
    else:
        headline = f"✅ **{results.correct}** of **{results.answered}** got it right."
    prompt = fit_card_markdown(question.prompt, 600) if question else ""
    embed = discord.Embed(
        title="Answer: " + (card_line(results.answer, EMBED_TITLE - 8) if results.answer else "unavailable"),
        description=shorten(f"Question of the day, {day_text(post.post_date)}: {prompt}\n\n{headline}", EMBED_DESCRIPTION),
        colour=RESULTS,
    )
    if results.fastest:
        places = competition_ranks([duration(seconds) for _, seconds in results.fastest])  # equal as shown: one medal
        lines = [f"{medal(place)} <@{member}> in {duration(seconds)}" for place, (member, seconds) in zip(places, results.fastest)]
        embed.add_field(name="Fastest", value="\n".join(lines), inline=True)
    if results.streaks:
        lines = [f"🔥 <@{member}>: {days} days" for member, days in results.streaks]
        embed.add_field(name="Daily streaks", value="\n".join(lines), inline=True)
    if results.explanation:
        embed.add_field(name=card_line(results.front, EMBED_TITLE) if results.front else "Why", value=fit_card_markdown(results.explanation, EMBED_FIELD), inline=False)
    return embed


PICK_WORDS = {
    "weakest": "asking what the group knows least",
    "new": "asking the cards fewest members have met",
    "random": "in random order without repeats",
}
"""How /daily set and /daily show say a schedule's pick."""


def schedules_embed(schedules: Sequence[DailySchedule], next_posts: Sequence[datetime | None]) -> discord.Embed:
    """/daily show: each channel's time, zone and deck, with its next post or why it is paused."""
    lines = []
    for s, at in zip(schedules[:SHOWN_SCHEDULES], next_posts):
        head = f"<#{s.channel_id}> · **{s.local_time}** {s.time_zone} · {quiet(s.deck)} · {s.pick}"
        if at is None:
            lines.append(f"⏸️ {head}\n   paused: {s.paused_reason or 'paused'}")
        else:
            lines.append(f"▶️ {head}\n   next: {relative_time(at)}")
    embed = discord.Embed(title="Questions of the day", description=shorten("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR)
    if len(schedules) > SHOWN_SCHEDULES:
        embed.set_footer(text=f"and {len(schedules) - SHOWN_SCHEDULES} more")
    return embed


def verdict_message(verdict: DailyVerdict, answer: str) -> str:
    """What a member is told, privately, about their one answer."""
    if verdict.correct:
        message = correct_text(verdict.points, verdict.spelled)
    else:
        lead = f"❌ {verdict.feedback}" if verdict.feedback else "❌ Not this time."
        message = f"{lead} The answer is **{quiet(answer)}**."
    return shorten(message + " Results come with the next question.", MESSAGE)


UNSAVED = (
    "⚠️ I couldn't save your answer just now (the bot's storage is not working), so it was not marked "
    "and has not used your try. Please answer again in a little while."
)


def refusal_text(refused: Refused) -> str:
    """What a member is told, privately, when their answer was not taken."""
    if refused.reason == "gone":
        return "This question of the day is no longer available."
    if refused.reason == "closed":
        said = f" The answer was **{quiet(refused.answer)}**." if refused.answer else ""
        return shorten(f"This question of the day has closed.{said}", MESSAGE)
    if refused.reason == "deck_removed":
        return "This question's deck was removed, so it can't be answered any more."
    if refused.reason == "already_answered":
        return ALREADY_ANSWERED
    if refused.reason == "unsaved":
        return UNSAVED
    return NOT_AN_ANSWER


def pause_text(pause: Pause) -> str:
    """Why a schedule paused, in the words stored with it and shown to managers."""
    if pause.kind == "deck_missing":
        return f"its deck “{quiet(pause.deck)}” no longer exists; pick another with /daily set"
    if pause.kind == "deck_unreadable":
        return shorten(f"its deck could not be read ({pause.detail})", 300)
    if pause.kind == "no_questions":
        return f"its deck “{quiet(pause.deck)}” cannot make questions; pick another with /daily set"
    if pause.kind == "gone":
        return f"the channel <#{pause.channel_id}> was deleted or I can no longer see it"
    return (
        f"I am missing permission to post in <#{pause.channel_id}>: "
        "give me View Channel, Send Messages and Embed Links there"
    )
