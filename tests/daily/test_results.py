"""What a closed question of the day shows, and the claims it is counted from."""

from __future__ import annotations

from datetime import date, timedelta

from bot.daily import (
    DailyResults,
    DailyVerdict,
    answered_key,
    daily_attempt,
    daily_question,
    gather_results,
    summarize,
)
from bot.storage import DailyPost, open_store
from tests.daily.helpers import make_deck, utc


async def test_gather_results_counts_claims_and_solvers_streaks(database_url: str) -> None:
    store = await open_store(database_url)
    try:
        deck = make_deck(2)
        question = daily_question(deck, deck.cards[0], "s")
        day = date(2025, 1, 2)
        opened = utc(2025, 1, 2, 9)
        yesterday = DailyPost(1, 1, 2, day - timedelta(days=1), "treaties", "treaties:a", opened - timedelta(days=1))
        post = DailyPost(2, 1, 2, day, "treaties", "treaties:b", opened)
        right = DailyVerdict("x", True, "exact", "", 10)
        wrong = DailyVerdict("y", False, "wrong", "", 0)
        # Member 7 was right yesterday too: a two-day daily streak.
        await store.record_attempt(daily_attempt(yesterday, 7, "treaties", question, right, yesterday.opened_at))
        for member, seconds, verdict in ((8, 5, right), (7, 30, right), (9, 60, wrong)):
            at = opened + timedelta(seconds=seconds)
            assert await store.claim_question_win(1, 2, answered_key(post.id, member), member, at=at)
            await store.record_attempt(daily_attempt(post, member, "treaties", question, verdict, at))
        results = await gather_results(store, post, question, opened + timedelta(hours=1))
        assert (results.answered, results.correct) == (3, 2)
        assert results.fastest == ((8, 5.0), (7, 30.0))
        assert results.streaks == ((7, 2),)
        assert results.answer == question.answers[0]
        nobody = await gather_results(store, DailyPost(9, 1, 2, day, "treaties", "treaties:c", opened), None, opened)
        assert (nobody.answered, nobody.correct, nobody.answer) == (0, 0, "")
    finally:
        await store.close()


def test_results_summary() -> None:
    opened = utc(2025, 1, 1, 9)
    deck = make_deck(3)
    question = daily_question(deck, deck.cards[0], "s")
    right = [(30, opened + timedelta(seconds=90)), (10, opened + timedelta(seconds=5)), (20, opened + timedelta(seconds=40)), (40, opened + timedelta(hours=2))]
    results = summarize(question, opened, [10, 20, 30, 40, 50, 60], right, {10: 1, 20: 4, 30: 2, 40: 9})
    assert (results.answered, results.correct) == (6, 4)
    assert results.fastest == ((10, 5.0), (20, 40.0), (30, 90.0))
    assert results.streaks == ((40, 9), (20, 4), (30, 2))
    assert results.answer == question.answers[0]
    assert DailyResults.from_json(results.to_json()) == results


async def test_question_claims_lists_one_posts_answers_only(database_url: str) -> None:
    from bot.daily import answered_key, answered_prefix, right_key, right_prefix

    store = await open_store(database_url)
    try:
        opened = utc(2025, 1, 1, 9)
        for post, member, seconds in ((1, 7, 30), (1, 8, 5), (10, 7, 1), (11, 9, 2)):
            assert await store.claim_question_win(1, 2, answered_key(post, member), member, at=opened + timedelta(seconds=seconds))
        assert not await store.claim_question_win(1, 2, answered_key(1, 7), 7), "one answer per member"
        await store.claim_question_win(1, 2, right_key(1, 8), 8, at=opened)
        claims = await store.question_claims(1, 2, answered_prefix(1))
        assert [(member, at) for _, member, at in claims] == [(8, opened + timedelta(seconds=5)), (7, opened + timedelta(seconds=30))]
        assert [m for _, m, _ in await store.question_claims(1, 2, right_prefix(1))] == [8]
        assert await store.question_claims(1, 3, answered_prefix(1)) == []
    finally:
        await store.close()


# -- the rules the daily cog asks for -------------------------------------------------------
