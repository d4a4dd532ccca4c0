"""A deck stored as plain data comes back equal to the deck the reader made."""

from __future__ import annotations

import json

import pytest

from bot.cards.state import deck_from_state, deck_state
from bot.decks.readers import load_deck, read_deck
from tests.decks.readers.anki_builders import Note, build_package
from tests.decks.readers.test_media import png
from tests.helpers import SEED

TEXTS = {
    "terms.tsv": "term\tdefinition\nTreaty (1950)\tSigned in Moscow\n1958 Crisis\tShelling of Kinmen\n",
    "questions.csv": 'question,answer,tags\n"Who led the PRC, first?","Mao Zedong; Mao",leaders\n',
    "deck.yaml": "title: Capitals\ncards:\n  - front: Capital of France?\n    answers: [Paris]\n    tags: [europe]\n",
    "cloze.txt": "#separator:tab\n#notetype column:1\nCloze\t{{c1::Mao}} led the {{c2::PRC}}\t\n",
}


def _round_trip(deck):
    state = deck_state(deck)
    assert state is not None
    return deck_from_state(json.loads(json.dumps(state)))  # stored as JSON text


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_read_deck_comes_back_equal(name: str) -> None:
    deck = read_deck(TEXTS[name].encode(), name)
    again = _round_trip(deck)
    assert again == deck and again.notes == deck.notes and again.description == deck.description
    assert [c.source for c in again.cards] == [c.source for c in deck.cards]


def test_the_seed_deck_comes_back_equal_and_shares_its_fronts() -> None:
    deck = load_deck(SEED)
    again = _round_trip(deck)
    assert again == deck
    for card in again.cards:
        if card.answers and card.answers[0] == card.front:
            assert card.answers[0] is card.front, "one copy of a front that is also an answer"


def test_an_anki_package_without_media_comes_back_equal_and_one_with_media_has_no_state() -> None:
    notes = [("Capital of Peru?", "Lima"), Note(("{{c1::Lima}} is in Peru", ""), cloze=True, tags=("geo",))]
    deck = read_deck(build_package(None, notes), "geo.apkg")
    assert _round_trip(deck) == deck
    pictured = read_deck(build_package(None, [('Flag? <img src="flag.png">', "Peru")], media={"flag.png": png(8, 8)}), "flags.apkg")
    assert pictured.media and deck_state(pictured) is None


@pytest.mark.parametrize("broken", [{"cards": [[1, [], [], [], 0, 1, 0, []]]}, {"cards": [["a", "b", [], [], 0, 1, 0, []]]}, {}])
def test_a_broken_state_is_refused(broken: dict) -> None:
    state = {"title": "t", "format": "tsv", "source": "f", "notes": [], "description": "", "files": ["f"], **broken}
    with pytest.raises((TypeError, KeyError, ValueError)):
        deck_from_state(state)
