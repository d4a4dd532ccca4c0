"""Line a reply up against one form of an answer, word by word.

Typos are forgiven per word, by a budget that grows with the word's length,
so one slip in each word of a long name is fine but a three-letter word must
be right. Numbers must be equal. A word that differs but is itself a real
word ("Iraq" for "Iran") is never a typo.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz.distance import OSA, Levenshtein

from bot.grading.lexicon import (
    MOST_TRIMMED,
    GradingContext,
    is_other_word,
    may_be_same_word,
    related_forms,
    same_word,
)
from bot.grading.numbers import is_number, numbers_equal
from bot.grading.numerals import different_numerals, roman_value
from bot.grading.phrasing import is_phrasing

# Outcome of comparing one reply word with one answer word.
OK, OTHER_WORD, MISSPELT, FAR = 0, 1, 2, 3

# (longest word with budget 0, longest with budget 1, longest with budget 2); longer gets 3.
BUDGETS = {
    "lenient": (2, 5, 10),
    "normal": (3, 7, 14),
    "strict": (5, 11, 99),
}

_EQUIVALENT = {
    frozenset({"st", "saint"}), frozenset({"st", "street"}), frozenset({"mt", "mount"}),
    frozenset({"ft", "fort"}), frozenset({"vs", "versus"}), frozenset({"dr", "doctor"}),
    frozenset({"jr", "junior"}), frozenset({"sr", "senior"}), frozenset({"and", "n"}),
}
_EQUIVALENT_WORDS = frozenset(word for pair in _EQUIVALENT for word in pair)


TRANSPOSED_LONG = 6
"""Words at least this long may carry one swapped pair of letters beyond their budget."""


def _transposed(reply: str, answer: str, edits: int) -> bool:
    """True when the reply swaps two letters of the answer: neighbours ("Ceasers") or a letter apart ("nimutes")."""
    if Levenshtein.distance(reply, answer, score_cutoff=edits + 1) > edits:
        return True
    if len(reply) != len(answer):
        return False
    differ = [i for i, (r, a) in enumerate(zip(reply, answer)) if r != a]
    if len(differ) != 2:
        return False
    i, j = differ
    return j - i == 2 and reply[i] == answer[j] and reply[j] == answer[i]


def _numeric(token: str) -> bool:
    return is_number(token) or roman_value(token) is not None


def budget(word: str, limits: tuple[int, int, int]) -> int:
    n = len(word)
    if n <= limits[0]:
        return 0
    if n <= limits[1]:
        return 1
    if n <= limits[2]:
        return 2
    return 3


def _reach(word: str, limits: tuple[int, int, int]) -> int:
    """How much longer or shorter than ``word`` a slip on it can be: its budget plus one (the most
    :meth:`Comparer.compare` looks past), so a word further off in length is FAR unless it is another
    form of ``word`` or a pair such as "st" and "saint"."""
    return budget(word, limits) + 1


def may_be_ok(reply: str, answer: str, limits: tuple[int, int, int]) -> bool:
    """False only when :meth:`Comparer.compare` could not say OK for these two words; cheap."""
    reply_number, answer_number = is_number(reply), is_number(answer)
    if reply_number or answer_number:
        return reply_number == answer_number
    return _may_be_near(reply, answer, _reach(answer, limits))


def _may_be_near(reply: str, answer: str, reach: int) -> bool:
    """False only when :meth:`Comparer.compare` would say FAR for two words that are not numbers; cheap.
    ``reach`` is ``_reach(answer, limits)``."""
    apart = abs(len(reply) - len(answer))
    return (
        apart <= reach
        or reply in _EQUIVALENT_WORDS
        # Further apart than a slip: only another form of the word is not FAR (may_be_same_word,
        # whose length rule is ruled out here cheaply for most pairs).
        or ((apart <= MOST_TRIMMED or "ae" in reply or "ae" in answer) and may_be_same_word(reply, answer))
    )


_SAME = (OK, 0)


class Comparer:
    """Compares reply words with answer words for one reply, remembering results."""

    __slots__ = ("context", "limits", "_seen", "_numbers")

    def __init__(self, context: GradingContext, limits: tuple[int, int, int]) -> None:
        self.context = context
        self.limits = limits
        self._seen: dict[tuple[str, str], tuple[int, int]] = {}
        self._numbers: dict[tuple[str, ...], list[bool]] = {}

    def numbers(self, tokens: tuple[str, ...]) -> list[bool]:
        """Which of these words are numbers, worked out once per reply or answer form."""
        found = self._numbers.get(tokens)
        if found is None:
            found = self._numbers[tokens] = [is_number(t) for t in tokens]
        return found

    def compare(self, reply: str, answer: str) -> tuple[int, int]:
        """(outcome, edits)."""
        if reply == answer:
            return _SAME
        key = (reply, answer)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._compare(reply, answer)
        return found

    def _compare(self, reply: str, answer: str) -> tuple[int, int]:
        reply_number, answer_number = is_number(reply), is_number(answer)
        if reply_number or answer_number:
            # A number is never a word: "1963" is no slip on "foster".
            return (OK, 0) if reply_number == answer_number and numbers_equal(reply, answer) else (FAR, 99)
        if reply in _EQUIVALENT_WORDS and frozenset((reply, answer)) in _EQUIVALENT:
            return OK, 0
        allowed = budget(answer, self.limits)
        edits = OSA.distance(reply, answer, score_cutoff=allowed + 1)
        far = edits > allowed + 1
        if far and not may_be_same_word(reply, answer):
            return FAR, edits  # most pairs: too far apart, and not two forms of one word
        if different_numerals(reply, answer):
            return FAR, 99  # "Henry VII" is another king, not a slip on "Henry VIII"
        if edits == 1 and allowed >= 1 and not is_other_word(reply, answer, self.context):
            return OK, 1  # one slip, not a real word: what same_word would say too, found cheaper
        # same_word; when far, may_be_same_word has already let the pair through.
        if related_forms(reply, answer) if far else same_word(reply, answer):
            return OK, 1
        if far:
            return FAR, edits
        if is_other_word(reply, answer, self.context):
            return OTHER_WORD, edits
        if edits == allowed + 1 and allowed >= 1 and len(answer) >= TRANSPOSED_LONG and _transposed(reply, answer, edits):
            return OK, edits  # a swapped pair is one slip of the fingers: "Ceasers", "Frowrad"
        return (OK, edits) if edits <= allowed else (MISSPELT, edits)


class Alignment(NamedTuple):
    """A stretch of the reply, ``start`` to ``end``, that spells the answer (a tuple: one is made per stretch)."""

    start: int
    end: int
    edits: int
    near: int
    """Words that were close but not accepted (a real other word, or just over budget)."""
    other_word: str | None


def _better(
    best: tuple[int, int, str | None] | None, before: tuple[int, int, str | None], result: tuple[int, int], word: str
) -> tuple[int, int, str | None] | None:
    """The better of ``best`` and ``before`` extended by one comparison: fewer near words, then fewer edits;
    on a tie the one found first."""
    outcome, edits = result
    if outcome == FAR:
        return best
    near = before[0] + (outcome != OK)
    total = before[1] + edits
    if best is not None and (best[0], best[1]) <= (near, total):
        return best
    return near, total, before[2] or (word if outcome == OTHER_WORD else None)


def align(reply: tuple[str, ...], answer: tuple[str, ...], comparer: Comparer) -> list[Alignment]:
    """Every stretch of the reply that spells this answer, with or without slips.

    Words may also be run together or split ("sinosoviet", "tai wan"), exactly.
    """
    n = len(answer)
    return align_prefixes(reply, answer, comparer.numbers(answer), comparer, (n,))[n]


def align_prefixes(
    reply: tuple[str, ...],
    answer: tuple[str, ...],
    answer_number: Sequence[bool],
    comparer: Comparer,
    lengths: Sequence[int],
) -> dict[int, list[Alignment]]:
    """:func:`align` for the answer's first ``lengths`` words, each as an answer of its own, in one pass.

    The table for a longer answer holds the shorter one's rows ("foster 1963" and "foster"), so both
    are read off it. ``answer_number`` says which answer words are numbers.
    """
    n, m = len(answer), len(reply)
    found: dict[int, list[Alignment]] = {length: [] for length in lengths}
    wanted = [False] * (n + 1)
    for length in lengths:
        wanted[length] = True
    first = answer[0]
    first_letter = first[0]
    compare = comparer.compare
    reply_number = comparer.numbers(reply)
    first_number = answer_number[0]
    limits = comparer.limits
    first_reach = _reach(first, limits)
    for start in range(m):
        head = reply[start]
        if first_number or reply_number[start]:
            # A number is only ever near an equal number.
            near_start = first_number == reply_number[start] and compare(head, first)[0] != FAR
        else:
            near_start = _may_be_near(head, first, first_reach) and compare(head, first)[0] != FAR
        if near_start:
            one_word = True
        elif head[0] != first_letter:
            continue  # neither the first answer word run into the next nor split: no stretch starts here
        else:
            merged_start = n > 1 and head.startswith(first)
            one_word = start + 1 < m and first.startswith(head)  # split
            if not (merged_start or one_word):
                continue
        # Two answer words run together start only answers of two words or more.
        width = min(m - start, 2 * n)  # splits at most double the words
        # Only the cells some stretch reaches are kept, row by row: {j: (near, edits, other_word)} for
        # answer[:i] against reply[start:start+j]. Each cell takes the best of three ways in, tried in this
        # order: one reply word for the answer word, one for two answer words, two for one.
        before_last: dict[int, tuple[int, int, str | None]] = {}
        last: dict[int, tuple[int, int, str | None]] = {0: (0, 0, None)}
        for i in range(1, n + 1):
            a = answer[i - 1]
            row: dict[int, tuple[int, int, str | None]] = {}
            for j, before in last.items():
                if j < width:
                    r = reply[start + j]
                    result = compare(r, a)
                    if result[0] != FAR:
                        row[j + 1] = _better(None, before, result, r)  # type: ignore[assignment]
            # One reply word for two answer words ("sinosoviet"), or two for one ("co existance").
            if before_last and not answer_number[i - 2]:
                joined_answer = answer[i - 2] + a
                joined_reach = _reach(joined_answer, limits)
                numeric_a = None  # worked out when first needed
                for j, merged in before_last.items():
                    if j < width and not reply_number[start + j]:
                        r = reply[start + j]
                        if _may_be_near(r, joined_answer, joined_reach):
                            result = compare(r, joined_answer)
                            # "war2" is "war 2", but "zhenbao" is not a slip on "zhenbao 2": a number is exact.
                            if result[1] == 0 or not (numeric_a if numeric_a is not None else (numeric_a := _numeric(a))):
                                cell = _better(row.get(j + 1), merged, result, r)
                                if cell is not None:
                                    row[j + 1] = cell
            if not answer_number[i - 1]:
                for j, split in last.items():
                    k = start + j
                    if j + 1 < width and not reply_number[k]:
                        # Only a split with at most one slip counts, so the reach of one slip is enough.
                        if _may_be_near(glued := reply[k] + reply[k + 1], a, 1):
                            result = compare(glued, a)
                            # A split word may carry one slip ("co existance"), but "khrushchev no" is not one word.
                            if result[1] == 0 or (
                                result[1] == 1
                                and not is_phrasing(reply[k + 1])
                                and not is_phrasing(reply[k])
                                and not _numeric(reply[k + 1])  # "paris 2" is not a slip on "paris"
                            ):
                                cell = _better(row.get(j + 2), split, result, glued)
                                if cell is not None:
                                    row[j + 2] = cell
            if row and wanted[i] and (i > 1 or one_word):
                spelled = found[i]
                for j in sorted(row):
                    cell = row[j]
                    spelled.append(Alignment(start, start + j, cell[1], cell[0], cell[2]))
            if not row and not last:
                break  # two empty rows: no later answer word can be reached
            before_last, last = last, row
    return found
