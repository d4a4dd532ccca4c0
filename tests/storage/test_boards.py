"""Boards, ranks, seasons, member stats and streaks, read from what attempts wrote."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.storage import SqliteStore

from .conftest import Clock, attempt


async def _give(store: SqliteStore, member: int, points: list[int], **kw: object) -> None:
    for p in points:
        await store.record_attempt(attempt(member, points=p, correct=p > 0, **kw))  # type: ignore[arg-type]


@pytest.fixture
async def board(store: SqliteStore) -> SqliteStore:
    await _give(store, 5, [10, 10, 10])  # 30
    await _give(store, 9, [10, 10])  # 20, 2 correct
    await _give(store, 3, [10, 10, 0])  # 20, 2 correct, lower id than 9
    await _give(store, 4, [20, 0])  # 20, 1 correct
    await _give(store, 8, [10])  # 10
    return store


async def test_competition_ranking_and_tie_order(board: SqliteStore) -> None:
    page = await board.leaderboard(1, "all")
    assert [(r.member_id, r.rank, r.points, r.correct) for r in page.rows] == [
        (5, 1, 30, 3), (3, 2, 20, 2), (9, 2, 20, 2), (4, 2, 20, 1), (8, 5, 10, 1),
    ]
    assert page.total == 5
    assert page.season == 1
    assert page.rows[1].accuracy == pytest.approx(2 / 3)


async def test_pages_and_rank_off_the_page(board: SqliteStore) -> None:
    page = await board.leaderboard(1, "all", offset=2, limit=2)
    assert [(r.member_id, r.rank) for r in page.rows] == [(9, 2), (4, 2)]
    assert page.total == 5
    # Every page's ranks agree with the whole board's, ties across a page's edge included.
    whole = [(r.member_id, r.rank) for r in (await board.leaderboard(1, "all")).rows]
    for offset in range(5):
        for limit in (1, 2, 3):
            part = await board.leaderboard(1, "all", offset=offset, limit=limit)
            assert [(r.member_id, r.rank) for r in part.rows] == whole[offset:offset + limit], (offset, limit)
    past_end = await board.leaderboard(1, "all", offset=10)
    assert past_end.rows == [] and past_end.total == 5
    mine = await board.member_rank(1, 8, "all")
    assert mine is not None and (mine.rank, mine.points, mine.attempts) == (5, 10, 1)
    assert await board.member_rank(1, 12345, "all") is None
    with pytest.raises(ValueError):
        await board.leaderboard(1, "all", limit=0)


async def test_boards_are_per_guild_and_per_deck(store: SqliteStore) -> None:
    await _give(store, 1, [10], deck="a")
    await _give(store, 1, [5], deck="b")
    await _give(store, 2, [7], deck="b")
    await _give(store, 3, [100], guild=2)
    everything = await store.leaderboard(1, "all")
    assert [(r.member_id, r.points) for r in everything.rows] == [(1, 15), (2, 7)]
    only_b = await store.leaderboard(1, "all", deck="b")
    assert [(r.member_id, r.points, r.rank) for r in only_b.rows] == [(2, 7, 1), (1, 5, 2)]
    assert (await store.leaderboard(2, "today")).rows[0].member_id == 3


async def test_periods_follow_the_calendar(store: SqliteStore, clock: Clock) -> None:
    # 2026-03-04 is a Wednesday.
    base = clock.now
    await store.record_attempt(attempt(1, points=1, at=base - timedelta(days=40)))  # January
    await store.record_attempt(attempt(1, points=2, at=base - timedelta(days=3)))  # Sunday: March, last week
    await store.record_attempt(attempt(1, points=4, at=base - timedelta(days=1)))  # Tuesday
    await store.record_attempt(attempt(1, points=8, at=base))  # today
    totals = {p: (await store.leaderboard(1, p)).rows[0].points for p in ("today", "week", "month", "all")}
    assert totals == {"today": 8, "week": 12, "month": 14, "all": 15}
    clock.advance(days=5)  # next Monday: new week, same month
    assert (await store.leaderboard(1, "week")).rows == []
    assert (await store.leaderboard(1, "month")).rows[0].points == 14


async def test_seasons_archive_standings(store: SqliteStore, clock: Clock) -> None:
    assert await store.current_season(1) is None
    await _give(store, 1, [10, 10])
    await _give(store, 2, [5])
    clock.advance(hours=1)
    new = await store.start_season(1)
    assert new.number == 2 and new.current
    await _give(store, 2, [1])
    now_all = await store.leaderboard(1, "all")
    assert [(r.member_id, r.points) for r in now_all.rows] == [(2, 1)] and now_all.season == 2
    old = await store.leaderboard(1, "all", season=1)
    assert [(r.member_id, r.points, r.rank) for r in old.rows] == [(1, 20, 1), (2, 5, 2)]
    # Calendar windows span seasons.
    assert (await store.leaderboard(1, "today")).rows[0].points == 20
    seasons = await store.seasons(1)
    assert [(s.number, s.current) for s in seasons] == [(1, False), (2, True)]
    assert seasons[0].ended_at == new.started_at == clock.now
    with pytest.raises(ValueError, match="season only applies"):
        await store.leaderboard(1, "week", season=1)


async def test_first_season_of_a_new_guild(store: SqliteStore) -> None:
    season = await store.start_season(42)
    assert season.number == 1
    assert (await store.start_season(42)).number == 2


async def test_member_stats(store: SqliteStore) -> None:
    for card, results in {"easy": [1, 1, 1], "hard": [0, 0, 1], "never": [0, 0], "mixed": [1, 0]}.items():
        for ok in results:
            await store.record_attempt(attempt(1, card=card, correct=bool(ok), points=10 * ok))
    await _give(store, 2, [100])
    stats = await store.member_stats(1, 1, cards=2)
    assert (stats.points, stats.correct, stats.attempts, stats.rank) == (50, 5, 10, 2)
    assert stats.accuracy == 0.5
    assert [c.card_key for c in stats.weakest_cards] == ["never", "hard"]
    assert [c.card_key for c in stats.strongest_cards] == ["easy", "mixed"]
    assert stats.streaks.any.current == 1
    nobody = await store.member_stats(1, 99)
    assert (nobody.points, nobody.rank, nobody.weakest_cards) == (0, None, [])


async def test_streaks(store: SqliteStore, clock: Clock) -> None:
    day = timedelta(days=1)
    start = clock.now - 10 * day
    for offset in (0, 1, 2):  # a 3-day run long ago
        await store.record_attempt(attempt(1, at=start + offset * day))
    for offset in (8, 9):  # then the day before yesterday and yesterday, daily questions
        await store.record_attempt(attempt(1, at=start + offset * day, source="daily"))
    await store.record_attempt(attempt(1, at=clock.now, correct=False, points=0))  # a miss today counts for nothing
    streaks = await store.streaks(1, 1)
    assert (streaks.any.current, streaks.any.best) == (2, 3)  # yesterday still counts
    assert (streaks.daily.current, streaks.daily.best) == (2, 2)
    clock.advance(days=1)  # a whole day with nothing: broken
    streaks = await store.streaks(1, 1)
    assert (streaks.any.current, streaks.any.best) == (0, 3)


async def test_a_single_missed_day_ends_a_daily_streak(store: SqliteStore, clock: Clock) -> None:
    day = timedelta(days=1)
    for offset in (4, 3, 2):  # three days in a row, ending the day before yesterday
        await store.record_attempt(attempt(1, at=clock.now - offset * day, source="daily"))
    # Nothing yesterday: today the streak is over, though the best is kept.
    streaks = await store.streaks(1, 1)
    assert (streaks.daily.current, streaks.daily.best) == (0, 3)
    await store.record_attempt(attempt(1, at=clock.now, source="daily"))
    streaks = await store.streaks(1, 1)
    assert (streaks.daily.current, streaks.daily.best) == (1, 3)


async def test_member_history_by_day_and_kind(store: SqliteStore, clock: Clock) -> None:
    from dataclasses import replace

    day = timedelta(days=1)
    await store.record_attempt(attempt(1, at=clock.now - 400 * day))  # before the window: left out
    await store.record_attempt(attempt(1, at=clock.now - 3 * day, points=12))
    await store.record_attempt(replace(attempt(1, at=clock.now - 3 * day, correct=False, points=0), question_kind="date"))
    await store.record_attempt(replace(attempt(1, at=clock.now, points=7), question_kind="date"))
    await store.record_attempt(attempt(2, at=clock.now))  # another member
    await store.record_attempt(attempt(1, guild=2, at=clock.now))  # another server
    history = await store.member_history(1, 1)
    today = history.today
    assert history.first_day == today - 364 * day
    assert [(d.day, d.points, d.correct, d.attempts) for d in history.days] == [(today - 3 * day, 12, 1, 2), (today, 7, 1, 1)]
    assert [(k.kind, k.correct, k.attempts) for k in history.kinds] == [("date", 1, 2), ("recall", 1, 1)]
    assert history.day(today - day).attempts == 0
    assert (await store.member_history(1, 1, days=2)).days == history.days[1:]
    assert (await store.member_history(1, 99)).days == []
