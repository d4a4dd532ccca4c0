"""Spaced repetition: every member's memory of every card, with FSRS.

Every graded answer (a quiz question, the question of the day) is a review
of the card for the member who gave it, rated by :func:`rating_for`, and
stored with the answer in one transaction. A question a member saw but did
not answer is no review.
"""

from __future__ import annotations

from bot.srs.fitting import BOOK, MIN_REVIEWS, REFIT_DAYS, ParameterBook
from bot.srs.group import CardRecall, GroupMemory, group_memory, read_group_memory
from bot.srs.summary import MemorySummary, memory_summary
from bot.srs.scheduler import (
    AGAIN,
    DEFAULT,
    EASY,
    GOOD,
    HARD,
    RATING_NAMES,
    Scheduler,
    card_number,
    rating_for,
    stage,
)

__all__ = ["AGAIN", "BOOK", "MIN_REVIEWS", "REFIT_DAYS", "ParameterBook", "CardRecall", "DEFAULT", "GroupMemory", "MemorySummary", "group_memory", "memory_summary", "read_group_memory", "EASY", "GOOD", "HARD", "RATING_NAMES", "Scheduler", "card_number", "rating_for", "stage"]
