"""A server's own accepted answers for a deck's cards (aliases), and the rules a new one must pass.

An alias belongs to one card and stands beside one of the card's accepted
answers (``alias_of``): it counts wherever that answer is asked, and nowhere
else. So "Mao" beside "Mao Zedong" counts when the card asks for Mao Zedong,
but not when the same card is asked the other way round, and never for
another card. The deck's vocabulary knows every alias too, so an alias of one
card is never taken for a slip on another card's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from bot.cards import Card, clean_space
from bot.grading import GradingContext, grade, reply_key
from bot.grading.knowledge import alias_forms, aliases_of_key, initials
from bot.grading.normalize import tokens_of
from rapidfuzz.fuzz import ratio
from bot.questions import Question

MIN_ALIAS_CHARS = 2
"""An alias shorter than this (letters and digits, as the grader compares) is refused: "a" or "1" would pass
for too much."""
MAX_ALIAS_CHARS = 200


@dataclass(frozen=True)
class CardAliases:
    """Each card key's aliases: (alias, the answer it stands beside)."""

    by_key: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str, str]]) -> CardAliases:
        """From (card key, alias, alias_of) triples."""
        by_key: dict[str, list[tuple[str, str]]] = {}
        for key, answer, alias_of in pairs:
            by_key.setdefault(key, []).append((answer, alias_of))
        return cls({key: tuple(found) for key, found in by_key.items()})

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def answers(self) -> list[str]:
        return [answer for found in self.by_key.values() for answer, _ in found]

    def accepting(self, key: str, question: Question) -> Question:
        """``question`` with the card's aliases among its accepted answers, where the answer they stand beside
        is asked. A choice question is answered by its buttons, so it stays as it is."""
        found = self.by_key.get(key)
        if not found or question.choices is not None:
            return question
        extra = tuple(answer for answer, alias_of in found if alias_of in question.answers and answer not in question.answers)
        return replace(question, answers=question.answers + extra) if extra else question


NO_ALIASES = CardAliases()

_NEAR = 60
"""Keys less alike than this (rapidfuzz's ratio, 0-100) are never a slip on each other: the grader forgives
a letter or two a word, far less."""
_SLIP_CHARS = 4
"""Keys further apart in length than this are never a slip on each other (the grader's spelling allowance,
a plural, a dropped "the")."""


def _may_pass(wanted: str, theirs: str, names: set[str]) -> bool:
    """Whether the grader could take one key for the other: near in length, one inside the other (an optional
    part), or another name or the initials of it. Cheap, so a 20,000-card deck is checked in well under a
    second; only these are graded."""
    if wanted in theirs or theirs in wanted or theirs in names:
        return True
    if abs(len(theirs) - len(wanted)) <= _SLIP_CHARS and ratio(wanted, theirs) >= _NEAR:
        return True
    return wanted in {reply_key(n) for n in aliases_of_key(theirs)}


class AliasRefused(ValueError):
    """An alias that would make grading unfair; the message says why."""


def clean_alias(answer: str) -> str:
    """The alias as it is stored: white space collapsed; refused when too short or too long."""
    text = clean_space(answer or "")
    if len(reply_key(text)) < MIN_ALIAS_CHARS:
        raise AliasRefused(
            f"“{text}” is too short to be an answer: an alias needs at least {MIN_ALIAS_CHARS} letters or digits."
            if text else "An alias can't be empty."
        )
    if len(text) > MAX_ALIAS_CHARS:
        raise AliasRefused(f"An alias can be at most {MAX_ALIAS_CHARS} characters.")
    return text


def alias_problem(
    answer: str, card: Card, cards: Mapping[str, Card], context: GradingContext, *, key: str
) -> str | None:
    """Why ``answer`` can't be an alias of ``card`` (the deck's cards by key), or None when it can.

    Refused: an alias that already counts, and one that another card's answer
    would pass for, or that would pass for another card's answer (each card is
    graded against its own answers only, so this is what keeps them apart)."""
    if grade(answer, card.answers, context=context).correct if card.answers else False:
        return f"“{answer}” already counts as right for this card."
    wanted = reply_key(answer)
    names = {reply_key(n) for n in alias_forms(answer)} | {initials(tokens_of(answer))}
    for other_key, other in cards.items():
        if other_key == key or not other.answers:
            continue
        for other_answer in other.answers:
            theirs = reply_key(other_answer)
            if not _may_pass(wanted, theirs, names):
                continue  # neither could pass for the other: too far apart to be a slip, and no other name
            if theirs == wanted or grade(other_answer, (answer,), context=context).correct or grade(
                answer, (other_answer,), context=context
            ).correct:
                return (
                    f"“{answer}” would also count for another card, “{clean_space(other.front)[:80]}”"
                    f" (its answer “{other_answer}”): each answer belongs to one card."
                )
    return None
