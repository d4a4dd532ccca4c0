"""The card records, and the quick ways readers make them."""

from __future__ import annotations

import pytest

from bot.cards import Card, Source
from bot.cards.model import new_card, new_source


def test_new_card_is_a_frozen_card_equal_to_the_constructed_one() -> None:
    made = new_card("Mao", ("Chairman",), ("Mao",), ("people",), new_source("deck.tsv", 2), False, ("a.png",), ("Zedong",))
    built = Card("Mao", ("Chairman",), ("Mao",), ("people",), Source("deck.tsv", 2), False, ("a.png",), ("Zedong",))
    assert type(made) is Card and type(made.source) is Source
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    with pytest.raises(AttributeError):
        made.front = "Stalin"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        made.source.line = 3  # type: ignore[misc]
