"""Card answers, prepared once: the forms a reply may take.

An answer like "Initial Cooperation and Alliance (1947-1953)" is met by the
full text and by the name alone; "1958 Taiwan Strait Crisis" by the name
without its year; "over 200" by "200". Preparing these is the slow part, so
it is cached per answer string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.grading.knowledge import aliases_of_key, decade_forms, initial_forms, is_initialism, word_forms
from bot.grading.normalize import cached_tokens, drop_leading_article, fold, joined
from bot.grading.numbers import is_number
from bot.grading.numerals import numeral_variants

_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_YEAR = re.compile(r"^\d{4}s?(-\d{4}s?)?$")
_APPROXIMATE = {
    ("over",), ("about",), ("around",), ("nearly",), ("almost",), ("approximately",), ("approx",),
    ("roughly",), ("some",), ("circa",), ("c",), ("ca",), ("more", "than"), ("at", "least"), ("up", "to"),
}


@dataclass(frozen=True)
class PreparedAnswer:
    text: str
    variants: tuple[tuple[str, ...], ...]
    keys: frozenset[str]
    optional: frozenset[str]
    """Tokens a reply may add around the answer: its dates and bracketed parts."""
    approximate: bool = False
    """The answer hedges a number ("over 200"), so a reply may too ("about 200")."""
    numeric: bool = False
    """The answer is only a number or range, so a hedge around it ("over 200" for 200)
    restates it rather than adding a second guess; the number itself must still be exact."""
    raw: str | None = None
    """For an answer with no letters or digits ("?!"), the folded text to compare."""
    initialism: bool = False
    """The answer is written as initials ("PRC"): a reply spelling them out counts."""
    initials: frozenset[str] = frozenset()
    """The answer's own initials ("wwii", "ww2" for "World War II"): a one-word reply that is one of them counts.
    Kept apart from the variants, so they cost nothing unless the reply is one word."""
    numbers: tuple[tuple[bool, ...], ...] = ()
    """For each variant, which of its words are numbers."""
    plan: tuple[tuple[int, tuple[int, ...]], ...] = ()
    """How to line a reply up with every variant in few passes: (a variant, the lengths to read off it).
    A variant that begins another ("Foster" and "Foster 1963") is read off the longer one's pass."""
    spaced: tuple[str, ...] = ()
    """Each variant's words joined by spaces, as the similarity score compares them."""


def alignment_plan(variants: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Each variant is read off the pass of the longest variant it begins (itself when none is longer)."""
    longest: dict[int, list[int]] = {}
    for index, variant in enumerate(variants):
        owner = max(
            (k for k, other in enumerate(variants) if len(other) > len(variant) and other[: len(variant)] == variant),
            key=lambda k: (len(variants[k]), -k),
            default=index,
        )
        longest.setdefault(owner, []).append(len(variant))
    # An owner is never itself read off a longer one: the longest variant beginning it begins its owner too.
    return tuple((owner, tuple(sorted(set(lengths)))) for owner, lengths in longest.items())


def _without_approximation(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    for words in _APPROXIMATE:
        n = len(words)
        if tokens[:n] == words and len(tokens) > n and is_number(tokens[n]):
            return tokens[n:]
    return None


@lru_cache(maxsize=16384)
def prepare(answer: str) -> PreparedAnswer:
    variants: list[tuple[str, ...]] = []
    optional: set[str] = set()

    def add(tokens: tuple[str, ...]) -> None:
        for form in (tokens, drop_leading_article(tokens)):
            if form and form not in variants:
                variants.append(form)

    full = cached_tokens(answer)
    add(full)
    bare = cached_tokens(_PARENS.sub(" ", answer))
    add(bare)
    for match in _PARENS.finditer(answer):
        optional.update(cached_tokens(match.group(1) or match.group(2) or ""))
    for form in list(variants):
        shorter = _without_approximation(form)
        if shorter:
            optional.update(form[: len(form) - len(shorter)])
            add(shorter)
        # A heading's leading year is a date, like a bracketed one: "1958 Taiwan Strait Crisis".
        if len(form) >= 3 and _YEAR.match(form[0]) and not any(is_number(t) for t in form[1:]):
            optional.add(form[0])
            add(form[1:])
    # "Henry VIII" is also "henry 8" and "henry 8th"; "Chapter 4" also "chapter iv".
    for form in list(variants):
        for written in numeral_variants(form):
            add(written)
    # A marker's knowledge: other names, initials, decades, number words kept as words.
    for name in aliases_of_key(joined(full)):  # the answer's own tokens: no second reading of it
        add(cached_tokens(name))
    for form in list(variants):
        for other in decade_forms(form):
            add(other)
    for other in word_forms(answer, full):
        add(other)
    approximate = any(len(form) > 1 and _without_approximation(form) for form in variants)
    raw = None
    if not variants:
        # An answer with no letters or digits ("?!", an emoji) is compared as written.
        raw = "".join(fold(answer).split()) or None
    shapes = tuple(variants)
    return PreparedAnswer(
        text=answer,
        variants=shapes,
        keys=frozenset(joined(v) for v in variants),
        optional=frozenset(optional),
        approximate=approximate,
        numeric=bool(variants) and all(is_number(t) for t in variants[0]),
        raw=raw,
        initialism=is_initialism(answer),
        initials=frozenset(form[0] for form in initial_forms(answer, full)),
        numbers=tuple(tuple(is_number(t) for t in v) for v in shapes),
        plan=alignment_plan(shapes),
        spaced=tuple(" ".join(v) for v in shapes),
    )
