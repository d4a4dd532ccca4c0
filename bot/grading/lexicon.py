"""Tell a misspelling from a different real word.

"Iraq" is one letter from "Iran" but it is a country, not a typo; "Kruschev"
is two letters from "Khrushchev" and is only a misspelling. Word
frequencies (wordfreq's, kept compact by :mod:`bot.grading.wordlist`) and
the deck's own vocabulary tell them apart.
"""

from __future__ import annotations

import re
from array import array
from base64 import b64decode, b64encode
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from hashlib import blake2b

from bot.grading.normalize import fold, joined, tokens_of
from bot.grading.wordlist import zipf_of

# A reply word at least this common (Zipf scale, 3 = once per million words) is
# a real word in its own right. Common misspellings ("thier", "untill") sit just
# under 3; rarer real names ("Prussia" 3.35, "Yalta" 2.57) are caught by the
# threshold or by the relative rule below.
COMMON_ZIPF = 3.0
# A reply word this common that is not much rarer than the answer word is a
# different word too ("Yalta" for "Malta"); typos are far rarer than their word.
RELATIVE_FLOOR = 2.0
RELATIVE_GAP = 1.2

_WORDS = re.compile(r"[^\W\d_]{3,}")
# ASCII digits, punctuation and controls become spaces, so only letter runs remain.
_ASCII_SPACES = bytes(
    b if (65 <= b <= 90 or 97 <= b <= 122 or b >= 128) else 32 for b in range(256)
)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common an English word is (Zipf scale), or 0.0 below Zipf 2: see :mod:`bot.grading.wordlist`."""
    return zipf_of(word)


def warm() -> None:
    """wordfreq and the country names load on first use; do that before the first reply."""
    zipf("the")
    from bot.grading.knowledge import alias_forms

    alias_forms("China")


def key_hash(key: str) -> int:
    """A text key's 8-byte hash, the same in every process (Python's own ``hash`` is not)."""
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


class KeySet(Collection[str]):
    """A set of text keys that only answers "is this key in it": each key kept as its 8-byte hash.

    A 20,000-card deck's answer keys take 5 MB as a set of strings and 320 kB
    here, and can be stored as they are (:meth:`to_bytes`). Two different
    keys share a hash about once in 2**64 pairs.
    """

    __slots__ = ("_hashes",)

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._hashes = array("q", sorted({key_hash(k) for k in keys}))

    @classmethod
    def from_bytes(cls, data: bytes) -> KeySet:
        kept = cls()
        kept._hashes.frombytes(data)
        return kept

    def to_bytes(self) -> bytes:
        return self._hashes.tobytes()

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        h = key_hash(key)
        i = bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a KeySet keeps only hashes; its keys cannot be listed")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeySet) and self._hashes == other._hashes

    def __hash__(self) -> int:
        return hash(self._hashes.tobytes())


@dataclass(frozen=True)
class GradingContext:
    """The vocabulary of one deck, so a reply that is another of its terms is never a typo.

    Build it once per deck with :meth:`from_texts` (fronts, answers and backs)
    and reuse it for every reply.
    """

    words: frozenset[str] = frozenset()
    phrases: Collection[str] = frozenset()
    """The deck's answers of two words or more, as comparable keys: a reply that is one of
    them word for word is that answer, never a slip on another ("stan lee" beside "Stanley")."""
    english: bool = True
    """The answers are English: a reply word common in English is a real word of its own.
    For answers in another language only the deck's own words count as other words,
    so "chin" stays a slip on "chien" rather than a different (English) word."""

    def for_language(self, english: bool) -> GradingContext:
        """This vocabulary, for answers that are (or are not) English."""
        return self if english == self.english else self._other_language

    @cached_property
    def _other_language(self) -> GradingContext:
        other = GradingContext(self.words, self.phrases, not self.english)
        other.__dict__["_other_language"] = self  # one pair per deck, each pointing at the other
        return other

    @classmethod
    def from_texts(cls, texts: Iterable[str], phrases: Iterable[str] = ()) -> GradingContext:
        # Splitting one big lower-cased byte string and folding only the distinct
        # words keeps a 20,000-card deck (a million words) to a fraction of a second.
        blob = "\n".join(t for t in texts if t).encode("utf-8", "replace").lower().translate(_ASCII_SPACES)
        words: set[str] = set()
        for raw in set(blob.split()):
            if raw.isascii():
                if len(raw) >= 3:
                    words.add(raw.decode("ascii"))
            else:
                words.update(_WORDS.findall(fold(raw.decode("utf-8", "replace"))))
        # tokens_of, not the reply cache: a deck's answers would push out the replies of the live rounds.
        keys = KeySet(joined(tokens) for phrase in dict.fromkeys(phrases) if len(tokens := tokens_of(phrase)) >= 2)
        return cls(frozenset(words), keys)

    def knows(self, word: str) -> bool:
        return word in self.words

    def with_answers(self, answers: Iterable[str]) -> GradingContext:
        """This vocabulary with more of the deck's accepted answers (a server's aliases): a reply that is one of
        them is that answer, never a slip on another card's."""
        extra = GradingContext.from_texts(answers, answers)
        if not extra.words and not len(extra.phrases):
            return self
        return GradingContext(self.words | extra.words, _Either(self.phrases, extra.phrases), self.english)

    def to_state(self) -> dict[str, object]:
        """This vocabulary as JSON-ready data, to store with a deck's index."""
        phrases = self.phrases if isinstance(self.phrases, KeySet) else KeySet(self.phrases)
        return {"words": sorted(self.words), "phrases": b64encode(phrases.to_bytes()).decode("ascii"), "english": self.english}

    @classmethod
    def from_state(cls, state: dict[str, object]) -> GradingContext:
        words, phrases, english = state["words"], state["phrases"], state["english"]
        if not isinstance(words, list) or not isinstance(phrases, str) or not isinstance(english, bool):
            raise ValueError("not a stored vocabulary")
        return cls(frozenset(map(str, words)), KeySet.from_bytes(b64decode(phrases)), english)


class _Either(Collection[str]):
    """Keys in either of two collections."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: Collection[str], second: Collection[str]) -> None:
        self._first, self._second = first, second

    def __contains__(self, key: object) -> bool:
        return key in self._first or key in self._second

    def __len__(self) -> int:
        return len(self._first) + len(self._second)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a vocabulary's phrases are only looked up")


EMPTY_CONTEXT = GradingContext()


_LONG_SPELLINGS = (
    (re.compile(r"(?<=\w{3})our(s|ed|ing|ite|ites)?$"), r"or\1"),
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"ll(ed|ing|er|ers|or|ors)$"), r"l\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ence$"), "ense"),
)
_ER_OR = re.compile(r"[eo]r(s)?$")
_ENDINGS = ("er", "ers", "or", "ors", "our", "ours", "oured", "ouring", "ourite", "ourites", "ise", "ised", "ises",
            "ising", "isation", "isations", "iser", "isers", "yse", "ysed", "yses", "ysing", "lled", "lling",
            "ller", "llers", "llor", "llors", "tre", "tres", "ogue", "ogues", "ence")


@lru_cache(maxsize=65536)
def _spelling_key(word: str) -> str:
    """British and American spellings share one key: colour/color, centre/center."""
    if len(word) >= 7 and word.endswith(("er", "ers")):  # the only endings the pattern changes
        word = _ER_OR.sub(r"or\1", word)
    if len(word) >= 6:
        if word.endswith(_ENDINGS):  # most words end otherwise: no pattern can change them
            for pattern, replacement in _LONG_SPELLINGS:
                word = pattern.sub(replacement, word)
        word = word.replace("ae", "e")
    return word


def _stems(word: str, verbs: bool) -> set[str]:
    stems = {word}
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        stems.add(word[:-1])
        if word.endswith("es"):
            stems.update((word[:-2], word[:-2] + "is"))
        if word.endswith("ies") and len(word) > 4:
            stems.add(word[:-3] + "y")
    if len(word) > 6 and word.endswith("ical"):
        stems.add(word[:-2])  # "atomical" for "atomic", "historical" for "historic"
    if verbs and len(word) > 5:
        if word.endswith("ed"):
            stems.update((word[:-2], word[:-1]))
        if word.endswith("ing"):
            stems.update((word[:-3], word[:-3] + "e"))
    return stems


# How much shorter :func:`_spelling_key` and :func:`_stems` can make a word, "ae" aside:
# three letters of spelling ("-ogue" to "-og", "-llour" to "-lor") and three of ending ("-ing").
MOST_TRIMMED = 6


# Every rule of :func:`_stems` and :func:`_spelling_key` keeps a word's length or shortens it, and only
# words with one of these endings, or an "ae", are shortened.
_SHORTENED = ("s", "ed", "ing", "ical", *_ENDINGS)
# The same endings by their last letter: a word is checked against the few that could end it.
_SHORTENED_BY_LAST = {last: tuple(e for e in _SHORTENED if e[-1] == last) for last in {e[-1] for e in _SHORTENED}}


def _may_shorten(word: str) -> bool:
    """False when no rule of :func:`same_word` makes the word shorter: then no shorter word is a form of it."""
    return "ae" in word or word.endswith(_SHORTENED_BY_LAST.get(word[-1:], ()))


def may_be_same_word(reply: str, answer: str) -> bool:
    """What every pair :func:`same_word` accepts has, cheap to check first.

    Both are words of letters; forms of one word differ only in their endings (and
    "ae"/"e"), so their lengths are close and every form keeps its first two letters.
    """
    if reply[:2] != answer[:2] and (
        # Only an "ae" among the first three letters can change the first two: "caesar", "aegis".
        ("ae" not in reply[:3] and "ae" not in answer[:3])
        or reply.replace("ae", "e")[:2] != answer.replace("ae", "e")[:2]
    ):
        return False
    if len(answer) < 3 or not reply.isalpha() or not answer.isalpha():
        return False
    apart = len(reply) - len(answer)
    # "vaginalnotifications" is two words run together, not a form of "vaginal".
    if abs(apart) > MOST_TRIMMED + reply.count("ae") + answer.count("ae"):
        return False
    # No rule lengthens a word: of two lengths, the longer word must be one a rule shortens.
    return apart == 0 or _may_shorten(reply if apart > 0 else answer)


def same_word(reply: str, answer: str) -> bool:
    """Plural, inflection or regional spelling of the answer word ("straits", "advisers")."""
    return may_be_same_word(reply, answer) and related_forms(reply, answer)


@lru_cache(maxsize=65536)
def related_forms(reply: str, answer: str) -> bool:
    """:func:`same_word` for a pair that :func:`may_be_same_word` let through."""
    verbs = len(answer) >= 5
    if _share_stem(reply, answer, verbs):
        return True
    r, a = _spelling_key(reply), _spelling_key(answer)
    if r == a:
        return True
    return (r != reply or a != answer) and _share_stem(r, a, verbs)


def _share_stem(first: str, second: str, verbs: bool) -> bool:
    # Every stem is at most three letters shorter than its word, and none is longer (see _stems).
    return abs(len(first) - len(second)) <= 3 and not _stems(first, verbs).isdisjoint(_stems(second, verbs))


def is_other_word(reply: str, answer: str, context: GradingContext) -> bool:
    """True when the reply word is a real word of its own, not a slip on the answer word."""
    if context.knows(reply):
        return True
    if not context.english:
        return False
    z = zipf(reply)
    if z >= COMMON_ZIPF:
        return True
    return z >= RELATIVE_FLOOR and z >= zipf(answer) - RELATIVE_GAP
