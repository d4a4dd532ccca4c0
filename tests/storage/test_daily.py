"""Daily schedules, one post per channel and date, used-card history."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot.storage import SettingsError, SqliteStore

from .conftest import Clock


async def test_schedule_lifecycle(store: SqliteStore) -> None:
    await store.update_settings(1, time_zone="Europe/Paris")
    made = await store.set_schedule(1, 100, "09:30", "cold-war")
    assert (made.time_zone, made.enabled, made.last_posted) == ("Europe/Paris", True, None)
    other = await store.set_schedule(1, 101, "18:00", "cold-war", time_zone="Asia/Tokyo")
    assert other.time_zone == "Asia/Tokyo"
    assert await store.pause_schedule(100, "missing permission to post") is True
    paused = await store.get_schedule(100)
    assert paused is not None and (paused.enabled, paused.paused_reason) == (False, "missing permission to post")
    assert [s.channel_id for s in await store.schedules(1, enabled_only=True)] == [101]
    assert await store.resume_schedule(100) is True
    assert len(await store.schedules(enabled_only=True)) == 2
    assert await store.remove_schedule(101) is True
    assert await store.remove_schedule(101) is False
    assert await store.get_schedule(101) is None
    assert await store.pause_schedule(555, "x") is False


@pytest.mark.parametrize("bad", ["9:30", "24:00", "12:60", "noon", ""])
async def test_bad_schedule_times(store: SqliteStore, bad: str) -> None:
    with pytest.raises(SettingsError, match="HH:MM"):
        await store.set_schedule(1, 100, bad, "deck")


async def test_one_post_per_channel_and_date(store: SqliteStore, clock: Clock) -> None:
    await store.set_schedule(1, 100, "09:00", "deck")
    day = date(2026, 3, 4)
    claims = await asyncio.gather(*[store.claim_daily_post(1, 100, day, "deck", f"card-{i}") for i in range(20)])
    assert claims.count(True) == 1
    winner_card = f"card-{claims.index(True)}"
    post = await store.get_daily_post(100, day)
    assert post is not None and post.open and post.card_key == winner_card and post.opened_at == clock.now
    assert (await store.get_schedule(100)).last_posted == day  # type: ignore[union-attr]
    assert await store.used_cards(100, "deck") == {winner_card}
    assert await store.claim_daily_post(1, 101, day, "deck", "card-x") is True  # other channel
    assert await store.claim_daily_post(1, 100, date(2026, 3, 5), "deck", "card-y") is True  # next day
    assert await store.used_cards(100, "deck") == {winner_card, "card-y"}
    assert await store.set_daily_message(100, day, 987654321) is True
    assert [p.channel_id for p in await store.open_daily_posts(1)][:1] == [100]
    results = {"winners": [5, 6], "answers": 9}
    closes = await asyncio.gather(*[store.close_daily_post(100, day, results) for _ in range(5)])
    assert closes.count(True) == 1
    closed = await store.get_daily_post(100, day)
    assert closed is not None and not closed.open and closed.results == results and closed.message_id == 987654321
    assert (100, day) not in {(p.channel_id, p.post_date) for p in await store.open_daily_posts()}
    assert await store.reset_used_cards(100, "deck") == 2
    assert await store.used_cards(100, "deck") == set()


async def test_schedules_read_a_page_at_a_time(store: SqliteStore) -> None:
    """after/limit page through the schedules by channel id, so a big read never holds the event loop long."""
    for channel in (5, 3, 9, 7, 1):
        await store.set_schedule(1, channel, "09:00", "leaders", time_zone="UTC")
    await store.pause_schedule(7, "test")
    pages, after = [], None
    while True:
        page = await store.schedules(enabled_only=True, after=after, limit=2)
        pages.append([s.channel_id for s in page])
        if len(page) < 2:
            break
        after = page[-1].channel_id
    assert pages == [[1, 3], [5, 9], []]
    assert [s.channel_id for s in await store.schedules(after=5)] == [7, 9]


async def test_open_posts_by_age(store: SqliteStore, clock: Clock) -> None:
    """Open posts opened before a time, across servers (what closes stale posts), and per server."""
    await store.claim_daily_post(1, 100, date(2026, 3, 4), "deck", "card-1")
    clock.advance(hours=30)
    await store.claim_daily_post(2, 200, date(2026, 3, 5), "deck", "card-2")
    old = await store.open_daily_posts(opened_before=clock.now - timedelta(hours=24))
    assert [(p.guild_id, p.channel_id) for p in old] == [(1, 100)]
    assert [p.channel_id for p in await store.open_daily_posts(2, opened_before=clock.now)] == [200]
    assert sorted(p.channel_id for p in await store.open_daily_posts()) == [100, 200]
