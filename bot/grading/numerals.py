"""Roman numerals after a name are the same number as digits or an ordinal.

"Henry VIII", "henry 8", "henry 8th" and "henry the eighth" are one king,
and "World War II" is "world war 2". The number itself stays exact: VII is
not VIII. Only the answer is read this way, and only where a numeral follows
a name-like word, so the reply's token in the same position is what must
match; "mix", "did" or the pronoun "I" in a reply never turn into numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from bot.grading.numbers import is_number, ordinal
from bot.grading.phrasing import is_phrasing

# Canonical form only: "iiii" and "vx" are not numerals, so they stay words.
_ROMAN = re.compile(r"^(?=[ivxlc])(c?)(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# Regnal numbers, popes, wars, chapters and Super Bowls stay under a hundred;
# past it, Roman letters spell real words and abbreviations ("mix", "cd", "cm").
MAX_VALUE = 100
_TO_ROMAN = ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_DIGITS = re.compile(r"^[1-9]\d{0,2}$")
_ORDINAL = re.compile(r"^([1-9]\d{0,2})(?:st|nd|rd|th)$")
# Single letters read as numerals only in "World War I", "Pope Pius X", "Henry V".
_SINGLE = frozenset("ivx")
# Words a numeral never follows as a name: "and I", "of X".
_NOT_NAMES = frozenset({"and", "or", "of", "for", "with", "by", "on", "at", "if", "than", "then", "let", "you", "we"})
# A name with a number is short; a longer answer is a sentence, not a title.
_MAX_WORDS = 6
# More numeral positions than this in one answer are not expanded.
_MAX_SLOTS = 2


@lru_cache(maxsize=4096)
def roman_value(token: str) -> int | None:
    """The value of a canonical Roman numeral up to ``MAX_VALUE``, else None."""
    if not token or len(token) > 8 or not _ROMAN.match(token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " "):
        value = _VALUES[a]
        total += -value if b != " " and _VALUES[b] > value else value
    return total if total <= MAX_VALUE else None


def to_roman(value: int) -> str:
    out = []
    for amount, letters in _TO_ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def different_numerals(a: str, b: str) -> bool:
    """Two unequal Roman numerals, at least one of two or more letters: "vii" and "viii"."""
    if a == b or (len(a) < 2 and len(b) < 2):
        return False
    return roman_value(a) is not None and roman_value(b) is not None


def _name_like(token: str) -> bool:
    return len(token) >= 2 and token.isalpha() and token not in _NOT_NAMES and not is_phrasing(token)


def _forms(tokens: tuple[str, ...], i: int) -> tuple[str, ...] | None:
    """Every way to write the numeral at position ``i``, or None if it is not one."""
    token = tokens[i]
    if i == 0 or not _name_like(tokens[i - 1]):
        return None
    ends_name = i + 1 == len(tokens) or tokens[i + 1] == "of"
    if is_number(token) and not ends_name:
        return None  # "between the two powers" counts, it does not name
    if _DIGITS.match(token):
        value = int(token)
        return (token, to_roman(value)) if value <= MAX_VALUE else None
    match = _ORDINAL.match(token)
    if match:
        value = int(match.group(1))
        return (token, match.group(1), to_roman(value)) if value <= MAX_VALUE else None
    if len(token) == 1:
        # "World War I" and "Henry V of England", but not "Did I Shave": the letter ends the name.
        if token not in _SINGLE or not ends_name:
            return None
    value = roman_value(token)
    if value is None:
        return None
    return (token, str(value), ordinal(value))


def numeral_variants(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The answer with each numeral after a name written the other ways; [] when it has none."""
    if len(tokens) > _MAX_WORDS:
        return []
    slots = [(i, forms) for i in range(1, len(tokens)) if (forms := _forms(tokens, i))]
    if not slots or len(slots) > _MAX_SLOTS:
        return []
    out = []
    for choice in product(*(forms for _, forms in slots)):
        form = list(tokens)
        for (i, _), written in zip(slots, choice):
            form[i] = written
        out.append(tuple(form))
    return [form for form in out if form != tokens]
