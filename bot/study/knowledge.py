"""What a group knows of one deck, card by card: for /deck info and its knowledge map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.decks import LoadedDeck, card_key
from bot.srs import GroupMemory, Scheduler, read_group_memory
from bot.storage import Store

NAMED = 3
"""Cards named as the group's weakest and strongest."""
MAX_GROUPS = 12
"""Sections a knowledge map shows; cards beyond them share the last."""


@dataclass(frozen=True)
class KnownCard:
    front: str
    knowledge: float | None
    """The group's knowledge of the card (0 to 1), None when nobody has met it."""


@dataclass(frozen=True)
class DeckKnowledge:
    members: int
    """Members who have studied any card of the deck."""
    groups: tuple[tuple[str, tuple[KnownCard, ...]], ...]
    """The deck's cards by tag (or all together), in deck order."""
    weakest: tuple[KnownCard, ...]
    strongest: tuple[KnownCard, ...]
    never_met: int
    recall: float | None
    """The mean knowledge over the cards someone has met."""


def _section(tags: tuple[str, ...]) -> str:
    return tags[0].replace("::", " › ").replace("_", " ") if tags else ""


def deck_knowledge(loaded: LoadedDeck, memory: GroupMemory) -> DeckKnowledge:
    sections: dict[str, list[KnownCard]] = {}
    known: list[KnownCard] = []
    for card in loaded.deck.cards:
        key = card_key(loaded.name, card)
        met = key in memory.cards
        entry = KnownCard(card.front, memory.knowledge(key) if met else None)
        label = _section(card.tags)
        if label not in sections and len(sections) >= MAX_GROUPS:
            label = "Other cards"
        sections.setdefault(label, []).append(entry)
        if met:
            known.append(entry)
    ordered = sorted(known, key=lambda c: c.knowledge or 0.0)
    groups = tuple((label or "All cards", tuple(cards)) for label, cards in sections.items())
    recall = sum(c.knowledge or 0.0 for c in known) / len(known) if known else None
    return DeckKnowledge(
        memory.group, groups, tuple(ordered[:NAMED]), tuple(reversed(ordered[-NAMED:])) if len(ordered) > NAMED else (),
        sum(1 for cards in sections.values() for c in cards if c.knowledge is None), recall,
    )


async def read_deck_knowledge(store: Store, guild_id: int, loaded: LoadedDeck, at: datetime,
                              scheduler: Scheduler | None = None) -> DeckKnowledge:
    return deck_knowledge(loaded, await read_group_memory(store, guild_id, loaded.name, at, scheduler))
