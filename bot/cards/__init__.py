"""The card model every other part of Deckhand works from.

Readers (:mod:`bot.decks.readers`) turn files into :class:`Deck` objects;
questions, grading, storage and the Discord layer only ever see these types,
never file formats. :class:`DeckError` is how a card set that cannot be
loaded is reported: file, line and what to do.
"""

from bot.cards.errors import DeckError
from bot.cards.model import (
    DIRECTIONS,
    PICTURE_ANSWER,
    Card,
    Deck,
    Source,
    clean_lines,
    clean_space,
    derive_answers,
    is_picture,
    split_image_url,
)

__all__ = ["DIRECTIONS", "PICTURE_ANSWER", "Card", "Deck", "DeckError", "Source", "clean_lines", "clean_space", "derive_answers", "is_picture", "split_image_url"]
