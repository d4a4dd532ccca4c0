"""Attempts: the first correct answer wins, bad ones are refused, batches match one by one."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

import pytest

from bot.storage import Attempt, SqliteStore

from .conftest import Clock, attempt


@pytest.mark.parametrize("bad", [{"source": "web"}, {"at": datetime(2026, 1, 1)}, {"member_id": -1}, {"deck": ""}])
def test_bad_attempts_are_refused(bad: dict[str, object]) -> None:
    fields = dict(
        guild_id=1, channel_id=2, member_id=3, deck="d", card_key="c", question_kind="recall", reply="x",
        verdict="exact", correct=True, points=1, time_ms=5,
    )
    with pytest.raises(ValueError):
        Attempt(**{**fields, **bad})  # type: ignore[arg-type]


async def test_batch_matches_one_by_one_and_a_direct_count(clock: Clock) -> None:
    rng = random.Random(7)
    attempts = [
        attempt(
            rng.randrange(1, 30), guild=rng.choice([1, 2]), deck=rng.choice(["a", "b"]),
            card=f"c{rng.randrange(5)}", correct=(ok := rng.random() < 0.6), points=rng.randrange(1, 15) if ok else 0,
            source=rng.choice(["quiz", "daily", "study"]), at=clock.now - timedelta(hours=rng.randrange(0, 24 * 60)),
        )
        for _ in range(600)
    ]
    one = await SqliteStore.open(":memory:", now=clock)
    many = await SqliteStore.open(":memory:", now=clock)
    for a in attempts:
        await one.record_attempt(a)
    assert await many.record_attempts_batch(attempts[:250]) == 250
    assert await many.record_attempts_batch(attempts[250:]) == 350
    expected: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    week_start = (clock.now - timedelta(days=clock.now.weekday())).date()
    for a in attempts:
        assert a.at is not None
        if a.at.date() >= week_start:
            for deck in (a.deck, ""):
                total = expected[(a.guild_id, deck)][a.member_id]
                total[0] += a.points
                total[1] += a.correct
                total[2] += 1
    for guild in (1, 2):
        for period in ("today", "week", "month", "all"):
            for deck in (None, "a", "b"):
                a_page = await one.leaderboard(guild, period, deck=deck, limit=100)
                b_page = await many.leaderboard(guild, period, deck=deck, limit=100)
                assert a_page == b_page
                if period == "week":
                    want = expected[(guild, deck or "")]
                    assert {r.member_id: [r.points, r.correct, r.attempts] for r in a_page.rows} == want
        for member in range(1, 30):
            assert await one.member_stats(guild, member) == await many.member_stats(guild, member)
    with pytest.raises(ValueError, match="record_attempt"):
        await many.record_attempts_batch([attempt(1, question="q")])
    await one.close()
    await many.close()


async def test_first_correct_answer_wins(store: SqliteStore) -> None:
    wrong = await store.record_attempt(attempt(1, correct=False, points=0, question="q1"))
    first = await store.record_attempt(attempt(2, points=10, question="q1"))
    late = await store.record_attempt(attempt(3, points=10, question="q1"))
    other_question = await store.record_attempt(attempt(3, points=10, question="q2"))
    assert (wrong.won, first.won, late.won, other_question.won) == (False, True, False, True)
    assert (first.points, late.points) == (10, 0)
    assert await store.question_winner(1, 10, "q1") == 2
    page = await store.leaderboard(1, "all")
    assert {(r.member_id, r.points, r.correct) for r in page.rows} == {(1, 0, 0), (2, 10, 1), (3, 10, 2)}
    # The same question id in another channel is another question.
    assert (await store.record_attempt(attempt(4, channel=11, question="q1"))).won is True
    assert await store.claim_question_win(1, 10, "q9", 5) is True
    assert await store.claim_question_win(1, 10, "q9", 6) is False
