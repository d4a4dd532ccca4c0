"""What a closed question of the day shows: who answered, who was right, the fastest, the streaks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.daily.claims import answered_prefix, right_prefix
from bot.questions import Question
from bot.storage import DailyPost, Store

CLOSE_AFTER = timedelta(hours=36)
"""A post whose channel stopped posting (schedule off or paused) closes after this long."""
FASTEST_SHOWN = 3
STREAKS_SHOWN = 5
STREAK_LOOKUPS = 50
"""Solvers (earliest first) whose streaks are read when a post closes; bounds the work on a busy day."""


@dataclass(frozen=True)
class DailyResults:
    """What a closed daily question shows, stored with the post as JSON."""

    answered: int
    correct: int
    fastest: tuple[tuple[int, float], ...]
    """(member id, seconds after the post) of the first correct answers."""
    streaks: tuple[tuple[int, int], ...]
    """(member id, days) of today's solvers on a daily streak of two days or more."""
    answer: str
    explanation: str
    front: str

    def to_json(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "correct": self.correct,
            "fastest": [list(f) for f in self.fastest],
            "streaks": [list(s) for s in self.streaks],
            "answer": self.answer,
            "explanation": self.explanation,
            "front": self.front,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DailyResults:
        return cls(
            int(data.get("answered", 0)),
            int(data.get("correct", 0)),
            tuple((int(m), float(s)) for m, s in data.get("fastest", [])),
            tuple((int(m), int(d)) for m, d in data.get("streaks", [])),
            str(data.get("answer", "")),
            str(data.get("explanation", "")),
            str(data.get("front", "")),
        )


def summarize(
    question: Question | None,
    opened_at: datetime,
    answered: Collection[int],
    right: Sequence[tuple[int, datetime]],
    streaks: dict[int, int],
) -> DailyResults:
    """Results from who answered, who was right and when, and solvers' current daily streaks."""
    ordered = sorted(right, key=lambda r: (r[1], r[0]))
    fastest = tuple((member, max(0.0, (at - opened_at).total_seconds())) for member, at in ordered[:FASTEST_SHOWN])
    holders = sorted(((m, d) for m, d in streaks.items() if d >= 2), key=lambda s: (-s[1], s[0]))
    return DailyResults(
        answered=len(set(answered) | {m for m, _ in right}),
        correct=len({m for m, _ in right}),
        fastest=fastest,
        streaks=tuple(holders[:STREAKS_SHOWN]),
        answer=question.answers[0] if question else "",
        explanation=question.explanation if question else "",
        front=question.card.front if question else "",
    )


async def gather_results(store: Store, post: DailyPost, question: Question | None, now: datetime) -> DailyResults:
    """A post's results from the claims its answers made and the solvers' streaks at ``now``."""
    answered = await store.question_claims(post.guild_id, post.channel_id, answered_prefix(post.id))
    right = await store.question_claims(post.guild_id, post.channel_id, right_prefix(post.id))
    streaks = {}
    for _, member, _ in right[:STREAK_LOOKUPS]:
        streaks[member] = (await store.streaks(post.guild_id, member, at=now)).daily.current
    return summarize(
        question, post.opened_at, [member for _, member, _ in answered], [(member, at) for _, member, at in right], streaks
    )


async def answered_count(store: Store, post: DailyPost) -> int:
    """How many members have answered a post so far (each answer's claim is stored with it)."""
    return len(await store.question_claims(post.guild_id, post.channel_id, answered_prefix(post.id)))


def stale(opened_at: datetime, now: datetime) -> bool:
    """An open post old enough to close on its own (its channel stopped posting)."""
    return now - opened_at >= CLOSE_AFTER
