"""The enabled daily schedules kept in memory, with a heap of when each is next due.

A scheduler tick used to read every schedule from the database and check
each one (29-49 ms at 10,000 channels). The book reads them once, works out
each one's next post (local date, instant, end of that local day) once, and
keeps the instants in a heap: a tick only looks at the top of the heap, so
it costs next to nothing until a post is due. A schedule that changes (set,
moved, paused, posted) is put back in by the runner; the whole book is read
again now and then, for changes another process made.

Loading 10,000 schedules would cost a quarter of a second of time-zone
conversions, so :meth:`ScheduleBook.load` first files each one under a rough
time: its local post time shifted by its zone's offset now, less
:data:`ROUGH_MARGIN` (no daylight-saving change moves a clock further). Only
when that rough time comes is the exact post time worked out, so the work is
spread over the day and no post is ever found late. Schedules already within
the margin are worked out as they are read, a page at a time, so the tick
after a (background) re-read has nothing piled up to settle.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Protocol
from datetime import UTC, date, datetime, timedelta

from bot.daily.schedule import Due, ScheduleLike, day_end, next_post_time
from bot.shared.zones import zone

SCHEDULE_PAGE = 500
"""Schedules read per step: ten thousand at once would hold the event loop for ~30 ms."""

ROUGH_MARGIN = timedelta(hours=3)
"""More than any daylight-saving change moves a clock (two hours at most, in Antarctica's Troll)."""


class ScheduleBook:
    def __init__(self) -> None:
        self._schedules: dict[int, ScheduleLike] = {}
        self._slots: dict[int, tuple[date, datetime, datetime]] = {}
        self._versions: dict[int, int] = {}
        self._heap: list[tuple[datetime, int, int, bool]] = []
        """(when to look, channel, version, exact): a rough entry is a lower bound of the post time."""
        self._counter = 0
        self.loaded = False

    def __len__(self) -> int:
        return len(self._schedules)

    def load(self, schedules: Iterable[ScheduleLike], now: datetime) -> None:
        """Start again from these schedules (the enabled ones are kept)."""
        self._schedules.clear()
        self._slots.clear()
        self._versions.clear()
        self._heap.clear()
        self.add_page(schedules, now)
        self.finish_loading()

    def add_page(self, schedules: Iterable[ScheduleLike], now: datetime) -> None:
        """Keep one page of a book being read (call :meth:`finish_loading` after the last)."""
        offsets: dict[str, timedelta] = {}
        naive_now = now.astimezone(UTC).replace(tzinfo=None)
        for schedule in schedules:
            if not schedule.enabled:
                continue
            name = schedule.time_zone
            offset = offsets.get(name)
            if offset is None:
                offset = offsets[name] = zone(name).utcoffset(naive_now) or timedelta(0)
            today = (naive_now + offset).date()
            last = schedule.last_posted
            day = today if last is None or last < today else last + timedelta(days=1)
            hour, minute = int(schedule.local_time[:2]), int(schedule.local_time[3:5])
            rough = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - offset - ROUGH_MARGIN
            version = self._keep(schedule)
            if rough <= now:  # due within the margin: settled now, so no tick after a load settles hundreds
                self._settle(schedule, now, version)
            else:
                self._heap.append((rough, schedule.channel_id, version, False))

    def finish_loading(self) -> None:
        heapq.heapify(self._heap)
        self.loaded = True

    def put(self, schedule: ScheduleLike, now: datetime) -> None:
        """Keep a new or changed schedule; a disabled one is dropped."""
        channel = schedule.channel_id
        if not schedule.enabled:
            self.remove(channel)
            return
        self._settle(schedule, now, self._keep(schedule))

    def _keep(self, schedule: ScheduleLike) -> int:
        """Hold a schedule under a new version, so entries filed for its older self are skipped."""
        self._counter += 1
        self._schedules[schedule.channel_id] = schedule
        self._versions[schedule.channel_id] = self._counter
        return self._counter

    def _settle(self, schedule: ScheduleLike, now: datetime, version: int) -> None:
        """Work out a schedule's exact next post and file it under that instant."""
        tz = zone(schedule.time_zone)
        day, at = next_post_time(schedule.local_time, tz, now, schedule.last_posted)
        self._slots[schedule.channel_id] = (day, at, day_end(day, tz))
        heapq.heappush(self._heap, (at, schedule.channel_id, version, True))

    def remove(self, channel_id: int) -> None:
        """Forget a schedule; its old heap entries are skipped when they surface."""
        self._schedules.pop(channel_id, None)
        self._slots.pop(channel_id, None)
        self._versions.pop(channel_id, None)

    def due(self, now: datetime) -> list[Due]:
        """The schedules due now, earliest first. They leave the heap: the runner puts each back
        after posting (:meth:`put`, with its new last post) or to try again (:meth:`retry`)."""
        heap = self._heap
        due: list[Due] = []
        while heap and heap[0][0] <= now:
            _, channel, version, exact = heapq.heappop(heap)
            if self._versions.get(channel) != version:
                continue  # changed or removed since this entry was pushed
            schedule = self._schedules[channel]
            if not exact:  # its rough time has come: file it under its exact time (maybe now)
                self._settle(schedule, now, version)
                continue
            day, at, end = self._slots[channel]
            if now >= end:  # that local day ended unposted (the bot was down): work out the next post
                self.put(schedule, now)
                continue
            due.append(Due(schedule, day, at))
        due.sort(key=lambda d: (d.at, d.schedule.channel_id))
        return due

    def retry(self, item: Due) -> None:
        """Put a due schedule back unchanged, so the next tick tries it again."""
        channel = item.schedule.channel_id
        version = self._versions.get(channel)
        if version is not None and self._schedules.get(channel) is item.schedule:
            heapq.heappush(self._heap, (item.at, channel, version, True))


class _Schedules(Protocol):
    async def schedules(self, *, enabled_only: bool, after: int | None, limit: int | None) -> list[ScheduleLike]: ...


async def read_book(store: _Schedules, now: datetime, owns: Callable[[int], bool] | None = None) -> ScheduleBook:
    """Every enabled schedule (of the servers this process ``owns``, when it is one of several shard processes),
    read a page at a time so other work runs between pages."""
    book = ScheduleBook()
    after: int | None = None
    while True:
        page = await store.schedules(enabled_only=True, after=after, limit=SCHEDULE_PAGE)
        book.add_page(page if owns is None else [s for s in page if owns(s.guild_id)], now)  # type: ignore[attr-defined]
        if len(page) < SCHEDULE_PAGE:
            break
        after = page[-1].channel_id
    book.finish_loading()
    return book
