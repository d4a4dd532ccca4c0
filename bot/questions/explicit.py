"""An author's own question, asked as fairly as its answer allows.

- Typed when its answer can be typed and the prompt does not name it.
- Multiple choice from the author's own options when the prompt lists them
  ("Which is largest: Jupiter, Saturn, or Neptune?") or the answer is
  true/false or yes/no; otherwise from the deck's answers of the same shape.
- A flip card when the answer cannot be typed (a sentence, a list, a formula).
"""

from __future__ import annotations

import random
import re

from bot.cards import PICTURE_ANSWER, Card
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
    if card.answers[0] == PICTURE_ANSWER:
        return [flip(card, prompt, explanation)]  # the answer is a picture: shown, never typed or chosen
    typed_answers = tuple(a for a in card.answers if not named_in(a, prompt))
    questions: list[Question] = []
    if typed_answers and typeable_reply(typed_answers[0]):
        questions.append(Question(card, EXPLICIT, prompt, typed_answers, None, explanation, EXPLICIT))
    shape = answer_shape(card.answers[0])
    own = author_options(prompt, card.answers)
    if own is not None:
        answer, options = own
        questions = [q for q in questions if q.kind != EXPLICIT or not named_in(answer, prompt)]
        answers = (answer, *(a for a in card.answers if a != answer))
        questions.append(Question(card, CHOICE, prompt, answers, options, explanation, EXPLICIT))
        return questions
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


_SEGMENT_MARKS = (":", "(", " - ", " – ", " — ")
_OPTION_SPLIT = re.compile(r",\s*or\s+|,\s*|\s+or\s+|\s*/\s*", re.IGNORECASE)
_BOOLEANS = {"true": ("True", "False"), "false": ("True", "False"), "t": ("True", "False"), "f": ("True", "False"),
             "yes": ("Yes", "No"), "no": ("Yes", "No"), "y": ("Yes", "No"), "n": ("Yes", "No")}
_MAX_OPTION_WORDS = 6


def author_options(prompt: str, answers: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """The options the author gave, and which one is right: listed in the prompt, or true/false and yes/no.

    Returns (the right option as shown, every option in the author's order),
    or None when the prompt lists no options that include an accepted answer.
    """
    kind = _BOOLEANS.get(fold(answers[0]))
    if kind is not None:
        right = kind[0] if fold(answers[0]) in ("true", "t", "yes", "y") else kind[1]
        return right, kind
    text = prompt.strip().rstrip("?").strip()
    bracketed = re.findall(r"\(([^()]*\bor\b[^()]*)\)", text, flags=re.IGNORECASE)
    text = text.rstrip(")").strip()
    segment = bracketed[-1] if bracketed else next((text.rsplit(mark, 1)[1] for mark in _SEGMENT_MARKS if mark in text), None)
    if segment is None:
        segment = text.rsplit(",", 1)[1] if "," in text else text
    if not re.search(r"\bor\b|/", segment, re.IGNORECASE):
        return None
    parts = [part.strip(" .\"'“”") for part in _OPTION_SPLIT.split(segment)]
    parts = [part for part in parts if part]
    if not 2 <= len(parts) <= 4 or any(len(part.split()) > _MAX_OPTION_WORDS for part in parts):
        return None
    accepted = {fold(a) for a in answers}
    right = next((part for part in parts if fold(part) in accepted or fold(_drop_article(part)) in accepted), None)
    if right is None or len({fold(part) for part in parts}) != len(parts):
        return None
    return right, tuple(parts)


def _drop_article(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
