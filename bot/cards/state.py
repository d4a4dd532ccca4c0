"""A deck as plain data, so a big deck read once need not be read again after a restart.

Reading a 20,000-card file costs about a quarter of a second of Python work
a card at a time; loading the same cards from this state costs about half
that. The state is a cache of what the reader made from a file, never a
format of its own: the caller keys it by the file's digest and by the code
that read it. A deck with pictures or sounds has no state (its media stay
in the file, which is read again).
"""

from __future__ import annotations

from typing import Any

from bot.cards.model import Card, Deck, new_card, new_source


def deck_state(deck: Deck) -> dict[str, Any] | None:
    """The deck as JSON-ready data, or None for a deck whose cards name stored media."""
    if deck.media:
        return None
    files: dict[str, int] = {}
    cards = []
    for card in deck.cards:
        file = files.setdefault(card.source.file, len(files))
        # An answer that is the front itself is written as 0: one copy of the text, in the file and in memory.
        answers = [0 if answer == card.front else answer for answer in card.answers]
        cards.append(
            [card.front, list(card.back), answers, list(card.tags), file, card.source.line, int(card.explicit), list(card.media),
             list(card.aliases)]
        )
    return {
        "title": deck.title,
        "format": deck.format,
        "source": deck.source,
        "notes": list(deck.notes),
        "description": deck.description,
        "author": deck.author,
        "files": list(files),
        "cards": cards,
    }


def deck_from_state(state: dict[str, Any]) -> Deck:
    """The deck :func:`deck_state` described; TypeError, ValueError or KeyError if the state is not one."""
    files = [str(file) for file in state["files"]]
    made: list[Card] = []
    for front, back, answers, tags, file, line, explicit, media, aliases in state["cards"]:
        if not isinstance(front, str) or not isinstance(back, list) or not isinstance(answers, list):
            raise TypeError("not a stored card")
        if line is not None and not isinstance(line, int):
            raise TypeError("not a stored card's line")
        made.append(
            new_card(
                front,
                tuple(back),
                tuple(front if answer == 0 else answer for answer in answers),
                tuple(tags),
                new_source(files[file], line),
                bool(explicit),
                tuple(media),
                tuple(aliases),
            )
        )
    return Deck(
        title=str(state["title"]),
        cards=tuple(made),
        format=str(state["format"]),
        source=str(state["source"]),
        notes=tuple(map(str, state["notes"])),
        description=str(state["description"]),
        author=str(state.get("author", "")),
    )
