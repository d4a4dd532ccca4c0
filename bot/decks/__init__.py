"""The decks a server can play: the built-in ones and the ones it imported.

- :mod:`bot.decks.readers` reads every file format into a :class:`bot.cards.Deck`.
- :mod:`bot.decks.library` loads, indexes and caches decks by name, built-in
  and imported, and gives each card its stable key.
- :mod:`bot.decks.importing` checks an upload before it is downloaded.
- :mod:`bot.decks.quota` is how many decks and bytes a server may import.
- :mod:`bot.decks.records` turns an answer to a card into a stored attempt.
"""

from bot.decks.importing import (
    SAMPLES,
    HowAsked,
    ImportPlan,
    ImportRefused,
    how_asked,
    how_asked_text,
    import_name,
    plan_import,
    sample_questions,
)
from bot.decks.library import (
    DeckLibrary,
    DeckNotFound,
    LoadedDeck,
    card_key,
    cards_by_key,
    choose_deck,
    deck_context,
    is_builtin_name,
)
from bot.decks.quota import DeckQuota, check_quota, over_quota, size_text, usage_text
from bot.decks.records import MAX_STORED_REPLY, answer_record

__all__ = [
    "MAX_STORED_REPLY", "SAMPLES", "DeckLibrary", "HowAsked", "how_asked", "how_asked_text", "DeckNotFound", "ImportPlan", "ImportRefused", "LoadedDeck", "answer_record", "card_key", "cards_by_key",
    "choose_deck", "deck_context", "import_name", "is_builtin_name", "plan_import", "sample_questions",
    "DeckQuota", "check_quota", "over_quota", "size_text", "usage_text",
]
