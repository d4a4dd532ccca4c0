"""Choosing wrong choices one by one: never a duplicate, a near spelling, another name of an answer, or a word the prompt shows."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from bot.grading.knowledge import alias_forms
from bot.questions.words import Matcher, fold, matcher_for, significant_pieces

NEEDED = 3
SAMPLE = 16
_TOO_SIMILAR = 88.0


class Picker:
    """Collects distractors, refusing duplicates and anything close to an accepted answer.

    ``avoid_text`` is the prompt: a choice whose words it already shows ("Moscow"
    when the blank reads "between _____ and Moscow") is ruled out at a glance,
    so it is no distractor. ``avoid_phrase`` rules out only a whole choice
    shown in the prompt, for headings that share everyday words with it.
    """

    def __init__(self, accepted: Iterable[str], avoid_text: str = "", avoid_phrase: str = "") -> None:
        accepted = [a for a in accepted if _fold(a)]
        self.accepted = [_fold(a) for a in accepted]
        self.keys = set(self.accepted)
        self.chosen: list[str] = []
        self._avoid_text = avoid_text
        self._prompt: Matcher | None = None
        self._phrase = avoid_phrase
        self._phrase_low = avoid_phrase.casefold()
        self._phrase_folded: str | None = None
        self._accepted_raw = accepted
        self._answers: list[tuple[Matcher, list[Matcher]]] | None = None
        self._avoid_cache: str | None = None

    @property
    def _avoid_folded(self) -> str:
        """The prompt folded and padded, to find another name of a choice in it ("USSR" for "Soviet Union")."""
        if self._avoid_cache is None:
            self._avoid_cache = f" {' '.join(_fold(self._avoid_text).split())} "
        return self._avoid_cache

    @property
    def prompt(self) -> Matcher | None:
        """A matcher for the prompt's words; built on first need, as most offers end before it."""
        if self._prompt is None and self._avoid_text:
            self._prompt = Matcher([self._avoid_text])
        return self._prompt

    def _in_phrase(self, key: str) -> bool:
        """Whether the folded choice appears whole in the folded ``avoid_phrase``.

        Folding a long prompt costs more than most offers, so a choice whose
        first word the prompt does not even contain is settled without it.
        """
        if key.split(" ", 1)[0] not in self._phrase_low:
            return False
        if self._phrase_folded is None:
            self._phrase_folded = f" {fold(self._phrase)} "
        return f" {key} " in self._phrase_folded

    @property
    def answers(self) -> list[tuple[Matcher, list[Matcher]]]:
        """Per accepted answer, a matcher for the whole answer and one per word; built on first need."""
        if self._answers is None:
            self._answers = [
                (matcher_for((a,)), [matcher_for((p,)) for p in significant_pieces(a)]) for a in self._accepted_raw
            ]
        return self._answers

    def offer(self, candidate: str, *, check_words: bool = False) -> bool:
        key = _fold(candidate)
        if not key or key in self.keys or len(self.chosen) >= NEEDED:
            return False
        if self._phrase and self._in_phrase(key):
            return False
        for other in self.accepted:
            if similar(key, other):
                return False
        # Another name of an answer or of a choice already taken ("US" beside "United States") is no wrong choice.
        names = _other_names(candidate)
        if names and (
            names & self.keys
            or any(names & _other_names(c) for c in self.chosen)
            or (self._avoid_text and any(f" {n} " in self._avoid_folded for n in names))
        ):
            return False
        prompt = self.prompt
        pieces = significant_pieces(candidate) if (check_words or prompt) else []
        # A word the prompt shows holds one of its matcher's word starts, so a
        # choice holding none of them is cleared without word-by-word checks.
        if prompt and prompt.could_hit(candidate) and any(prompt.hits(p) for p in pieces):
            return False
        if check_words and any(_contained(pieces, whole, words) for whole, words in self.answers):
            return False
        self.keys.add(key)
        self.chosen.append(candidate)
        return True

    @property
    def done(self) -> bool:
        return len(self.chosen) >= NEEDED


@lru_cache(maxsize=65_536)
def _other_names(text: str) -> frozenset[str]:
    """The folded other names a marker knows for ``text`` (itself included when it has any)."""
    names = alias_forms(text)
    return frozenset({_fold(text), *(_fold(n) for n in names)}) if names else frozenset()


@lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    """:func:`fold`, remembered: the deck's pools offer the same candidates over and over."""
    return fold(text)


def similar(key: str, other: str) -> bool:
    """Too close to an accepted answer to be a fair wrong choice.

    The ratio is 100 * (1 - distance / total length), and the distance is at
    least the difference in length, so strings whose lengths differ by more
    than 12% of their sum cannot reach 88: they skip the comparison.
    """
    size, other_size = len(key), len(other)
    if 12 * (size + other_size) < 100 * abs(size - other_size):
        return False
    return fuzz.ratio(key, other) >= _TOO_SIMILAR


def _contained(pieces: list[str], whole: Matcher, words: list[Matcher]) -> bool:
    """True when every word of one is a form of a word of the other ("Soviet" / "Soviet Union")."""
    if not pieces or not words:
        return False
    if all(whole.hits(p) for p in pieces):
        return True
    return all(any(word.hits(p) for p in pieces) for word in words)


def sample(pool: Sequence[str], rng: random.Random, size: int = SAMPLE) -> list[str]:
    if len(pool) <= size:
        items = list(pool)
        rng.shuffle(items)
        return items
    return rng.sample(pool, size)
