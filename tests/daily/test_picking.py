"""Which card and which question a day asks."""

from __future__ import annotations

from bot.cards import Card, Deck
from bot.daily import (
    choose_card,
    daily_question,
    find_card,
)
from bot.decks import card_key
from bot.questions import CHOICE
from tests.daily.helpers import long_front_deck, make_deck


def test_cards_do_not_repeat_until_the_deck_is_exhausted() -> None:
    deck = make_deck(6)
    used: set[str] = set()
    picked = []
    resets = 0
    for day in range(13):
        choice = choose_card("treaties", deck, used, f"42:{day}")
        if choice.reset:
            resets += 1
            used.clear()
        assert choice.key not in used
        used.add(choice.key)
        picked.append(choice.key)
        assert choice.key == card_key("treaties", choice.card)
    assert len(set(picked[:6])) == 6 and len(set(picked[6:12])) == 6
    assert resets == 2  # after day 6 and day 12
    # The same seed always picks the same card (any process agrees).
    assert choose_card("treaties", deck, set(), "42:0").key == choose_card("treaties", deck, set(), "42:0").key


def test_cards_that_cannot_make_a_question_are_skipped() -> None:
    overview = Card(front="Overview", back=(), answers=())
    deck = Deck("Mixed", (overview, *make_deck(2).cards), "notes")
    for day in range(10):
        assert choose_card("mixed", deck, set(), f"1:{day}").card is not overview


def test_daily_question_is_rebuilt_identically_from_the_stored_card() -> None:
    deck = make_deck(8)
    choice = choose_card("treaties", deck, set(), "5:2025-01-01")
    question = daily_question(deck, choice.card, "5:2025-01-01")
    card = find_card("treaties", deck, choice.key)
    assert card is choice.card
    assert daily_question(deck, card, "5:2025-01-01") == question
    assert question.kind != CHOICE, "typed whenever the card can make a typed question"


def test_long_fronts_become_multiple_choice() -> None:
    deck = long_front_deck()
    question = daily_question(deck, deck.cards[0], "x")
    assert question.kind == CHOICE and question.choices is not None and len(question.choices) == 4
    assert question.answers[0] in question.choices
