"""What a deck knows about itself, gathered once per deck.

Rarity scores for cloze blanks, and the pools that multiple-choice
distractors are drawn from, need every card; collecting them once keeps
question generation linear in the deck size instead of comparing every card
with every other card.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.cards import Card, Deck
from bot.questions.pools import FrontPool
from bot.questions.shapes import deck_shape
from bot.questions.sorts import sort_of
from bot.questions.terms import (
    YEAR_SHAPES,
    Term,
    capital_tokens,
    find_dates,
    find_names,
    find_numbers,
    find_quotes,
    lead_word,
    proper_words,
    range_ends,
    year_range,
)
from bot.questions.words import PIECE, STOP_WORDS, fold

_PAREN_DATES = re.compile(r"\s*\(\s*((?:1[0-9]|20)\d{2})(?:\s*[-–—‐]\s*((?:1[0-9]|20)?\d{2}))?\s*\)")
_LEADING_YEAR = re.compile(r"^((?:1[0-9]|20)\d{2})\s+(?=\D)")
_RARITY_CACHE = 200_000
_DIGIT = re.compile(r"\d")


def _start(term: Term) -> int:
    return term.start


@dataclass(frozen=True, slots=True)
class FrontDate:
    """A date carried by a card's front: "(1950)", "(1953-1960)" or a leading "1958"."""

    answer: str
    shape: str
    name: str
    """The front without the date, for "In what year did … take place?"."""


@dataclass(frozen=True, slots=True)
class FactTerms:
    fact: str
    terms: tuple[Term, ...]


def front_date(front: str) -> FrontDate | None:
    match = _PAREN_DATES.search(front)
    if match:
        name = (front[: match.start()] + front[match.end() :]).strip()
        if match.group(2):
            answer = year_range(match.group(1), match.group(2))
            if answer is None:
                return None
            return FrontDate(answer, "range", name)
        return FrontDate(match.group(1), "year", name)
    match = _LEADING_YEAR.match(front)
    if match:
        return FrontDate(match.group(1), "year", front[match.end() :].strip())
    return None


def front_display(card: Card) -> str:
    """A front as a choice or typed answer: the name without its bracketed date.

    The date gets its own question, and choices read alike when none carry one.
    """
    return card.answers[front_choice(card)] if card.answers else card.front


def front_choice(card: Card) -> int:
    """Which of a card's answers :func:`front_display` shows (the card has answers)."""
    for i, answer in enumerate(card.answers):
        if not _PAREN_DATES.search(answer):
            return i
    return 0


def answer_shape(answer: str) -> str:
    """What kind of answer an explicit card has: a year, a number, a short or long text."""
    text = answer.strip()
    dates = find_dates(text)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(text):
        return dates[0].shape
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+%?|-?\d+(?:\.\d+)?%?", text):
        return "number"
    if fold(text) in _YES_NO:
        return "boolean"
    return "short" if len(text.split()) <= 3 else "text"


_YES_NO = frozenset({"yes", "no", "true", "false", "y", "n", "t", "f"})


class DeckIndex:
    """Per-deck facts: word rarity, name evidence, and distractor pools by shape."""

    def __init__(self, deck: Deck) -> None:
        cards = deck.cards
        self.size = len(cards)
        self.df: Counter[str] = Counter()
        self._rarity: dict[str, float] = {}
        known: set[str] = set()
        # Capitalised words of each fact, scanned once here for name evidence
        # and used again below to find the names themselves.
        tokens: dict[str, list[tuple[int, int, str]]] = {}
        for card in cards:
            # One scan per card: a line break is no piece, so the pieces of
            # the joined text are the pieces of its parts.
            self.df.update(set(PIECE.findall("\n".join((card.front, *card.back)).casefold())))
            if not card.explicit:
                for fact in card.back:
                    if fact not in tokens:
                        found = tokens[fact] = capital_tokens(fact)
                        if found:
                            known.update(proper_words(fact, found))
        self.known_proper = frozenset(known)
        self._tokens = tokens
        # A piece in one card only is the commonest kind and needs no entry: rarity counts it as one card.
        self.df = Counter({piece: count for piece, count in self.df.items() if count > 1})

        self._card_terms: dict[Card, tuple[FactTerms, ...]] = {}
        """The facts' terms of the cards asked lately; worked out again when asked (a 20,000-card deck would
        keep 5 MB of them)."""
        years: set[int] = set()
        ranges: dict[str, None] = {}
        decades: set[int] = set()
        numbers: dict[str, None] = {}
        quotes: dict[str, str] = {}
        names: dict[str, str] = {}
        by_lead: dict[str, dict[str, str]] = {}
        fronts: dict[str, tuple[int, int, str]] = {}
        explicit: dict[str, dict[str, str]] = {}
        seen_terms: dict[str, tuple[Term, ...]] = {}
        for position, card in enumerate(cards):
            date = front_date(card.front) if not card.explicit else None
            if date:
                _add_date(date.answer, date.shape, years, ranges, decades)
            if card.explicit:
                for answer in card.answers[:1]:
                    shape = answer_shape(answer)
                    explicit.setdefault(shape, {}).setdefault(fold(answer), answer)
                    if shape in YEAR_SHAPES:
                        _add_date(answer, shape, years, ranges, decades)
                continue
            if card.answers:
                which = front_choice(card)
                key = fold(card.answers[which])
                if key:
                    fronts.setdefault(key, (position, which, date.shape if date else ""))
            for fact in card.back:
                if fact in seen_terms:
                    continue
                terms = seen_terms[fact] = self._fact_terms(fact)
                for term in terms:
                    key = fold(term.answer)
                    if term.shape in YEAR_SHAPES:
                        _add_date(term.answer, term.shape, years, ranges, decades)
                    elif term.shape == "number":
                        numbers.setdefault(term.answer, None)
                    elif term.shape == "quote":
                        quotes.setdefault(key, term.answer)
                    elif term.shape == "name":
                        names.setdefault(key, term.answer)
                        lead = lead_word(fact, term.start)
                        if lead:
                            by_lead.setdefault(lead, {}).setdefault(key, term.answer)

        self.years = sorted(years)
        # By first year, so the ranges near a year are one slice away.
        dated = sorted((ends[0], r) for r in ranges if (ends := range_ends(r)) is not None)
        self.ranges = [r for _, r in dated]
        self._range_starts = [start for start, _ in dated]
        self.decades = sorted(decades)
        self.numbers = [n for n in numbers if not n.endswith("%")]
        self.percents = [n for n in numbers if n.endswith("%")]
        self.quotes = list(quotes.values())
        self.names_by_class: dict[str, list[str]] = {}
        self.names = list(names.values())
        self.name_keys = frozenset(names)
        self.names_by_lead = {lead: list(found.values()) for lead, found in by_lead.items()}
        for name in self.names:
            self.names_by_class.setdefault(sort_of(name), []).append(name)
        self.fronts = FrontPool(cards, fronts.values())
        self.backs = term_backs(cards)
        """Each term card's first fact: what a card shown by its front is answered with."""
        self.shape = deck_shape(deck)
        self.explicit_answers = {shape: list(values.values()) for shape, values in explicit.items()}
        self._tokens = {}

    def _fact_terms(self, fact: str) -> tuple[Term, ...]:
        if _DIGIT.search(fact):
            dates = find_dates(fact)
            found = [*dates, *find_numbers(fact, dates), *find_quotes(fact)]
        else:
            found = find_quotes(fact)
        tokens = self._tokens.get(fact)
        if tokens is None:
            tokens = capital_tokens(fact)
        if not tokens:
            return tuple(sorted(found, key=_start))
        spans = [(t.start, t.end) for t in found]
        for name in find_names(fact, self.known_proper, tokens):
            if all(name.end <= a or name.start >= b for a, b in spans):
                found.append(name)
        return tuple(sorted(found, key=_start))

    def rarity(self, text: str) -> float:
        """Share of cards mentioning the rarest significant word of ``text``: low is rare."""
        known = self._rarity.get(text)
        if known is None:
            pieces = [p for p in PIECE.findall(text.casefold()) if p not in STOP_WORDS]
            if not pieces or not self.size:
                known = 1.0
            else:
                known = min(self.df.get(p, 1) for p in pieces) / self.size
            if len(self._rarity) < _RARITY_CACHE:
                self._rarity[text] = known
        return known

    def common(self, text: str) -> bool:
        """True for words in most cards (China in a China deck): poor blanks."""
        return self.size >= 4 and self.rarity(text) > 0.5

    def nearby_years(self, year: int, span: int = 25) -> list[int]:
        lo = bisect_left(self.years, year - span)
        hi = bisect_left(self.years, year + span + 1)
        return [y for y in self.years[lo:hi] if y != year]

    def closest_years(self, year: int, count: int, span: int = 25) -> list[int]:
        """The ``count`` years of :meth:`nearby_years` closest to ``year``, the earlier first on a tie.

        Walks outwards from ``year`` in the sorted list instead of sorting the
        whole neighbourhood, which a deck full of dates makes large.
        """
        years = self.years
        lo = bisect_left(years, year - span)
        hi = bisect_left(years, year + span + 1)
        left = bisect_left(years, year) - 1
        right = left + 1
        if right < hi and years[right] == year:
            right += 1
        found: list[int] = []
        while len(found) < count:
            has_left, has_right = left >= lo, right < hi
            if has_left and (not has_right or year - years[left] <= years[right] - year):
                found.append(years[left])
                left -= 1
            elif has_right:
                found.append(years[right])
                right += 1
            else:
                break
        return found

    def nearby_ranges(self, start: int, span: int = 25, limit: int = 60) -> list[str]:
        """Ranges starting within ``span`` years of ``start``, at most ``limit`` of them."""
        lo = bisect_left(self._range_starts, start - span)
        hi = bisect_left(self._range_starts, start + span + 1)
        return self.ranges[lo : min(hi, lo + limit)]


def _add_date(answer: str, shape: str, years: set[int], ranges: dict[str, None], decades: set[int]) -> None:
    if shape == "year" and answer.isdigit():
        years.add(int(answer))
    elif shape == "range":
        ranges.setdefault(answer, None)
        ends = range_ends(answer)
        if ends is not None:
            years.update(ends)
    elif shape == "decade" and answer[:4].isdigit():
        decades.add(int(answer[:4]))


def term_backs(cards: Sequence[Card]) -> list[str]:
    """Each term card's first fact, once: what a card shown by its front is answered with."""
    return list(dict.fromkeys(c.back[0] for c in cards if not c.explicit and c.answers and c.back))


def index_for(deck: Deck) -> DeckIndex:
    """The deck's index, built on first use and kept with the deck, as long as it lives."""
    index = deck.__dict__.get(_INDEX)
    if index is None:
        index = keep_index(deck, DeckIndex(deck))
    return index


def keep_index(deck: Deck, index: DeckIndex) -> DeckIndex:
    """Keep ``index`` as the deck's own (one built now, or restored from a stored copy)."""
    object.__setattr__(deck, _INDEX, index)  # not a field: the deck's equality and text are unchanged
    return index


_INDEX = "_index"


_CARD_TERMS_KEPT = 1024


def card_terms(index: DeckIndex, card: Card) -> tuple[FactTerms, ...]:
    """A card's facts with their askable terms; works for cards outside the deck too."""
    kept = index._card_terms
    found = kept.get(card)
    if found is None:
        found = tuple(FactTerms(fact, index._fact_terms(fact)) for fact in card.back)
        if len(kept) >= _CARD_TERMS_KEPT:
            kept.pop(next(iter(kept)))
        kept[card] = found
    return found


def card_front_date(index: DeckIndex, card: Card) -> FrontDate | None:
    return None if card.explicit else front_date(card.front)
