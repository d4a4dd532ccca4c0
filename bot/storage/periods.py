"""Calendar maths for leaderboard periods and streaks, in a guild's time zone.

Every attempt is filed under the guild's *local* day, computed when it is
written. Weeks start on Monday and months on the 1st of that local calendar.
Because periods are whole local days, a daylight-saving change (a 23- or
25-hour day) never moves an attempt into the wrong week.

If a guild changes its time zone, days already written keep the day they were
filed under; only new attempts use the new zone. Nothing is re-bucketed, so a
score never moves between days after it was shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .models import PERIODS, Streak

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS = timedelta(milliseconds=1)


def to_ms(at: datetime) -> int:
    """UTC epoch milliseconds: the one form instants are stored in."""
    if at.tzinfo is None:
        raise ValueError("datetime must be timezone-aware")
    return (at - _EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    return _EPOCH + ms * _MS


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=8192)
def buckets(day: date, season: int) -> tuple[str, str, str, str]:
    """The score buckets one attempt on ``day`` adds to: day, week, month, season."""
    return (
        f"d:{day.isoformat()}",
        f"w:{week_start(day).isoformat()}",
        f"m:{day.year:04d}-{day.month:02d}",
        f"s:{season}",
    )


def bucket_for(period: str, today: date, season: int) -> str:
    """The bucket holding ``period`` as seen on the local day ``today``."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    day, week, month, all_time = buckets(today, season)
    return {"today": day, "week": week, "month": month, "all": all_time}[period]


def streak(days: Iterable[date], today: date) -> Streak:
    """Current and best run of consecutive days, from days in any order.

    The current run still counts when its last day is yesterday: a member has
    until the end of today to keep it going.
    """
    ordered = sorted(set(days))
    if not ordered:
        return Streak()
    best = run = 1
    for before, after in zip(ordered, ordered[1:]):
        run = run + 1 if (after - before).days == 1 else 1
        best = max(best, run)
    last = ordered[-1]
    # A day after "today" only happens when the guild moved its zone west;
    # that must not break a streak, so it counts as current too.
    current = run if (today - last).days <= 1 else 0
    return Streak(current=current, best=best, last_day=last)
