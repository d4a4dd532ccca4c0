"""FSRS-6 for one member's memory of one card, and how an answer rates as a review.

The state stored per member and card is fsrs's own card (``Card.to_dict``);
storage keeps it as JSON and indexes only its due time. Intervals are not
fuzzed: a study group sees the same schedule for the same answers, and tests
can say exactly when a card comes back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from hashlib import blake2b
from typing import Any

from fsrs import Card, Rating, State
from fsrs import Scheduler as Fsrs

from bot.storage import Attempt, Reschedule, ScheduledReview

AGAIN, HARD, GOOD, EASY = (int(r) for r in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy))
RATING_NAMES = {AGAIN: "again", HARD: "hard", GOOD: "good", EASY: "easy"}

SLOW = 2
"""A correct answer slower than this many times the member's usual time for that kind of question is Hard."""
RIGHT_VERDICTS = frozenset({"exact"})
"""Correct verdicts that count as Good; the typo path ("typo") counts as Hard."""


def rating_for(*, correct: bool, verdict: str, hints: int, time_ms: int, usual_ms: int | None) -> int:
    """How one graded answer rates as a review.

    Wrong (or a shrug, or nothing picked in time) is Again. Correct after a
    hint, through the typo path, or slower than twice the member's usual time
    for that kind of question is Hard. Otherwise correct is Good. Easy is only
    ever the member's own rating of a flip card.
    """
    if not correct:
        return AGAIN
    if hints > 0 or verdict not in RIGHT_VERDICTS or (usual_ms is not None and time_ms > SLOW * usual_ms):
        return HARD
    return GOOD


def card_number(card_key: str) -> int:
    """fsrs's card id for a card key: a stable positive 63-bit number (a ``Card()`` without one sleeps 1 ms)."""
    return int.from_bytes(blake2b(card_key.encode("utf-8"), digest_size=8).digest(), "big") >> 1


class Scheduler:
    """FSRS with default parameters (or a server's own, once fitted) at 90% desired retention."""

    def __init__(self, parameters: tuple[float, ...] | None = None, desired_retention: float = 0.9) -> None:
        options: dict[str, Any] = {"desired_retention": desired_retention, "enable_fuzzing": False}
        if parameters is not None:
            options["parameters"] = parameters
        self._fsrs = Fsrs(**options)

    def review(
        self, state: dict[str, Any] | None, card_key: str, rating: int, at: datetime, time_ms: int | None = None
    ) -> ScheduledReview:
        """The member's memory of the card after one review rated ``rating`` at ``at``."""
        card = Card.from_dict(state) if state else Card(card_id=card_number(card_key), due=at)  # type: ignore[arg-type]
        card, _ = self._fsrs.review_card(card, Rating(rating), at.astimezone(UTC), time_ms)
        return ScheduledReview(rating, dict(card.to_dict()), card.due, time_ms, card.stability)

    @property
    def parameters(self) -> tuple[float, ...]:
        return tuple(self._fsrs.parameters)

    @property
    def curve(self) -> tuple[float, float]:
        """(factor, decay) of FSRS's forgetting curve: recall = (1 + factor * days / stability) ** decay."""
        decay = -self._fsrs.parameters[20]
        return 0.9 ** (1 / decay) - 1, decay

    def retrievability(self, stability: float | None, reviewed_at: datetime | None, at: datetime) -> float:
        """FSRS's forgetting curve: the chance of recall ``at``, from the stability and the last review (0 for none).

        Days count to the second, so a card missed an hour ago is not "remembered" until midnight."""
        if not stability or reviewed_at is None:
            return 0.0
        days = max(0.0, (at - reviewed_at).total_seconds() / 86400)
        factor, decay = self.curve
        return float((1 + factor * days / stability) ** decay)

    def recall(self, state: dict[str, Any], at: datetime) -> float:
        """The chance the member recalls the card at ``at``: 0 for a card never reviewed."""
        last = state.get("last_review")
        return self.retrievability(state.get("stability"), datetime.fromisoformat(last) if last else None, at)

    def reviewer(self, attempt: Attempt, *, hints: int = 0, timed: bool = True) -> Reschedule:
        """What storing ``attempt`` does to the member's memory of its card, worked out in its transaction.

        ``timed`` says the attempt's time is how long recall took; a question of the day's time runs from
        its post, so it neither makes an answer Hard nor counts towards the member's usual time.
        """
        time_ms = attempt.time_ms if timed else None

        def reschedule(state: dict[str, Any] | None, usual_ms: int | None, at: datetime) -> ScheduledReview:
            rating = rating_for(
                correct=attempt.correct, verdict=attempt.verdict, hints=hints,
                time_ms=time_ms or 0, usual_ms=usual_ms if time_ms is not None else None,
            )
            return replace(self.review(state, attempt.card_key, rating, at, time_ms), time_ms=time_ms)

        return reschedule


def stage(state: dict[str, Any] | None) -> str:
    """A card's stage as /stats will name it: new, learning, review (stability under 21 days) or mature."""
    if not state:
        return "new"
    if State(int(state["state"])) != State.Review:
        return "learning"
    return "mature" if (state.get("stability") or 0) >= 21 else "review"


DEFAULT = Scheduler()
"""The scheduler every server uses until its own parameters are fitted."""
