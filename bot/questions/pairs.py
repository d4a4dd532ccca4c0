"""Questions for two-sided cards asked either way (see :mod:`bot.questions.shapes`)."""

from __future__ import annotations

import random

from bot.cards import Card, derive_answers
from bot.questions import distractors
from bot.questions.index import DeckIndex
from bot.questions.model import CHOICE, FLIP, RECALL, Question
from bot.questions.shapes import BACK, FRONT
from bot.questions.words import Matcher, content_words, fold, mask, truncate, unique


def pair_questions(
    card: Card, display: str, shown: str, index: DeckIndex, rng: random.Random, explanation: str
) -> list[Question]:
    """A pair card asked with one side shown: typed, and a choice version where the deck has fitting choices."""
    shape = index.shape
    translation = shape.foreign is not None
    if shown == BACK:
        clue, answer, answers = card.back[0], display, unique((display, *card.answers))
        answer_side = FRONT
    else:
        clue, answer = card.front, card.back[0]
        answers = derive_answers(answer) or (answer,)
        answer_side = BACK
    if translation:
        # A cognate is still a fair translation ("the animal" / "l'animal"); only the same text is not.
        if fold(clue) in {fold(a) for a in answers}:
            return []
        masked = clue
    else:
        masked, hidden = mask(clue, Matcher(answers))
        left = content_words(masked)
        if hidden and len(left) < max(1, hidden):
            return []  # one side gives the other away ("photo" / "photograph"): nothing fair to ask this way
    prompt = f"Translate: “{masked}”" if translation else (
        f"Which term matches this definition?\n• {masked}" if shown == BACK else f"What does “{masked}” mean?"
    )
    prompt = truncate(prompt, 400)
    english = shape.foreign != answer_side
    questions = [Question(card, RECALL, prompt, answers, None, explanation, RECALL, english=english)]
    if shown == BACK:
        picked = distractors.fronts(answer, answers, "", index, rng, prompt)
    else:
        picked = distractors.texts(answer, answers, [b for b in index.backs if b != answer], rng, prompt)
    if picked:
        choices = distractors.shuffled_choices(answer, picked, rng)
        questions.append(Question(card, CHOICE, prompt, answers, choices, explanation, RECALL, english=english))
    return questions


def meaning_questions(card: Card, display: str, backs: list[str], rng: random.Random, explanation: str) -> list[Question]:
    """A term card with a long definition, shown by its term: a flip card, and a choice of definitions."""
    if not card.back or not card.answers:
        return []
    meaning = card.back[0]
    prompt = truncate(f"What does “{display}” mean?", 400)
    questions = [Question(card, FLIP, prompt, (meaning,), None, explanation, FLIP)]
    picked = distractors.texts(meaning, (meaning,), [b for b in backs if b != meaning], rng, prompt)
    if picked:
        choices = distractors.shuffled_choices(meaning, picked, rng)
        questions.append(Question(card, CHOICE, prompt, (meaning,), choices, explanation, RECALL))
    return questions
