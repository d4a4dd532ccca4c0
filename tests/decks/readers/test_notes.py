"""The plain-text notes reader, pinned on the seed deck and on edge cases."""

from __future__ import annotations

import json

import pytest

from bot.decks.readers import load_deck, read_deck
from bot.decks.readers.notes import read_notes
from tests.helpers import READER_FIXTURES, SEED


@pytest.fixture(scope="module")
def seed():
    return load_deck(SEED)


def test_whole_seed_deck_is_pinned(seed):
    """Every card, fact, answer and source line of the seed, checked by hand once."""
    expected = json.loads((READER_FIXTURES / "notes_seed_expected.json").read_text(encoding="utf-8"))
    expected_sources = [card.pop("source") for card in expected["cards"]]
    actual = seed.to_json()
    actual_sources = [card.pop("source") for card in actual["cards"]]
    assert actual == expected
    assert [s.rsplit(":", 1)[1] for s in actual_sources] == [s.rsplit(":", 1)[1] for s in expected_sources]


def test_seed_shape(seed):
    assert seed.title == "Sino Soviet relations Flashcards"
    assert seed.format == "notes"
    assert len(seed.cards) == 13
    assert all(card.back for card in seed.cards), "no empty cards"
    assert [c.source.line for c in seed.cards] == [2, 6, 10, 15, 19, 23, 27, 31, 35, 39, 44, 48, 53]


def test_wrapped_line_is_joined(seed):
    withdrawal = next(c for c in seed.cards if c.front.startswith("1960 Withdrawal"))
    assert (
        "It reflected the deep rift that had developed between Beijing and Moscow, with the two "
        "sides no longer able to effectively collaborate"
    ) in withdrawal.back
    assert len(withdrawal.back) == 3
    assert not any(fact.startswith("sides") for card in seed.cards for fact in card.back)


def test_bullets_are_stripped(seed):
    first = seed.cards[0]
    assert first.back[0].startswith("Sino-Soviet Treaty of Friendship")
    assert not any(fact.startswith("-") for card in seed.cards for fact in card.back)


def test_conclusion_is_kept_but_never_an_answer(seed):
    conclusion = next(c for c in seed.cards if c.front == "Conclusion")
    assert conclusion.answers == ()
    assert conclusion.tags == ("overview",)
    assert len(conclusion.back) == 3


def test_sentence_case_line_after_facts_stays_a_fact(seed):
    """“Paper tiger” Mao to Khrushchev is a fact of the Cuban Missile Crisis card, not a card."""
    cuban = next(c for c in seed.cards if "Cuban Missile Crisis" in c.front)
    assert cuban.back[-1] == "“Paper tiger” Mao to Khrushchev"
    assert not any(c.front.startswith("“Paper") for c in seed.cards)


def test_dates_in_parentheses_and_leading_year_are_optional(seed):
    by_front = {c.front: c for c in seed.cards}
    assert by_front["Initial Cooperation and Alliance (1947-1953)"].answers == (
        "Initial Cooperation and Alliance (1947-1953)",
        "Initial Cooperation and Alliance",
    )
    assert "Taiwan Strait Crisis" in by_front["1958 Taiwan Strait Crisis"].answers
    ideology = next(c for c in seed.cards if c.front.startswith("Ideological Disagreements"))
    assert "Ideological Disagreements over the Path to Communism" in ideology.answers


def test_heading_without_facts_is_not_a_card():
    text = "My deck\nPart One\nThe Long March (1934-1935)\nA retreat of the Red Army\nTrailing Heading\n"
    deck = read_notes(text, "deck.txt")
    assert [c.front for c in deck.cards] == ["The Long March (1934-1935)"]
    assert any("line 2" in note and "Part One" in note for note in deck.notes)
    assert any("line 5" in note and "Trailing Heading" in note for note in deck.notes)


def test_file_without_title_line_uses_file_name():
    text = "Photosynthesis\nPlants turn light into sugar\nMitosis\nOne cell divides into two\n"
    deck = read_notes(text, "biology_basics.txt")
    assert deck.title == "Biology basics"
    assert [c.front for c in deck.cards] == ["Photosynthesis", "Mitosis"]


def test_windows_line_endings_and_bom_through_dispatch():
    data = "\ufeffHistory\r\nThe Great Leap Forward (1958-1962)\r\n- A campaign of rapid industrialisation\r\n".encode()
    deck = read_deck(data, "history.txt")
    assert deck.format == "notes"
    assert deck.title == "History"
    assert deck.cards[0].back == ("A campaign of rapid industrialisation",)
    assert deck.cards[0].source.line == 2


def test_fact_before_first_heading_is_reported():
    deck = read_notes("- a loose bullet\nA Heading\nIts fact\n", "d.txt")
    assert [c.front for c in deck.cards] == ["A Heading"]
    assert any("line 1" in note for note in deck.notes)
