"""Every message a quiz round shows: the start, each question, its result and the podium."""

from __future__ import annotations

import discord

from bot.questions import Question
from bot.quiz import CHOICE, Close, QuestionResult, RoundFacts, RoundStanding
from bot.shared.text import card_markdown, competition_ranks, deck_path, fit_card_markdown, one_line, plus_points, ranked_columns
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


_PROMPT_ROOM = EMBED_DESCRIPTION - 1200  # the choices, the answer and the card's facts share the rest


def _headline(prompt: str) -> tuple[str | None, str]:
    """The card's title and the text under it: the question's first line is the headline when it fits."""
    first, _, rest = prompt.strip().partition("\n")
    title = card_markdown(first.strip())
    if first.strip() and len(title) <= EMBED_TITLE:
        return title, fit_card_markdown(rest.strip(), _PROMPT_ROOM) if rest.strip() else ""
    return None, fit_card_markdown(prompt.strip(), _PROMPT_ROOM)


def _card(question: Question, number: int, total: int, deck_title: str, colour: discord.Colour, lines: list[str]) -> discord.Embed:
    """One question's card: its text as the headline, then ``lines``; the deck and "3/10" in the footer."""
    title, body = _headline(question.prompt)
    description = "\n\n".join(part for part in (body, *lines) if part)
    embed = discord.Embed(title=title, description=shorten(description, EMBED_DESCRIPTION) or None, colour=colour)
    embed.set_footer(text=shorten(f"{deck_path(deck_title)} · {number}/{total}", 2048))  # no internal kind names
    return embed


def _choices(question: Question, *, right: str | None = None) -> str:
    """The lettered choices; once revealed, the right one is marked."""
    if question.choices is None:
        return ""
    return "\n".join(
        f"{'✅ ' if right is not None and option == right else ''}**{letter}.** {fit_card_markdown(one_line(option), 300)}"
        for letter, option in zip(LETTERS, question.choices)
    )


def question_embed(
    question: Question, number: int, total: int, deck_title: str, *, choice: bool, answer_button: bool, deadline: int
) -> discord.Embed:
    """A question's live card, with its choices when it is played with buttons; ``deadline`` is a Unix time."""
    countdown = f"⏳ Ends <t:{deadline}:R>. {how_to_answer(choice=choice, answer_button=answer_button)}"
    return _card(question, number, total, deck_title, COLOUR, [_choices(question) if choice else "", countdown])


UNSAVED_RESULT = (
    "⚠️ I couldn't save the answers to this question (the bot's storage is not working), "
    "so they don't count and this round ends here."
)


def result_line(result: QuestionResult) -> tuple[str, discord.Colour]:
    """Who got it and how fast, or why nobody did."""
    question = result.question
    if not result.saved:
        headline = UNSAVED_RESULT
        if result.winners:
            headline += "\nSaved: " + ", ".join(f"<@{w.member}> ({plus_points(w.points)})" for w in result.winners[:10])
        return headline, MISSED
    if result.winners and question.choices is None:
        winner = result.winners[0]
        return f"✅ <@{winner.member}> got it in {winner.elapsed:.1f} s ({plus_points(winner.points)}).", RIGHT
    if result.winners:
        shown = ", ".join(f"<@{w.member}> ({plus_points(w.points)})" for w in result.winners[:10])
        more = f" and {len(result.winners) - 10} more" if len(result.winners) > 10 else ""
        return f"✅ {len(result.winners)} of {result.answered} got it: {shown}{more}.", RIGHT
    headline = {
        Close.SKIPPED: "⏭️ Skipped.",
        Close.STOPPED: "⏹️ Quiz stopped.",
    }.get(result.reason, "⏰ Time's up: nobody got it." if result.answered else "⏰ Time's up.")
    return headline, MISSED


def result_embed(
    result: QuestionResult, total: int, deck_title: str, *, choice: bool = False, sounds: str = ""
) -> discord.Embed:
    """The question's card once it closes: the answer, who got it and how fast, and the card's facts, once."""
    question = result.question
    line, colour = result_line(result)
    answer = question.answers[0]
    lines = [
        _choices(question, right=answer) if choice else "",
        f"**Answer:** {fit_card_markdown(answer, 1000)}",
        line,
        fit_card_markdown(question.explanation, EMBED_FIELD) if question.explanation else "",
        sounds,
    ]
    return _card(question, result.number, total, deck_title, colour, lines)


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
        columns = ranked_columns(list(zip(competition_ranks([s.points for s in shown]), (s.points for s in shown))))
        lines = [f"{column} <@{s.member}> · {s.correct} correct" for column, s in zip(columns, shown)]
        text = "\n".join(lines)
    if facts is not None and (extra := facts_lines(facts)):
        text += "\n\n" + "\n".join(extra)
    if unsaved:
        text = "The round ended early because answers could not be saved. These are the saved scores.\n" + text
    title = f"Quiz {'ended' if unsaved else 'over'}: {asked} question{'s' if asked != 1 else ''}"
    embed = discord.Embed(title=title, description=text, colour=MISSED if unsaved else COLOUR)
    embed.set_footer(text="Scores count on /leaderboard.")
    return embed
