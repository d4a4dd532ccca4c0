"""A deck index as plain data, to store beside the deck and restore after a restart.

Building the index of a 20,000-card deck takes most of a second; restoring
it from this state takes a few tens of milliseconds. The state holds only
what the index worked out (pools, word counts, the deck's shape); the text
stays in the deck's cards, which are stored apart (:mod:`bot.cards.state`)
or read again. A state is only good for the same file read by the same
code: the caller keys it by both (see :mod:`bot.decks.library`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.cards import Deck
from bot.questions.index import DeckIndex, keep_index, term_backs
from bot.questions.pools import FrontPool
from bot.questions.shapes import DeckShape

_LISTS = ("years", "ranges", "_range_starts", "decades", "numbers", "percents", "quotes", "names")
_MAPS = ("names_by_class", "names_by_lead", "explicit_answers")


def index_state(index: DeckIndex) -> dict[str, Any]:
    """A deck's index as JSON-ready data."""
    state: dict[str, Any] = {
        "size": index.size,
        "df": dict(index.df),
        "known_proper": sorted(index.known_proper),
        "name_keys": sorted(index.name_keys),
        "fronts": index.fronts.entries(),
        "shape": [index.shape.pairs, index.shape.foreign],
    }
    for name in _LISTS:
        state[name] = list(getattr(index, name))
    for name in _MAPS:
        state[name] = dict(getattr(index, name))
    return state


def restore_index(deck: Deck, state: dict[str, Any]) -> DeckIndex:
    """The index ``state`` describes, kept as ``deck``'s own; ValueError if it does not fit the deck."""
    cards = deck.cards
    if state.get("size") != len(cards):
        raise ValueError("the stored index is for a deck of another size")
    index = DeckIndex.__new__(DeckIndex)
    index.size = len(cards)
    index.df = Counter(state["df"])
    index._rarity = {}
    index._tokens = {}
    index._card_terms = {}
    index.known_proper = frozenset(state["known_proper"])
    index.name_keys = frozenset(state["name_keys"])
    for name in _LISTS:
        setattr(index, name, list(state[name]))
    for name in _MAPS:
        setattr(index, name, {key: list(values) for key, values in state[name].items()})
    fronts = [(int(p), int(w), str(shape)) for p, w, shape in state["fronts"]]
    if any(not 0 <= p < len(cards) or not 0 <= w < len(cards[p].answers) for p, w, _ in fronts):
        raise ValueError("the stored index names cards the deck does not have")
    index.fronts = FrontPool(cards, fronts)
    index.backs = term_backs(cards)
    pairs, foreign = state["shape"]
    index.shape = DeckShape(bool(pairs), foreign)
    return keep_index(deck, index)
