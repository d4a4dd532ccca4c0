"""The tutor: a member's private study session, due cards first.

:class:`StudySession` lines up a member's due and new cards of a deck, asks
each as its shape says (typed, choice or flip), stores every answer as a
review and tells when the card comes back. The cog and the terminal show it.
"""

from __future__ import annotations

from bot.study.knowledge import DeckKnowledge, KnownCard, deck_knowledge, read_deck_knowledge
from bot.study.reminders import CLOSED_DM, DEFAULT_TIME, Reminders, reminder_day
from bot.study.session import (
    DEFAULT_NEW_PER_DAY,
    LEARN_AHEAD,
    MAX_NEW_PER_DAY,
    StudyCard,
    StudyResult,
    StudySession,
    Summary,
    comes_back,
    study_day_start,
    question_for,
)

__all__ = [
    "CLOSED_DM", "DEFAULT_TIME", "DeckKnowledge", "KnownCard", "Reminders", "deck_knowledge", "read_deck_knowledge",
    "reminder_day",
    "DEFAULT_NEW_PER_DAY", "LEARN_AHEAD", "MAX_NEW_PER_DAY", "StudyCard", "StudyResult", "StudySession", "Summary",
    "comes_back", "question_for", "study_day_start",
]
