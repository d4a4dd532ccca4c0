"""``/deck alias add|remove|list``: the answer moderators' own accepted answers, card by card."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from bot.cards import PICTURE_ANSWER, Card, clean_space
from bot.decks import DeckLibrary, LoadedDeck, cards_by_key
from bot.decks.aliases import AliasRefused, alias_problem, clean_alias
from bot.storage import CardAlias, Store

from .raising import DisputeRefused

_SHOWN_MATCHES = 5


@dataclass(frozen=True)
class AliasedCard:
    card: Card
    key: str
    alias: CardAlias


def find_card(loaded: LoadedDeck, wanted: str) -> tuple[str, Card]:
    """The card a moderator named: by its front (or one of its answers) as written, else by a part of the front
    only one card has. Raises :class:`DisputeRefused` saying what matched."""
    text = clean_space(wanted).casefold()
    if not text:
        raise DisputeRefused("Name the card: its front as /deck info shows it, or a part of it.")
    cards = cards_by_key(loaded.name, loaded.deck)
    for test in (
        lambda c: clean_space(c.front).casefold() == text,
        lambda c: any(clean_space(a).casefold() == text for a in c.answers),
    ):
        found = [(k, c) for k, c in cards.items() if test(c)]
        if len(found) == 1:
            return found[0]
    found = [(k, c) for k, c in cards.items() if text in clean_space(c.front).casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise DisputeRefused(f"No card of {loaded.name} has “{clean_space(wanted)[:80]}” in its front.")
    shown = "; ".join(f"“{clean_space(c.front)[:60]}”" for _, c in found[:_SHOWN_MATCHES])
    more = f" and {len(found) - _SHOWN_MATCHES} more" if len(found) > _SHOWN_MATCHES else ""
    raise DisputeRefused(f"{len(found)} cards match: {shown}{more}. Name one more exactly.")


async def add_alias(
    store: Store, library: DeckLibrary, guild_id: int, deck: str, card_text: str, answer: str, moderator: int,
    at: datetime,
) -> AliasedCard:
    loaded = await library.get(guild_id, deck)
    key, card = find_card(loaded, card_text)
    if not card.answers or card.answers == (PICTURE_ANSWER,):
        raise DisputeRefused("That card is never asked for a typed answer, so an alias would not count anywhere.")
    try:
        alias = clean_alias(answer)
    except AliasRefused as refused:
        raise DisputeRefused(str(refused)) from None
    cards = cards_by_key(loaded.name, loaded.deck)
    problem = await asyncio.to_thread(alias_problem, alias, card, cards, loaded.context, key=key)
    if problem is not None:
        raise DisputeRefused(problem)
    stored = CardAlias(guild_id, loaded.name, key, alias, card.answers[0], moderator, at)
    if not await store.add_alias(stored):
        raise DisputeRefused(f"“{alias}” is already an alias of that card.")
    library.forget_aliases(guild_id, loaded.name)
    return AliasedCard(card, key, stored)


async def remove_alias(
    store: Store, library: DeckLibrary, guild_id: int, deck: str, card_text: str, answer: str
) -> AliasedCard:
    loaded = await library.get(guild_id, deck)
    key, card = find_card(loaded, card_text)
    wanted = clean_space(answer)
    for alias in await store.card_aliases(guild_id, loaded.name):
        if alias.card_key == key and alias.answer.casefold() == wanted.casefold():
            await store.remove_alias(guild_id, loaded.name, key, alias.answer)
            library.forget_aliases(guild_id, loaded.name)
            return AliasedCard(card, key, alias)
    raise DisputeRefused(f"“{wanted[:80]}” is not an alias of that card; /deck alias list shows them.")


async def list_aliases(store: Store, library: DeckLibrary, guild_id: int, deck: str) -> tuple[LoadedDeck, list[AliasedCard]]:
    """The deck's aliases with their cards (an alias of a card no longer in the deck is left out)."""
    loaded = await library.get(guild_id, deck)
    cards = cards_by_key(loaded.name, loaded.deck)
    found = [AliasedCard(cards[a.card_key], a.card_key, a) for a in await store.card_aliases(guild_id, loaded.name)
             if a.card_key in cards]
    return loaded, found
