"""What an answer to a deck's card is stored as: one mapping for every feature."""

from __future__ import annotations

from datetime import datetime

from bot.questions import Question
from bot.storage import Attempt
from bot.storage.models import Source

MAX_STORED_REPLY = 500
"""Characters of a member's reply kept with the attempt."""


def answer_record(
    question: Question,
    *,
    guild_id: int,
    channel_id: int,
    member_id: int,
    deck: str,
    card_key: str,
    reply: str,
    verdict: str,
    correct: bool,
    points: int,
    time_ms: int,
    source: Source,
    question_id: str | None = None,
    at: datetime | None = None,
) -> Attempt:
    """The stored attempt for one graded answer to ``question``, filed under what the question asked for."""
    return Attempt(
        guild_id=guild_id,
        channel_id=channel_id,
        member_id=member_id,
        deck=deck,
        card_key=card_key,
        question_kind=question.label,
        reply=reply[:MAX_STORED_REPLY],
        verdict=verdict,
        correct=correct,
        points=points,
        time_ms=time_ms,
        source=source,
        at=at,
        question_id=question_id,
    )
