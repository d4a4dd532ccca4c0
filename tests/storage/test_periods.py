"""Days, weeks and months in the guild's time zone, across DST changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.shared.zones import zone
from bot.storage import SettingsError, SqliteStore
from bot.storage.periods import bucket_for, streak, week_start

from .conftest import Clock, attempt

UTC = timezone.utc


def local(zone_name: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone_name)).astimezone(UTC)


async def _points(store: SqliteStore, period: str, at: datetime, guild: int = 1) -> int:
    page = await store.leaderboard(guild, period, at=at)
    return sum(r.points for r in page.rows)


async def test_late_evening_and_after_midnight_are_two_days(store: SqliteStore) -> None:
    await store.update_settings(1, time_zone="America/New_York")
    first = await store.record_attempt(attempt(1, points=1, at=local("America/New_York", 2026, 5, 12, 23, 30)))
    second = await store.record_attempt(attempt(1, points=2, at=local("America/New_York", 2026, 5, 13, 0, 30)))
    assert (first.local_day, second.local_day) == (date(2026, 5, 12), date(2026, 5, 13))
    # Both are 03:30 and 04:30 UTC on the 13th, yet the board splits them.
    assert await _points(store, "today", local("America/New_York", 2026, 5, 13, 20, 0)) == 2
    assert await _points(store, "today", local("America/New_York", 2026, 5, 12, 23, 59)) == 1
    assert (await store.streaks(1, 1, at=local("America/New_York", 2026, 5, 13, 22, 0))).any.current == 2


async def test_new_york_spring_forward_keeps_the_week(store: SqliteStore) -> None:
    await store.update_settings(1, time_zone="America/New_York")
    tz = "America/New_York"
    # Clocks jump 02:00 -> 03:00 on Sunday 2026-03-08; the week is Mon 2 .. Sun 8.
    for at, pts in [
        (local(tz, 2026, 3, 2, 0, 5), 1),  # Monday, first minutes of the week
        (local(tz, 2026, 3, 8, 1, 59), 2),  # just before the jump
        (local(tz, 2026, 3, 8, 3, 1), 4),  # just after it
        (local(tz, 2026, 3, 8, 23, 59), 8),  # last minute of the (23-hour) Sunday
        (local(tz, 2026, 3, 9, 0, 0), 16),  # Monday: next week
    ]:
        await store.record_attempt(attempt(1, points=pts, at=at))
    assert await _points(store, "week", local(tz, 2026, 3, 8, 23, 59)) == 15
    assert await _points(store, "today", local(tz, 2026, 3, 8, 12, 0)) == 14
    assert await _points(store, "week", local(tz, 2026, 3, 9, 12, 0)) == 16
    assert await _points(store, "month", local(tz, 2026, 3, 9, 12, 0)) == 31


async def test_london_fall_back_keeps_the_week(store: SqliteStore) -> None:
    await store.update_settings(1, time_zone="Europe/London")
    # Sunday 2026-10-25: 02:00 BST -> 01:00 GMT, so 01:30 happens twice.
    twice = [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]
    assert {t.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") for t in twice} == {"01:30"}
    saturday_late = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST on Sunday
    for at in [*twice, saturday_late]:
        await store.record_attempt(attempt(1, points=1, at=at))
    await store.record_attempt(attempt(1, points=10, at=datetime(2026, 10, 26, 0, 15, tzinfo=UTC)))  # Monday
    assert await _points(store, "today", datetime(2026, 10, 25, 23, 59, tzinfo=UTC)) == 3
    assert await _points(store, "week", datetime(2026, 10, 25, 23, 59, tzinfo=UTC)) == 3
    assert await _points(store, "week", datetime(2026, 10, 26, 12, 0, tzinfo=UTC)) == 10


async def test_auckland_today_is_not_utc_today(store: SqliteStore) -> None:
    await store.update_settings(1, time_zone="Pacific/Auckland")  # guild 2 stays on UTC
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # 01:00 on the 5th in Auckland (NZDT)
    for guild in (1, 2):
        await store.record_attempt(attempt(1, guild=guild, points=1, at=now - timedelta(hours=1.5)))  # NZ 23:30 on the 4th
        await store.record_attempt(attempt(1, guild=guild, points=2, at=now - timedelta(minutes=30)))  # NZ 00:30 on the 5th
    assert await _points(store, "today", now, guild=1) == 2
    assert await _points(store, "today", now, guild=2) == 3


async def test_changing_time_zone_keeps_past_days(store: SqliteStore) -> None:
    at = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    first = await store.record_attempt(attempt(1, points=1, at=at))
    await store.update_settings(1, time_zone="Asia/Tokyo")  # the same instant is the 5th in Tokyo
    second = await store.record_attempt(attempt(1, points=2, at=at))
    assert (first.local_day, second.local_day) == (date(2026, 3, 4), date(2026, 3, 5))
    assert await _points(store, "today", datetime(2026, 3, 5, 1, 0, tzinfo=UTC)) == 2


def test_bucket_and_week_maths() -> None:
    assert week_start(date(2026, 3, 8)) == date(2026, 3, 2)  # Sunday -> Monday before
    assert week_start(date(2026, 3, 2)) == date(2026, 3, 2)
    assert bucket_for("week", date(2026, 1, 1), 1) == "w:2025-12-29"  # weeks cross years
    assert bucket_for("month", date(2026, 1, 1), 1) == "m:2026-01"
    assert bucket_for("all", date(2026, 1, 1), 3) == "s:3"
    with pytest.raises(ValueError):
        bucket_for("year", date(2026, 1, 1), 1)


def test_streak_maths() -> None:
    d = date(2026, 3, 10)
    assert streak([], d).current == 0
    days = [d - timedelta(days=n) for n in (0, 1, 2, 5, 6, 7, 8)]
    s = streak(reversed(days), d)
    assert (s.current, s.best, s.last_day) == (3, 4, d)
    assert streak(days[1:3], d).current == 2  # through yesterday
    assert streak(days[2:3], d).current == 0  # two days ago: broken


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(SettingsError, match="IANA"):
        zone("Mars/Olympus_Mons")
    assert zone("Europe/London").key == "Europe/London"


async def test_clock_is_used_when_no_time_is_given(store: SqliteStore, clock: Clock) -> None:
    result = await store.record_attempt(attempt(1))
    assert result.local_day == clock.now.date()


def test_exactly_one_missed_day_breaks_a_streak() -> None:
    d = date(2026, 3, 10)
    # Right on the 6th, 7th and 8th, nothing on the 9th, right again today: the run starts over at one.
    days = [d - timedelta(days=n) for n in (0, 2, 3, 4)]
    s = streak(days, d)
    assert (s.current, s.best, s.last_day) == (1, 3, d)
    # Seen on the 9th's evening, the 8th is still "yesterday"; seen today, the missed 9th has broken it.
    assert streak(days[1:], d - timedelta(days=1)).current == 3
    assert streak(days[1:], d).current == 0
