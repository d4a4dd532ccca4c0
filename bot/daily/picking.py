"""Which card and which question a channel's daily post asks.

By default (``pick: weakest``) the card is the one the group knows least
(:mod:`bot.srs.group`; cards nobody met count as unknown, so they mix in),
never one the channel asked in the last :data:`NO_REPEAT_DAYS` days.
``pick: new`` asks the cards the fewest members have met first, with the same
rule. ``pick: random`` keeps the first rule Deckhand had: cards do not repeat
in a channel until every card of the deck was used. The question is derived
from a seed of channel and date, so any process (or a restarted one)
rebuilds exactly the question that was posted.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from bot.cards import Card, Deck
from bot.decks import card_key, cards_by_key
from bot.questions import CHOICE, FLIP, NoQuestionError, Question, questions_for_card
from bot.srs import GroupMemory

NO_REPEAT_DAYS = 7
"""A card asked in a channel is not asked there again for this many days, whatever the group knows."""

# The author's own question and recall are the heart of a daily question;
# blanks and dates add variety without crowding them out.
_WEIGHTS = {"explicit": 3, "recall": 3, "cloze": 2, "date": 2}


def seed_for(channel_id: int, day: date) -> str:
    return f"{channel_id}:{day.isoformat()}"


@dataclass(frozen=True)
class CardChoice:
    card: Card
    key: str
    reset: bool
    """True when every card had been used, so the channel's history starts over."""


def choose_card(deck_name: str, deck: Deck, used: Collection[str], seed: str, direction: str | None = None) -> CardChoice:
    """A card not yet used in this channel that can make a question.

    When all such cards are used the history starts over (``reset``). Raises
    :class:`NoQuestionError` when no card of the deck can make a question.
    """
    rng = random.Random(seed)
    by_key = cards_by_key(deck_name, deck)
    keys = list(by_key)
    rng.shuffle(keys)
    for reset in (False, True):
        for key in keys:
            if not reset and key in used:
                continue
            card = by_key[key]
            if _askable(questions_for_card(card, deck, random.Random(seed), direction=direction)):
                return CardChoice(card, key, reset)
    raise NoQuestionError("no card in this deck can make a question")


def choose_by_memory(
    deck_name: str, deck: Deck, memory: GroupMemory, recent: Collection[str], seed: str, *, new: bool = False,
    direction: str | None = None,
) -> CardChoice:
    """The card the group knows least (``new``: the one fewest members have met) that can make a question,
    leaving out the channel's ``recent`` cards unless nothing else is left."""
    rng = random.Random(seed)
    by_key = cards_by_key(deck_name, deck)
    keys = memory.ranked(by_key, rng, new=new)
    for allow_recent in (False, True):
        for key in keys:
            if not allow_recent and key in recent:
                continue
            card = by_key[key]
            if _askable(questions_for_card(card, deck, random.Random(seed), direction=direction)):
                return CardChoice(card, key, reset=False)
    raise NoQuestionError("no card in this deck can make a question")


def find_card(deck_name: str, deck: Deck, key: str) -> Card | None:
    for card in deck.cards:
        if card_key(deck_name, card) == key:
            return card
    return None


def daily_question(deck: Deck, card: Card, seed: str, direction: str | None = None) -> Question:
    """The question a card makes for one day; the same seed rebuilds the same question.

    Typed when the card can make a typed question; multiple choice only when
    it cannot (a long front nobody could type), so the rule is predictable.
    """
    rng = random.Random(seed)
    questions = _askable(questions_for_card(card, deck, rng, direction=direction))
    typed = [q for q in questions if q.kind != CHOICE]
    pool = typed or questions
    if not pool:
        raise NoQuestionError("this card cannot make a question")
    weights = [_WEIGHTS.get(q.kind, 1) for q in pool]
    return rng.choices(pool, weights=weights, k=1)[0]


def _askable(questions: list[Question]) -> list[Question]:
    """What a daily question may ask: a flip card has no answer to grade, so it never is one."""
    return [q for q in questions if q.kind != FLIP]
