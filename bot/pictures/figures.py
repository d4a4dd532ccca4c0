"""The figures a progress picture shows, worked out apart from drawing it: the /stats embed says the same ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.shared.text import kind_name
from bot.storage import MemberHistory

DAYS = 30


@dataclass(frozen=True)
class Summary:
    """The figures the picture prints; the /stats embed says the same ones in words."""

    points: int
    correct: int
    attempts: int
    active_days: int
    kinds: tuple[tuple[str, int, int], ...]
    """(name as members know it, correct, attempts), most answered first."""

    @property
    def accuracy(self) -> int | None:
        return self.correct * 100 // self.attempts if self.attempts else None  # rounded down, as the boards do


def summary(history: MemberHistory, days: int = DAYS) -> Summary:
    """The last ``days`` days in figures, and the accuracy by kind over the whole window."""
    first = history.today - timedelta(days=days - 1)
    recent = [d for d in history.days if d.day >= first]
    merged: dict[str, list[int]] = {}
    for k in history.kinds:
        totals = merged.setdefault(kind_name(k.kind), [0, 0])
        totals[0] += k.correct
        totals[1] += k.attempts
    return Summary(
        sum(d.points for d in recent), sum(d.correct for d in recent), sum(d.attempts for d in recent),
        sum(1 for d in recent if d.attempts), tuple((name, c, a) for name, (c, a) in merged.items()),
    )


def recent_line(figures: Summary, unit: str = "point") -> str:
    """The 30 days in one line, as the picture and the /stats embed both say it; ``unit`` is what the bars count."""
    accuracy = f"{figures.accuracy}% correct" if figures.accuracy is not None else "no answers"
    days = f"{figures.active_days} day{'s' if figures.active_days != 1 else ''} active"
    return f"{figures.points:,} {unit}{'s' if figures.points != 1 else ''} · {accuracy} · {days}"


def kind_share(correct: int, attempts: int) -> str:
    return f"{correct * 100 // attempts if attempts else 0}% of {attempts:,}"  # rounded down, as the boards do
