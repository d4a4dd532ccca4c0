"""When each channel posts its question of the day.

- A schedule posts once per *local* date, at its ``HH:MM`` in its IANA zone.
  The stored ``last_posted`` date (set by the database when a post is
  claimed) is what stops a second post, not the clock.
- A post missed while the bot was down is made when it comes back, but only
  on the same local day; the next day waits for its own time.
- Daylight saving keeps the local time. A time the clock skips (02:30 on a
  spring-forward night) posts when the skipped hour ends (03:00); a time that
  happens twice (01:30 on a fall-back night) posts at the first one only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.shared.zones import TimeInputError, day_end, local_date, local_instant, zone
from bot.storage import DailySchedule

TICK_SECONDS = 30.0
"""How often the scheduler checks for due posts: a post is at most this late."""


class ScheduleLike(Protocol):
    channel_id: int
    local_time: str
    time_zone: str
    enabled: bool
    last_posted: date | None


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)


def parse_local_time(text: str) -> str:
    """``"9:05"``, ``"09:05"``, ``"18.30"``, ``"6:30pm"`` or ``"9am"`` as ``"HH:MM"``."""
    match = _TIME.match(text or "")
    if match is None:
        raise TimeInputError(f"“{text}” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:00 or 18:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise TimeInputError(f"“{text}” is not a time of day: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        raise TimeInputError(f"“{text}” needs minutes: use HH:MM, e.g. {hour:02d}:00.")
    if hour > 23 or minute > 59:
        raise TimeInputError(f"“{text}” is not a time of day: hours run 00-23 and minutes 00-59.")
    return f"{hour:02d}:{minute:02d}"


@lru_cache(maxsize=2048)
def _clock_time(local_time: str) -> time:
    hour, minute = local_time.split(":")
    return time(int(hour), int(minute))


def post_time(day: date, local_time: str, tz: ZoneInfo) -> datetime:
    """The UTC instant a schedule posts on local date ``day`` (see :func:`bot.shared.zones.local_instant`)."""
    return local_instant(day, _clock_time(local_time), tz)


def next_post_time(local_time: str, tz: ZoneInfo, after: datetime, last_posted: date | None = None) -> tuple[date, datetime]:
    """The next post still to make: its local date and UTC instant.

    It is today's post while today's is not made yet, even if its time has
    already passed (then it is due now: the missed-post rule); otherwise the
    first day after the last post.
    """
    day = local_date(after, tz)
    if last_posted is not None and last_posted >= day:
        day = last_posted + timedelta(days=1)
    return day, post_time(day, local_time, tz)


def due_day(schedule: ScheduleLike, now: datetime) -> date | None:
    """The local date whose post ``schedule`` should make now, or None.

    Due when today's time has come and today's post is not made; a day that
    ended without its post is skipped for good.
    """
    if not schedule.enabled:
        return None
    tz = zone(schedule.time_zone)
    today = local_date(now, tz)
    if schedule.last_posted is not None and schedule.last_posted >= today:
        return None
    return today if post_time(today, schedule.local_time, tz) <= now else None


@dataclass(frozen=True)
class Due:
    schedule: Any
    day: date
    at: datetime
    """When it was due: the order posts are sent in."""


def due_schedules(schedules: Iterable[ScheduleLike], now: datetime) -> list[Due]:
    """Every schedule due now, earliest first, recomputing each from scratch.

    Correct and simple; :class:`DuePlanner` gives the same answer without
    time-zone maths for schedules that have not changed since the last tick.
    """
    due = []
    for schedule in schedules:
        day = due_day(schedule, now)
        if day is not None:
            due.append(Due(schedule, day, post_time(day, schedule.local_time, zone(schedule.time_zone))))
    due.sort(key=lambda d: (d.at, d.schedule.channel_id))
    return due


@dataclass(frozen=True)
class _Slot:
    key: tuple[str, str, date | None]
    day: date
    at: datetime
    end: datetime


class DuePlanner:
    """:func:`due_schedules` with each schedule's next post worked out once.

    A slot (local date, instant, end of that local day) is kept per channel
    and reused while the schedule's time, zone and last post are unchanged
    and its day has not ended, so a tick over 10,000 schedules costs a few
    comparisons each instead of several time-zone conversions.
    """

    def __init__(self) -> None:
        self._slots: dict[int, _Slot] = {}

    def due(self, schedules: Iterable[ScheduleLike], now: datetime) -> list[Due]:
        due: list[Due] = []
        seen: set[int] = set()
        slots = self._slots
        for schedule in schedules:
            channel = schedule.channel_id
            seen.add(channel)
            if not schedule.enabled:
                continue
            key = (schedule.local_time, schedule.time_zone, schedule.last_posted)
            slot = slots.get(channel)
            if slot is None or slot.key != key or now >= slot.end:
                slot = slots[channel] = self._slot(schedule, key, now)
            if slot.at <= now < slot.end:
                due.append(Due(schedule, slot.day, slot.at))
        if len(slots) > len(seen):
            for channel in [c for c in slots if c not in seen]:
                del slots[channel]
        due.sort(key=lambda d: (d.at, d.schedule.channel_id))
        return due

    def forget(self, channel_id: int) -> None:
        self._slots.pop(channel_id, None)

    @staticmethod
    def _slot(schedule: ScheduleLike, key: tuple[str, str, date | None], now: datetime) -> _Slot:
        tz = zone(schedule.time_zone)
        day, at = next_post_time(schedule.local_time, tz, now, schedule.last_posted)
        return _Slot(key, day, at, day_end(day, tz))


def schedules_using(schedules: Iterable[DailySchedule], deck: str) -> list[DailySchedule]:
    """The schedules that pause when ``deck`` goes (deck names match without regard to case)."""
    return [s for s in schedules if s.deck.lower() == deck.lower()]


def paused_schedules(schedules: Iterable[DailySchedule]) -> list[DailySchedule]:
    """Schedules a manager must act on: stopped by a problem, not switched off."""
    return [s for s in schedules if not s.enabled and s.paused_reason]
