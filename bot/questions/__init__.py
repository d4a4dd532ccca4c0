"""Fair questions from any card.

A quiz is only worth playing if its questions test something and do not give
the answer away, so every question here is built to one rule: the prompt
never contains an accepted answer, nor an obvious form of one of its words
("Soviets" for "Soviet", "Maoist" for "Maoism"); those are masked with ▢▢▢.

Kinds (``Question.kind``):

- ``recall``: facts from the back, ask for the front ("Name the period these
  notes describe:"); only when the front is short enough to type.
- ``date``: the year or years on a front ("In what years did … take place?"),
  or a year blanked out of a fact ("Fill in the year: …").
- ``cloze``: a rare term blanked out of a fact: a quotation, a number or a
  name, the rarer in the deck the better.
- ``choice``: four shuffled choices, exactly one accepted, for any of the
  above (``Question.basis`` says which) and for long fronts nobody could type.
- ``explicit``: an author's own question as written, answers as given
  (never an answer the prompt itself names).
- ``flip``: the prompt, then the answer shown, for a member to rate
  themselves (``RATINGS``): for answers nobody could type (a sentence, a
  list, a formula). Quizzes and the daily question never ask it; the
  terminal quiz does.

Entry points:

- :func:`generate_questions` - every question for a deck, card by card, for
  checking a deck or exporting it (``python -m bot questions FILE``);
- :func:`questions_for_card` - every question one card can make;
- :func:`pick_question` / :func:`pick_questions` - random questions for a
  live quiz, typed or multiple choice, avoiding recently asked cards.

Everything is deterministic for a given ``random.Random``; nothing touches
the global random state.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from bot.cards import DIRECTIONS, Card, Deck
from bot.questions.index import index_for
from bot.questions.kinds import build
from bot.questions.model import (
    CHOICE,
    CLOZE,
    DATE,
    EXPLICIT,
    FLIP,
    KINDS,
    RATINGS,
    RECALL,
    TYPED_KINDS,
    Question,
    explanation_for,
)

__all__ = [
    "CHOICE",
    "CLOZE",
    "DIRECTIONS",
    "DATE",
    "EXPLICIT",
    "FLIP",
    "KINDS",
    "MODES",
    "RATINGS",
    "RECALL",
    "TYPED_KINDS",
    "NoQuestionError",
    "Question",
    "explanation_for",
    "generate_questions",
    "pick_question",
    "pick_questions",
    "questions_in_order",
    "questions_for_card",
]

MODES = ("typed", "choice")
# Recall and the author's own questions are the heart of a quiz; blanks and
# dates add variety without crowding them out.
_WEIGHTS = {RECALL: 3, EXPLICIT: 3, CLOZE: 2, DATE: 2}
_RANDOM_TRIES = 40


class NoQuestionError(ValueError):
    """The deck cannot make a question of the kind asked for."""


def questions_for_card(card: Card, deck: Deck, rng: random.Random, *, direction: str | None = None) -> list[Question]:
    """Every question ``card`` can make; ``deck`` supplies distractors and word rarity."""
    return build(card, index_for(deck), rng, notes_style=deck.format == "notes", direction=direction)


def generate_questions(deck: Deck, *, seed: int | None = 0, direction: str | None = None) -> list[Question]:
    """All questions for the deck, in card order; the same seed gives the same questions."""
    rng = random.Random(seed)
    index = index_for(deck)
    notes_style = deck.format == "notes"
    questions: list[Question] = []
    for card in deck.cards:
        questions.extend(build(card, index, rng, notes_style=notes_style, direction=direction))
    return questions


def pick_question(
    deck: Deck,
    rng: random.Random,
    *,
    mode: str = "typed",
    exclude: Collection[str] = (),
    kinds: Collection[str] | None = None,
    direction: str | None = None,
) -> Question:
    """One question for a live quiz.

    ``mode`` is "typed" (recall, date, cloze, explicit) or "choice" (four
    buttons); ``direction`` (``front``, ``back``, ``both``) says which side of
    a two-sided card is shown, None meaning the deck's own default. ``exclude`` holds fronts of recently asked cards; they are
    skipped while any other card can still make a question. ``kinds``
    narrows typed kinds, or for choice mode what the choice asks for.
    Raises :class:`NoQuestionError` when no card fits.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    cards = deck.cards
    if not cards:
        raise NoQuestionError("the deck has no cards")
    index = index_for(deck)
    notes_style = deck.format == "notes"
    excluded = set(exclude)

    def fitting(card: Card) -> list[Question]:
        return [q for q in build(card, index, rng, notes_style=notes_style, direction=direction) if _fits(q, mode, kinds)]

    for _ in range(min(_RANDOM_TRIES, 3 * len(cards))):
        card = cards[rng.randrange(len(cards))]
        if card.front in excluded:
            continue
        found = fitting(card)
        if found:
            return _weighted(found, rng)
    order = list(range(len(cards)))
    rng.shuffle(order)
    for skip_excluded in (True, False):
        for position in order:
            card = cards[position]
            if skip_excluded and card.front in excluded:
                continue
            found = fitting(card)
            if found:
                return _weighted(found, rng)
    if mode == "choice":
        raise NoQuestionError("this deck is too small for four-choice questions; use typed answers instead")
    raise NoQuestionError("no card in this deck can make a question of that kind")


def pick_questions(
    deck: Deck,
    rng: random.Random,
    count: int,
    *,
    mode: str = "typed",
    exclude: Collection[str] = (),
    kinds: Collection[str] | None = None,
    direction: str | None = None,
) -> list[Question]:
    """``count`` questions for one quiz round, from different cards while the deck allows."""
    asked = list(exclude)
    questions = []
    for _ in range(count):
        question = pick_question(deck, rng, mode=mode, exclude=asked, kinds=kinds, direction=direction)
        questions.append(question)
        asked.append(question.card.front)
    return questions


def questions_in_order(
    deck: Deck,
    cards: Sequence[Card],
    rng: random.Random,
    count: int,
    *,
    mode: str = "typed",
    kinds: Collection[str] | None = None,
    direction: str | None = None,
) -> list[Question]:
    """``count`` questions from the first of ``cards`` that can make one in ``mode``, one per card (a round
    of the group's weakest cards). Raises :class:`NoQuestionError` when none can."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    index = index_for(deck)
    notes_style = deck.format == "notes"
    questions: list[Question] = []
    for card in cards:
        if len(questions) >= count:
            break
        found = [q for q in build(card, index, rng, notes_style=notes_style, direction=direction) if _fits(q, mode, kinds)]
        if found:
            questions.append(_weighted(found, rng))
    if not questions:
        raise NoQuestionError("no card in this deck can make a question of that kind")
    return questions


def _fits(question: Question, mode: str, kinds: Collection[str] | None) -> bool:
    if mode == "choice":
        return question.kind == CHOICE and (kinds is None or question.basis in kinds)
    if question.kind == FLIP:
        return kinds is not None and FLIP in kinds
    return question.kind != CHOICE and (kinds is None or question.kind in kinds)


def _weighted(questions: list[Question], rng: random.Random) -> Question:
    weights = [_WEIGHTS.get(q.basis or q.kind, 1) for q in questions]
    return rng.choices(questions, weights=weights, k=1)[0]
