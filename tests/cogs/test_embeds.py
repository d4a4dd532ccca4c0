"""Podiums as members read them: ties share a place and its medal, and no medal goes to zero points."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.daily import DailyResults
from bot.quiz import RoundStanding
from bot.storage import DailyPost
from cogs.daily.embeds import results_embed
from cogs.quiz.embeds import summary_embed


def test_a_round_podium_shares_medals_between_equal_scores_and_gives_none_to_zero() -> None:
    standings = [RoundStanding(1, 30, 2), RoundStanding(2, 30, 1), RoundStanding(3, 10, 1), RoundStanding(4, 0, 0)]
    lines = summary_embed(standings, 3).description.splitlines()
    assert lines == [
        "🥇 `#1  30 points` <@1> · 2 correct",
        "🥇 `#1  30 points` <@2> · 1 correct",
        "🥉 `#3  10 points` <@3> · 1 correct",
        "▫️ `#4   0 points` <@4> · 0 correct",
    ]


def test_the_daily_fastest_share_a_medal_when_their_times_read_the_same() -> None:
    results = DailyResults(3, 3, ((7, 61.2), (8, 61.2), (9, 75.0)), (), "Mao", "", "Leader")
    post = DailyPost(1, 1, 2, date(2026, 12, 1), "leaders", "k", datetime(2026, 12, 1, 9, tzinfo=UTC))
    fastest = next(f for f in results_embed(results, None, post).fields if f.name == "Fastest")
    assert [line.split(" in ")[0] for line in fastest.value.splitlines()] == ["🥇 <@7>", "🥇 <@8>", "🥉 <@9>"]


def test_daily_verdicts_are_finished_sentences_that_do_not_repeat_themselves() -> None:
    from bot.daily.answers import grade_daily
    from cogs.daily.embeds import verdict_message

    question = next(q for q in _questions() if q.choices is None)
    answer = question.answers[0]
    slip = answer[:-2] + answer[-1] + answer[-2]  # two letters swapped at the end
    typo = grade_daily(question, base_points=10, reply=slip)
    assert typo.correct and typo.kind == "typo", typo
    assert verdict_message(typo, answer) == f"✅ Correct, +10 points. (Spelled *{answer}*.) Results come with the next question."
    wrong = grade_daily(question, base_points=10, reply="zzzz")
    assert verdict_message(wrong, answer) == f"❌ Not quite. The answer is **{answer}**. Results come with the next question."


def _questions():
    from bot.cards import Card, Deck
    from bot.questions import generate_questions

    card = Card("Who wrote Hamlet?", ("A play of about 1600",), ("Shakespeare",), explicit=True)
    return generate_questions(Deck("Plays", (card,), "deck-yaml"))


def test_the_podium_tells_the_fastest_answer_and_what_nobody_got() -> None:
    from bot.quiz import RoundFacts, Winner

    facts = RoundFacts(Winner(5, 12, 2.345), ("Treaty of *Moscow*", "B", "C", "D"))
    text = summary_embed([RoundStanding(5, 12, 1)], 5, facts=facts).description
    assert text.endswith("⚡ Fastest answer: <@5> in 2.3 s\n🤔 Nobody got: “Treaty of \\*Moscow\\*”, “B”, “C” and 1 more")
    assert "Fastest" not in summary_embed([], 1, facts=RoundFacts(None, ())).description


def test_the_daily_results_title_and_front_show_card_text_as_written() -> None:
    results = DailyResults(2, 1, (), (), "__init__", "Runs when an object is made.", "Python's *magic* methods")
    post = DailyPost(1, 1, 2, date(2026, 12, 1), "python", "k", datetime(2026, 12, 1, 9, tzinfo=UTC))
    embed = results_embed(results, None, post)
    assert embed.title == "Answer: \\_\\_init\\_\\_"
    assert [f.name for f in embed.fields] == ["Python's \\*magic\\* methods"]
    long = DailyResults(1, 1, (), (), "_" * 400, "", "")
    assert len(results_embed(long, None, post).title) <= 256
