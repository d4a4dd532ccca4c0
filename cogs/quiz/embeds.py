"""Every message a quiz round shows: the start, each question, its result and the podium."""

from __future__ import annotations

import discord

from bot.questions import Question
from bot.quiz import CHOICE, Close, QuestionResult, RoundFacts, RoundStanding
from bot.shared.text import competition_ranks, deck_path, fit_card_markdown, medal
from cogs.shared import EMBED_DESCRIPTION, EMBED_FIELD, EMBED_TITLE, LETTERS, MESSAGE, quiet, shorten

COLOUR = discord.Colour.blurple()
RIGHT = discord.Colour.green()
MISSED = discord.Colour.orange()


RESTARTING = "🔁 Deckhand is restarting; this quiz will continue."
RESUMING = "🔁 Resuming the quiz after a restart…"


def interrupted_message(reason: str) -> str:
    """Said in a channel whose round a restart cut off and that cannot go on."""
    return shorten(f"⏹️ The quiz here was interrupted by a restart and can't go on: {quiet(reason)}. The saved scores:", MESSAGE)


def start_message(count: int, deck_title: str, seconds: int, mode: str, answer_button: bool, starter: str) -> str:
    """The reply to /quiz start, said in the channel."""
    how = "Pick with the buttons." if mode == CHOICE else ("Press Answer to reply." if answer_button else "Type your answers here.")
    return shorten(
        f"🎓 **Quiz!** {count} question{'s' if count != 1 else ''} from **{quiet(deck_title)}**, "
        f"{seconds} s each. {how} Started by {starter}.",
        MESSAGE,
    )


def how_to_answer(*, choice: bool, answer_button: bool) -> str:
    if choice:
        return "Pick one answer with the buttons; you can't change it."
    if answer_button:
        return "Press **Answer** to reply."
    return "Type your answer in this channel."


def question_embed(
    question: Question, number: int, total: int, deck_title: str, *, choice: bool, answer_button: bool, deadline: int
) -> discord.Embed:
    """A question, with its choices when it is played with buttons; ``deadline`` is a Unix time."""
    embed = discord.Embed(
        title=f"Question {number} of {total}",
        description=fit_card_markdown(question.prompt, EMBED_DESCRIPTION - 600),
        colour=COLOUR,
    )
    if choice and question.choices is not None:
        embed.description += "\n\n" + "\n".join(
            f"**{letter}.** {fit_card_markdown(option, 300)}" for letter, option in zip(LETTERS, question.choices)
        )
    embed.add_field(name="Time", value=f"Ends <t:{deadline}:R>", inline=True)
    embed.add_field(name="How", value=how_to_answer(choice=choice, answer_button=answer_button), inline=True)
    embed.set_footer(text=shorten(f"{deck_path(deck_title)} · {number}/{total}", 2048))  # no internal kind names
    return embed


UNSAVED_RESULT = (
    "⚠️ I couldn't save the answers to this question (the bot's storage is not working), "
    "so they don't count and this round ends here."
)


def result_embed(result: QuestionResult) -> discord.Embed:
    """The answer, who got it, and the card's facts."""
    question = result.question
    if not result.saved:
        headline = UNSAVED_RESULT
        if result.winners:
            headline += "\nSaved: " + ", ".join(f"<@{w.member}> (+{w.points})" for w in result.winners[:10])
        colour = MISSED
    elif result.winners and question.choices is None:
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
            Close.SKIPPED: "⏭️ Skipped.",
            Close.STOPPED: "⏹️ Quiz stopped.",
        }.get(result.reason, "⏰ Time's up: nobody got it." if result.answered else "⏰ Time's up.")
        colour = MISSED
    embed = discord.Embed(title=shorten(f"Answer: {question.answers[0]}", EMBED_TITLE), description=headline, colour=colour)
    if question.explanation:
        embed.add_field(name=shorten(question.card.front, EMBED_TITLE), value=fit_card_markdown(question.explanation, EMBED_FIELD), inline=False)
    return embed


MISSED_SHOWN = 3


def facts_lines(facts: RoundFacts) -> list[str]:
    """The fastest right answer, and the cards nobody got (so the group knows what to revise)."""
    lines = []
    if facts.fastest is not None:
        lines.append(f"⚡ Fastest answer: <@{facts.fastest.member}> in {facts.fastest.elapsed:.1f} s")
    if facts.missed:
        shown = ", ".join(f"“{fit_card_markdown(front, 80)}”" for front in facts.missed[:MISSED_SHOWN])
        more = f" and {len(facts.missed) - MISSED_SHOWN} more" if len(facts.missed) > MISSED_SHOWN else ""
        lines.append(f"🤔 Nobody got: {shown}{more}")
    return lines


def summary_embed(
    standings: list[RoundStanding], asked: int, *, unsaved: bool = False, facts: RoundFacts | None = None
) -> discord.Embed:
    """The round's podium; ``unsaved`` when it ended because answers could not be stored."""
    if not standings:
        text = "Nobody scored this round."
    else:
        shown = standings[:10]
        lines = [
            f"{medal(rank, s.points) or f'{rank}.'} <@{s.member}>: {s.points} points ({s.correct} right)"
            for rank, s in zip(competition_ranks([s.points for s in shown]), shown)
        ]
        text = "\n".join(lines)
    if facts is not None and (extra := facts_lines(facts)):
        text += "\n\n" + "\n".join(extra)
    if unsaved:
        text = "The round ended early because answers could not be saved. These are the saved scores.\n" + text
    title = f"Quiz {'ended' if unsaved else 'over'}: {asked} question{'s' if asked != 1 else ''}"
    embed = discord.Embed(title=title, description=text, colour=MISSED if unsaved else COLOUR)
    embed.set_footer(text="Scores count on /leaderboard.")
    return embed
