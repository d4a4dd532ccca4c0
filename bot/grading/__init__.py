"""Typed-answer grading: accept what a fair human marker would, and nothing else.

``grade(reply, answers, context=..., strictness=...)`` returns a
:class:`Verdict`. Verdict kinds:

- ``exact``: correct once case, accents, punctuation, markdown, spacing,
  articles and optional bracketed parts are set aside.
- ``typo``: correct with small misspellings (a per-word budget that grows with
  word length), a plural/inflection or a British/American spelling.
- ``close``: wrong, but near: a different real word one or two letters away
  ("Iraq" for "Iran"), or just over the spelling allowance.
- ``wrong``: wrong; numbers must be exact (1951 is not 1950, 1950s is not 1950).
- ``several``: more than one guess in one message, or the answer plus other
  content ("stalin khrushchev", "1950 or 1951", the answer list pasted).
- ``negated``: the reply denies the answer ("not khrushchev").
- ``fragment``: only part of a multi-word answer ("cuban" for Cuban Missile Crisis).
- ``empty``: not an attempt: blank, emoji or punctuation only, or a whole
  message that only shrugs ("idk", "pass", "no idea", "hmm", "lol", a bare
  "no" on a card that is not yes/no). "idk, khrushchev?" is an attempt.

Roman numerals after a name in an answer are read as their number too:
"Henry VIII" accepts "henry 8", "henry 8th" and "henry the eighth", and
"Chapter 4" accepts "chapter iv". The number stays exact (VII is not VIII).

Only ``exact`` and ``typo`` are correct. Strictness "lenient", "normal" or
"strict" scales the spelling allowance.
"""

from bot.grading.answers import prepare
from bot.grading.lexicon import GradingContext, warm
from bot.grading.normalize import joined, tokens_of
from bot.grading.verdict import KINDS, SHRUG, Verdict, grade


def reply_key(text: str) -> str:
    """A reply as the grader compares it (case, accents, punctuation and spacing set aside): two replies with one
    key are the same answer."""
    return joined(tokens_of(text))


def prepare_answers(answers: tuple[str, ...] | list[str]) -> None:
    """Work out every form an answer may take now (when its question opens), not on its first reply."""
    for answer in answers:
        prepare(answer)


__all__ = ["GradingContext", "KINDS", "SHRUG", "Verdict", "grade", "prepare_answers", "reply_key", "warm"]
