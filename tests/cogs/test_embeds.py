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
        "🥇 <@1>: 30 points (2 right)",
        "🥇 <@2>: 30 points (1 right)",
        "🥉 <@3>: 10 points (1 right)",
        "4. <@4>: 0 points (0 right)",
    ]


def test_the_daily_fastest_share_a_medal_when_their_times_read_the_same() -> None:
    results = DailyResults(3, 3, ((7, 61.2), (8, 61.2), (9, 75.0)), (), "Mao", "", "Leader")
    post = DailyPost(1, 1, 2, date(2026, 12, 1), "leaders", "k", datetime(2026, 12, 1, 9, tzinfo=UTC))
    fastest = next(f for f in results_embed(results, None, post).fields if f.name == "Fastest")
    assert [line.split(" in ")[0] for line in fastest.value.splitlines()] == ["🥇 <@7>", "🥇 <@8>", "🥉 <@9>"]
