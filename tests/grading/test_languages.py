"""Answers in another language than English are not judged by English words."""

from __future__ import annotations

from bot.grading import GradingContext, grade

DECK = GradingContext.from_texts(["le chien", "the dog", "le chat", "the cat", "la maison", "the house", "le pain", "bread"])


def test_an_english_word_is_a_slip_on_a_french_answer() -> None:
    french = DECK.for_language(False)
    assert grade("le chin", ("le chien",), context=french).correct
    assert grade("la maisn", ("la maison",), context=french).correct
    # In English grading "chin" is a word of its own, so it is not taken for "chien".
    assert not grade("le chin", ("le chien",), context=DECK).correct


def test_the_decks_own_words_are_still_other_answers() -> None:
    french = DECK.for_language(False)
    assert not grade("le chat", ("le chien",), context=french).correct
    assert not grade("la maison", ("le chien",), context=french).correct


def test_the_language_variant_is_shared_and_keeps_the_vocabulary() -> None:
    french = DECK.for_language(False)
    assert french is DECK.for_language(False) and french.for_language(True) is DECK
    assert french.words == DECK.words and not french.english and DECK.english
