"""Shared checks for the question tests, written independently of the masking code."""

from __future__ import annotations

import re

from bot.cards import Card, Deck, Source, derive_answers
from bot.decks.readers.notes import read_notes
from tests.helpers import SEED

_PIECE = re.compile(r"[^\W_]+")
_SMALL = frozenset("a an the and or of in on at to by for from with over under between vs into as is was".split())


def seed_deck() -> Deck:
    return read_notes(SEED.read_text(encoding="utf-8"), str(SEED))


def pieces(text: str) -> list[str]:
    return _PIECE.findall(text.casefold())


def leak(prompt: str, answers: tuple[str, ...]) -> str | None:
    """The first accepted answer, or significant answer word, that the prompt shows; else None.

    A word leaks when the prompt has it, or a word starting with its first five
    letters (four-letter words: starting with the whole word), so plurals and
    derived forms ("Soviets", "Maoist") count as giving it away.
    """
    words = pieces(prompt)
    joined = f" {' '.join(words)} "
    for answer in answers:
        whole = " ".join(pieces(answer))
        if whole and f" {whole} " in joined:
            return answer
        for word in pieces(answer):
            if len(word) < 4 or word in _SMALL:
                continue
            prefix = word if len(word) == 4 or word.isdigit() else word[:5]
            for seen in words:
                if seen == word or (not word.isdigit() and seen.startswith(prefix)):
                    return f"{word} (as {seen!r})"
    return None


def term_card(term: str, *definitions: str, line: int = 1) -> Card:
    return Card(term, tuple(definitions), derive_answers(term), source=Source("terms.csv", line))


def explicit_card(question: str, answer: str, *back: str, line: int = 1) -> Card:
    return Card(question, tuple(back) or (answer,), (answer,), source=Source("trivia.yaml", line), explicit=True)
