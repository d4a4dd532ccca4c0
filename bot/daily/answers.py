"""A member's one answer to a question of the day: the claim keys and the grade.

Each member answers a post once; a right answer earns the server's base
points. The claims a member's answer makes are what the results count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.grading import GradingContext, grade
from bot.questions import Question
from bot.storage import Attempt, DailyPost


def answered_key(post_id: int, member_id: int) -> str:
    """The claim that a member has used their one answer to post ``post_id``."""
    return f"daily:{post_id}:a:{member_id}"


def right_key(post_id: int, member_id: int) -> str:
    """The claim a member's correct answer makes (its time orders the fastest)."""
    return f"daily:{post_id}:r:{member_id}"


def answered_prefix(post_id: int) -> str:
    return f"daily:{post_id}:a:"


def right_prefix(post_id: int) -> str:
    return f"daily:{post_id}:r:"


@dataclass(frozen=True)
class DailyVerdict:
    """How a member's one answer went. A daily answer earns the base points only:
    there is no race to be fast at and no hint to pay for."""

    reply: str
    """What the member answered: the text typed, or the choice picked."""
    correct: bool
    kind: str
    feedback: str
    """The grader's note, kept only for a typo or a wrong answer."""
    points: int


def grade_daily(
    question: Question,
    *,
    base_points: int,
    reply: str | None = None,
    index: int | None = None,
    context: GradingContext | None = None,
    strictness: str = "normal",
) -> DailyVerdict:
    """Grade a typed ``reply`` or a picked choice ``index`` (an index past the choices is wrong)."""
    if index is not None and question.choices is not None:
        picked = question.choices[index] if index < len(question.choices) else ""
        correct = picked == question.answers[0]
        return DailyVerdict(picked, correct, "exact" if correct else "wrong", "", base_points if correct else 0)
    text = reply or ""
    verdict = grade(text, question.answers, context=context, strictness=strictness)
    feedback = verdict.feedback if (verdict.kind == "typo" or not verdict.correct) else ""
    return DailyVerdict(text, verdict.correct, verdict.kind, feedback, base_points if verdict.correct else 0)


def daily_attempt(post: DailyPost, member_id: int, deck: str, question: Question, verdict: DailyVerdict, at: datetime) -> Attempt:
    """The stored answer. Its question id is the member's own right-answer claim,
    which is what the results count; the time is measured from the post."""
    return Attempt(
        guild_id=post.guild_id, channel_id=post.channel_id, member_id=member_id, deck=deck,
        card_key=post.card_key, question_kind=question.basis or question.kind, reply=verdict.reply[:500],
        verdict=verdict.kind, correct=verdict.correct, points=verdict.points,
        time_ms=max(0, int((at - post.opened_at).total_seconds() * 1000)), source="daily", at=at,
        question_id=right_key(post.id, member_id),
    )
