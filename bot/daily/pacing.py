"""Spreading posts due in the same tick under Discord's global request limit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

DISCORD_GLOBAL_RATE = 50
"""Requests per second Discord allows one bot across all its servers."""
POST_RATE = 40.0
"""Requests per second the scheduler allows itself, leaving room for everything else."""
REQUESTS_PER_POST = 3
"""Closing yesterday's post (results + removing its button) and sending today's."""


def send_plan(count: int, start: datetime, *, rate: float = POST_RATE, cost: int = REQUESTS_PER_POST) -> list[datetime]:
    """When to send each of ``count`` posts so requests never exceed ``rate`` per second."""
    gap = timedelta(seconds=cost / rate)
    return [start + gap * i for i in range(count)]


def busiest_second(times: Sequence[datetime], cost: int = REQUESTS_PER_POST) -> int:
    """Most requests falling in any one-second window, each post costing ``cost`` at its send time."""
    ordered = sorted(times)
    best = start = 0
    for end, instant in enumerate(ordered):
        while instant - ordered[start] >= timedelta(seconds=1):
            start += 1
        best = max(best, end - start + 1)
    return best * cost
