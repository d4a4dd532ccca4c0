"""An author's own question: typed when its answer can be typed and the prompt does not name it, a choice where the deck has fitting answers, a flip card otherwise."""

from __future__ import annotations

import random
import re

from bot.cards import Card
from bot.questions import distractors
from bot.questions.index import DeckIndex, answer_shape
from bot.questions.model import (
    CHOICE,
    EXPLICIT,
    FLIP,
    MAX_PROMPT_CHARS,
    Question,
)
from bot.questions.words import (
    fold,
    truncate,
)


def explicit(card: Card, index: DeckIndex, rng: random.Random, explanation: str) -> list[Question]:
    """The author's question as written: typed when its answer can fairly be typed, with a choice version
    when same-shaped answers exist, and a flip card when it cannot be typed.

    An answer the prompt itself names ("Which is larger, Jupiter or Saturn?")
    is never accepted as typed, and a long answer (a sentence, a list) is
    never typed at all: nobody types that against the clock.
    """
    if not card.answers or not card.front.strip():
        return []
    prompt = truncate(card.front, MAX_PROMPT_CHARS)
    typed_answers = tuple(a for a in card.answers if not named_in(a, prompt))
    questions: list[Question] = []
    if typed_answers and typeable_reply(typed_answers[0]):
        questions.append(Question(card, EXPLICIT, prompt, typed_answers, None, explanation, EXPLICIT))
    shape = answer_shape(card.answers[0])
    if shape in ("year", "range", "decade", "number"):
        picked = distractors.by_shape(shape, card.answers[0], card.answers, index, rng)
    elif shape in ("short", "text"):
        picked = distractors.texts(card.answers[0], card.answers, index.explicit_answers.get(shape, []), rng, prompt)
    else:
        picked = None
    if picked:
        choices = distractors.shuffled_choices(card.answers[0], picked, rng)
        questions.append(Question(card, CHOICE, prompt, card.answers, choices, explanation, EXPLICIT))
    if not questions or not typed_answers or not typeable_reply(typed_answers[0]):
        questions.append(flip(card, prompt, explanation))
    return questions


def flip(card: Card, prompt: str, explanation: str) -> Question:
    """The prompt, then the answer revealed for the member to rate themselves."""
    return Question(card, FLIP, prompt, card.answers, None, explanation, FLIP)


MAX_REPLY_WORDS = 6
MAX_REPLY_CHARS = 60
MAX_REPLY_WORDS_IN_ALL = 8
MAX_REPLY_CHARS_IN_ALL = 80
"""With parenthesised parts, which a reply may leave out."""


def typeable_reply(answer: str) -> bool:
    """An author's answer someone could type in a chat box: a few words, not a sentence, a list or a formula."""
    if len(answer.split()) > MAX_REPLY_WORDS_IN_ALL or len(answer) > MAX_REPLY_CHARS_IN_ALL:
        return False  # even with its optional parts dropped, an answer shown this long reads as an essay
    core = answer.split("(")[0].strip() or answer
    if "`" in core or len(core) > MAX_REPLY_CHARS or core.count(",") >= 2:
        return False
    if re.search(r"[.!?;:]\s+\S", core):
        return False  # more than one sentence or clause
    return 0 < len(core.split()) <= MAX_REPLY_WORDS


def named_in(answer: str, prompt: str) -> bool:
    """True when the prompt spells the answer out, as whole words (or, in scripts without spaces, anywhere)."""
    wanted = fold(answer)
    if not wanted:
        return False
    text = fold(prompt)
    if not wanted.isascii() and not any(ch == " " for ch in text):
        return wanted in text
    return re.search(rf"(?<![\w]){re.escape(wanted)}(?![\w])", text) is not None
