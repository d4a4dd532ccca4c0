"""A member's memory in numbers, for /stats: cards by stage, due today, and predicted retention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.shared.zones import day_end, local_date
from bot.shared.zones import zone as zone_named
from bot.srs.scheduler import DEFAULT, Scheduler, stage
from bot.storage import SrsState


@dataclass(frozen=True)
class MemorySummary:
    learning: int
    review: int
    mature: int
    due_today: int
    retention: float | None
    """The mean chance, FSRS predicts, that the member recalls a card they have learnt; None before any."""

    @property
    def cards(self) -> int:
        return self.learning + self.review + self.mature


def memory_summary(states: Sequence[SrsState], now: datetime, zone: str = "UTC", scheduler: Scheduler = DEFAULT) -> MemorySummary:
    """"Due today" runs to the end of the day in ``zone`` (the server's time zone)."""
    tz = zone_named(zone)
    ends = day_end(local_date(now, tz), tz)
    stages = [stage(s.state) for s in states]
    recalls = [scheduler.recall(s.state, now) for s, st in zip(states, stages) if st in ("review", "mature")]
    return MemorySummary(
        learning=stages.count("learning"),
        review=stages.count("review"),
        mature=stages.count("mature"),
        due_today=sum(1 for s in states if s.due < ends),
        retention=sum(recalls) / len(recalls) if recalls else None,
    )
