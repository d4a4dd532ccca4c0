"""Word-level helpers: comparing, stemming, masking and shortening text.

A question is only fair if its prompt does not spell out the answer, and
answers hide in clues in many shapes: "Soviets" for "Soviet", "Maoist" for
"Maoism", "revolutionary" for "Revolution", "1953-1960" split over a line.
Masking therefore works on word pieces (runs of letters or digits) and a
deliberately eager stemmer: hiding a harmless word costs little, leaking the
answer spoils the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MASK = "▢▢▢"
BLANK = "_____"

PIECE = re.compile(r"[^\W_]+")
_MERGE_MASKS = re.compile(re.escape(MASK) + r"(?:[\s\-‐–—'’/]+" + re.escape(MASK) + r")+")
_SENTENCE_END = re.compile(r"[.!?;](?=\s)")

STOP_WORDS = frozenset(
    """a an the and or nor but for of in on at to by from with over under between vs versus v
    into onto upon as per via than during after before against about among through without within
    de la le du des del von van der den di da e y s
    is are was were be been being it its this that these those their there his her he she they them
    we you i me my our your not no so if then also which who whom what when where how why""".split()
)

# Suffixes stripped once, longest first. Crude on purpose: it only has to make
# a clue word and an answer word land on the same stem.
_SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    (suffix, "i" if suffix == "ies" else "")
    for suffix in sorted(
        """izations isations ization isation ational ations ation ements ement ments ment ness ities ity
        ians ian isms ism ists ist ically ical ics ic ions ion ives ive ings ing edly ed ies ers er ary
        ance ence ly al ese es s""".split(),
        key=len,
        reverse=True,
    )
)


def fold(text: str) -> str:
    """Case- and typography-insensitive form for comparing answers."""
    return " ".join(PIECE.findall(text.casefold()))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A rough stem: "Soviets" -> "soviet", "Maoism"/"Maoist" -> "mao"."""
    word = word.casefold()
    if not word.isalpha():
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word[-2] in "siu":
                continue
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The pieces of ``text`` that carry meaning, as written: every piece but the stop words."""
    return [p for p in PIECE.findall(text) if p.lower() not in STOP_WORDS]


def significant_pieces(text: str) -> list[str]:
    """The pieces of an answer worth hiding: no small words, unless that is all there is."""
    return list(_significant(text) if len(text) <= _CACHED_CHARS else _significant_of(text))


def _significant_of(text: str) -> tuple[str, ...]:
    pieces = [p.casefold() for p in PIECE.findall(text)]
    kept = [p for p in pieces if p not in STOP_WORDS and (len(p) > 1 or p.isdigit())]
    return tuple(kept or [p for p in pieces if len(p) > 1 or p.isdigit()] or pieces)


# Answers and candidate choices come up again and again, so their words are
# remembered; prompts and facts are longer and rarely repeat, so they are not.
_CACHED_CHARS = 80
_significant = lru_cache(maxsize=65_536)(_significant_of)


@lru_cache(maxsize=65_536)
def _answer_words(answer: str) -> tuple[tuple[str, str], ...]:
    return tuple((piece, stem(piece)) for piece in _significant(answer))


def _words_of(answer: str) -> tuple[tuple[str, str], ...]:
    if len(answer) <= _CACHED_CHARS:
        return _answer_words(answer)
    return tuple((piece, stem(piece)) for piece in _significant_of(answer))


class Matcher:
    """Tells whether a clue word gives away one of a set of answer words.

    A clue word gives one away when it is the word, shares its stem, one stem
    (of at least four letters) starts the other, or both share their first
    five letters. Everything is a set lookup, so masking stays linear.
    """

    def __init__(self, answers: Iterable[str]) -> None:
        words: dict[str, str] = {}
        for answer in answers:
            for piece, piece_stem in _words_of(answer):
                words.setdefault(piece, piece_stem)
        self._words = words
        self._any = bool(words)
        self._seen: dict[str, bool] = {}
        self._sets: tuple[set[str], set[str], set[str], set[str]] | None = None
        # Every word this matcher hits starts with one of these (a stem is a
        # prefix of its word), so text without any of them is skipped fast.
        self._starts = tuple({s[:4] if w.isalpha() else w for w, s in words.items()})

    def _lookups(self) -> tuple[set[str], set[str], set[str], set[str]]:
        if self._sets is None:
            words = self._words
            letters = [(w, s) for w, s in words.items() if w.isalpha()]
            self._sets = (
                set(words) | set(words.values()),
                {s for _, s in letters if len(s) >= 4},
                {s[:k] for _, s in letters for k in range(4, len(s) + 1)},
                {w[:5] for w, _ in letters if len(w) >= 5},
            )
        return self._sets

    def could_hit(self, text: str) -> bool:
        low = text.casefold()
        return any(start in low for start in self._starts)

    def __bool__(self) -> bool:
        return self._any

    def hits(self, piece: str) -> bool:
        low = piece.casefold()
        known = self._seen.get(low)
        if known is None:
            known = self._seen[low] = self._hits(low)
        return known

    def _hits(self, low: str) -> bool:
        exact, stems, stem_prefixes, heads = self._lookups()
        if low in exact:
            return True
        if low in STOP_WORDS or not low.isalpha():
            return False
        low_stem = stem(low)
        if low_stem in exact or (len(low) >= 5 and low[:5] in heads):
            return True
        if len(low_stem) >= 4 and low_stem in stem_prefixes:
            return True
        return any(low_stem[:k] in stems for k in range(4, len(low_stem)))


@lru_cache(maxsize=8_192)
def matcher_for(answers: tuple[str, ...]) -> Matcher:
    """A shared matcher for answers that recur (years, names, choices).

    A matcher only remembers which words it hits, so sharing one between
    questions changes nothing but the time spent building it again.
    """
    return Matcher(answers)


def mask(text: str, matcher: Matcher, token: str = MASK) -> tuple[str, int]:
    """``text`` with every word that gives an answer away replaced by ``token``.

    Returns the masked text and how many pieces were hidden. Neighbouring
    masks merge into one, so the mask does not reveal the answer's word count.
    """
    if not matcher or not text or not matcher.could_hit(text):
        return text, 0
    hidden = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal hidden
        if matcher.hits(match.group(0)):
            hidden += 1
            return token
        return match.group(0)

    masked = PIECE.sub(replace, text)
    if hidden and token == MASK:
        masked = _MERGE_MASKS.sub(MASK, masked)
    return masked, hidden


def gives_away(text: str, matcher: Matcher) -> bool:
    return bool(matcher) and matcher.could_hit(text) and any(matcher.hits(piece) for piece in PIECE.findall(text))


def truncate(text: str, limit: int) -> str:
    """Shorten at a sentence end, else a word break, and mark the cut with "…"."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = max(1, limit - 1)
    head = text[:room]
    ends = [m.end() for m in _SENTENCE_END.finditer(text[: room + 1])]
    if ends and ends[-1] >= room // 2:
        return text[: ends[-1]].rstrip() + " …"
    space = head.rfind(" ")
    if space >= room // 2:
        head = head[:space]
    return head.rstrip(" ,;:-–—(") + "…"


def word_count(text: str) -> int:
    return len(significant_pieces(text)) if text.strip() else 0


def unique(items: tuple[str, ...]) -> tuple[str, ...]:
    """The non-empty items in their first order, each once."""
    return tuple(dict.fromkeys(item for item in items if item))
