"""The shortcuts that keep big decks fast must answer exactly as the plain definitions do.

Each test checks a fast path against a slow, obvious version written here:
the patterns as first written (look-behind first), a full sort, a full
fuzzy comparison, a fresh matcher.
"""

from __future__ import annotations

import random
import re

import pytest
from rapidfuzz import fuzz

from bot.cards import Deck
from bot.questions import generate_questions
from bot.questions.index import DeckIndex, card_terms
from bot.questions.picker import Picker, similar
from bot.questions.terms import (
    _UPPER,
    DECADE,
    LEAD_WORDS,
    NUMBER,
    RANGE,
    YEAR,
    at_sentence_start,
    capital_tokens,
    find_names,
    lead_word,
    proper_words,
)
from bot.questions.words import Matcher, mask, matcher_for
from tests.questions.helpers import seed_deck, term_card

_Y = r"(?:1[0-9]|20)\d{2}"
PLAIN = {
    "range": re.compile(rf"(?<![\w.,'‘’])({_Y})\s*(?:-|–|—|‐|\bto\b|\buntil\b)\s*((?:1[0-9]|20)?\d{{2}})(?![\w%]|[.,]\d)"),
    "decade": re.compile(r"(?<![\w.,'‘’])((?:1[0-9]|20)\d0)s\b"),
    "year": re.compile(rf"(?<![\w.,'‘’])({_Y})(?![\w%]|[.,]\d)"),
    "number": re.compile(r"(?<![\w.,'‘’])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(%?)(?![\w]|[.,]\d)"),
    "capital": re.compile(rf"(?<![\w'’\-‐])[{_UPPER}](?:\w|[-‐'’](?=\w))*"),
}
FAST = {"range": RANGE, "decade": DECADE, "year": YEAR, "number": NUMBER}
PLAIN_LEAD = re.compile(r"([^\W\d_]+)\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
PLAIN_BREAK = re.compile(r"(?:^|[.!?:;]\s+|\s[-–—]\s+|[(\[“\"‘]\s*)$")
_BITS = [
    *"0123456789 ,.'‘’“”\"-–—‐%()[]sSabAZéÉǅß_\n\t²",
    "19", "20", "1953", " to ", "until", "The ", "Mao", "’s", "'s", " of ", " and ", "US", "McX", "١٢",
    "near ", "by ", "the ", " a ", "An ", "within ", ". ", "; ", " - ",
]


def _texts(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    made = ["".join(rng.choice(_BITS) for _ in range(rng.randint(0, 30))) for _ in range(count)]
    return made + [fact for card in seed_deck().cards for fact in (card.front, *card.back)]


TEXTS = _texts(6000)


@pytest.mark.parametrize("name", sorted(FAST))
def test_date_and_number_patterns_match_as_first_written(name):
    for text in TEXTS:
        fast = [(m.span(), m.groups()) for m in FAST[name].finditer(text)]
        assert fast == [(m.span(), m.groups()) for m in PLAIN[name].finditer(text)], text


def test_capital_words_match_as_first_written():
    for text in TEXTS:
        assert capital_tokens(text) == [(m.start(), m.end(), m.group(0)) for m in PLAIN["capital"].finditer(text)], text


def test_capital_words_after_the_first_letter_are_all_found():
    assert capital_tokens("Mao met Khrushchev in post-Stalin Moscow") == [
        (0, 3, "Mao"),
        (8, 18, "Khrushchev"),
        (34, 40, "Moscow"),
    ]
    assert capital_tokens("Alliance of lower-case words only") == [(0, 8, "Alliance")]
    assert capital_tokens("a fact with no capital at all") == []


def test_sentence_starts_match_the_plain_search():
    for text in TEXTS:
        for start in range(len(text) + 1):
            expected = bool(PLAIN_BREAK.search(text[max(0, start - 4) : start])) or start == 0
            assert at_sentence_start(text, start) == expected, (text, start)


def test_lead_word_is_the_leftmost_preposition_match():
    for text in TEXTS:
        for start in range(len(text) + 1):
            match = PLAIN_LEAD.search(text[max(0, start - 30) : start])
            found = match.group(1).lower() if match else ""
            assert lead_word(text, start) == (found if found in LEAD_WORDS else ""), (text, start)


def test_names_and_proper_words_reuse_a_scan_without_change():
    known = frozenset({"mao", "stalin", "the"})
    for text in TEXTS:
        tokens = capital_tokens(text)
        assert find_names(text, known, tokens) == find_names(text, known)
        assert proper_words(text, tokens) == proper_words(text)


def test_closest_years_are_the_nearest_of_the_sorted_neighbourhood():
    rng = random.Random(3)
    index = DeckIndex(Deck(title="Empty", cards=(), format="csv"))
    for _ in range(2000):
        index.years = sorted({rng.randint(1900, 2000) for _ in range(rng.randint(0, 60))})
        year = rng.randint(1880, 2020)
        count = rng.randint(0, 8)
        nearby = sorted(index.nearby_years(year), key=lambda y: (abs(y - year), y))
        assert index.closest_years(year, count) == nearby[:count]


def test_length_cut_never_skips_a_close_pair():
    rng = random.Random(5)
    letters = "abcde "
    for _ in range(20000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        b = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        assert similar(a, b) == (fuzz.ratio(a, b) >= 88.0), (a, b)
    # Lengths 11 and 14 can reach exactly 88 at best: the comparison must still run.
    assert fuzz.ratio("abcdefghijk", "abcdefghijkxyz") == 88.0
    assert similar("abcdefghijk", "abcdefghijkxyz")


def test_a_shared_matcher_masks_like_a_fresh_one():
    facts = [fact for card in seed_deck().cards for fact in card.back]
    for answers in [("Soviet Union",), ("1958",), ("Mao", "Maoism"), ("Cuban Missile Crisis",)]:
        shared = matcher_for(answers)
        for fact in facts:
            assert mask(fact, shared) == mask(fact, Matcher(answers))
        assert matcher_for(answers) is shared


def test_a_choice_shown_whole_in_the_prompt_is_refused_but_its_words_apart_are_not():
    picker = Picker(["Treaty of Rome"], avoid_phrase="The Warsaw Pact answered NATO in 1955")
    assert not picker.offer("Warsaw Pact")
    assert not picker.offer("nato")
    assert picker.offer("Pact Warsaw")
    assert picker.offer("Marshall Plan")
    assert picker.chosen == ["Pact Warsaw", "Marshall Plan"]


def test_cards_sharing_a_fact_get_the_same_terms_and_questions():
    fact = "Signed near Vienna in 1955 by over 40 delegates, as described by Niels Bohr"
    cards = (
        term_card("Alpha Accord", fact, "A pact between rivals", line=1),
        term_card("Beta Charter", fact, "A charter for the coast", line=2),
        term_card("Gamma Plan", "A plan for the harbour of Kyoto in 1960", line=3),
        term_card("Delta Treaty", "A treaty near Lake Ontario in 1948 across 200 sites", line=4),
    )
    deck = Deck(title="Shared", cards=cards, format="csv")
    index = DeckIndex(deck)
    first, second = card_terms(index, cards[0])[0], card_terms(index, cards[1])[0]
    assert first == second
    assert {term.answer for term in first.terms} >= {"1955", "40", "Niels Bohr", "Vienna"}
    # A card outside the deck is read the same way as one inside it.
    outside = term_card("Epsilon", fact)
    assert card_terms(index, outside)[0].terms == first.terms
    questions = generate_questions(deck, seed=1)
    assert questions == generate_questions(Deck(title="Shared", cards=cards, format="csv"), seed=1)


def test_the_front_pool_reads_as_the_plain_list_of_fronts():
    from bot.questions.index import front_date, front_display
    from bot.questions.words import fold

    deck = seed_deck()
    plain: dict[str, tuple[str, int, str]] = {}
    for card in deck.cards:
        if card.explicit or not card.answers:
            continue
        display = front_display(card)
        date = front_date(card.front)
        if fold(display):
            plain.setdefault(fold(display), (display, len(display), date.shape if date else ""))
    pool = DeckIndex(deck).fronts
    assert list(pool) == list(plain.values()) and len(pool) == len(plain)
    assert pool[-1] == list(plain.values())[-1] and pool[1:3] == list(plain.values())[1:3]
    assert sorted(random.Random(1).sample(pool, 3)) == sorted(random.Random(1).sample(list(plain.values()), 3))


def test_a_cards_terms_are_the_same_asked_first_or_again():
    deck = seed_deck()
    index = DeckIndex(deck)
    first = [card_terms(index, card) for card in deck.cards]
    fresh = DeckIndex(deck)
    assert [card_terms(fresh, card) for card in reversed(deck.cards)] == first[::-1]
    assert all(card_terms(index, card) is found for card, found in zip(deck.cards[-5:], first[-5:]))  # kept
