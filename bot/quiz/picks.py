"""Which cards a round asks: at random (the default), or from what the group knows least.

``pick: weakest`` asks the cards of least group knowledge first (cards
nobody met count as unknown); ``pick: new`` the cards fewest members have met.
Both come from :mod:`bot.srs.group`, the same memory the daily question uses.
"""

from __future__ import annotations

import random
from bot.cards import Card
from bot.decks import LoadedDeck, cards_by_key
from bot.questions import Question, pick_questions, questions_in_order
from bot.srs import GroupMemory

QUIZ_PICKS = ("random", "weakest", "new")


def cards_by_memory(loaded: LoadedDeck, memory: GroupMemory, rng: random.Random, *, new: bool = False) -> list[Card]:
    """The deck's cards, weakest first (``new``: fewest members first)."""
    by_key = cards_by_key(loaded.name, loaded.deck)
    return [by_key[k] for k in memory.ranked(by_key, rng, new=new)]


def round_questions(
    loaded: LoadedDeck, rng: random.Random, count: int, *, mode: str, direction: str | None, pick: str = "random",
    memory: GroupMemory | None = None,
) -> list[Question]:
    """A round's questions; ``memory`` is the group's memory of the deck (needed unless ``pick`` is random)."""
    if pick not in QUIZ_PICKS:
        raise ValueError(f"pick must be one of {', '.join(QUIZ_PICKS)}, not {pick!r}")
    if pick == "random" or memory is None:
        questions = pick_questions(loaded.deck, rng, count, mode=mode, direction=direction)
    else:
        order = cards_by_memory(loaded, memory, rng, new=pick == "new")
        questions = questions_in_order(loaded.deck, order, rng, count, mode=mode, direction=direction)
    return [loaded.accepting(q) for q in questions]  # the server's aliases count too


__all__ = ["QUIZ_PICKS", "cards_by_memory", "round_questions"]
