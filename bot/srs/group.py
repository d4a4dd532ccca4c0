"""The group's memory of a deck: how well its members recall each card now, and who never met it.

A card's *knowledge* is what the group as a whole knows of it: the mean
predicted recall over everyone who has studied the deck, a member who never
met the card counting as 0 (what /deck info shows).

The daily question and ``pick:weakest`` rounds ask first the cards of least
*priority*: the same mean, but a member who never met the card counts as
:data:`UNSEEN_PRIOR`. So a card the group is forgetting (recall under one in
two) comes before one nobody has seen, and unseen cards come before the ones
the group knows well: new cards mix in instead of crowding out review.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.srs.fitting import BOOK
from bot.srs.scheduler import DEFAULT, Scheduler
from bot.storage import CardMemory, Store


UNSEEN_PRIOR = 0.5
"""What picking assumes of a member's recall of a card they never met."""


@dataclass(frozen=True)
class CardRecall:
    recall: float
    """Mean predicted recall now among the members who met the card."""
    members: int
    """Members who met it."""
    group: int
    """Members who met any card of the deck."""

    @property
    def never(self) -> int:
        return self.group - self.members

    @property
    def knowledge(self) -> float:
        return self.recall * self.members / self.group if self.group else 0.0

    @property
    def priority(self) -> float:
        """How soon picking asks the card: lower first (see :data:`UNSEEN_PRIOR`)."""
        return (self.recall * self.members + UNSEEN_PRIOR * self.never) / self.group if self.group else UNSEEN_PRIOR


@dataclass(frozen=True)
class GroupMemory:
    cards: dict[str, CardRecall]
    group: int

    def knowledge(self, key: str) -> float:
        found = self.cards.get(key)
        return found.knowledge if found is not None else 0.0

    def priority(self, key: str) -> float:
        found = self.cards.get(key)
        return found.priority if found is not None else UNSEEN_PRIOR

    def members(self, key: str) -> int:
        found = self.cards.get(key)
        return found.members if found is not None else 0

    def ranked(self, keys: Iterable[str], rng: random.Random, *, new: bool = False) -> list[str]:
        """``keys`` by priority, lowest first (``new``: from the fewest members who met them); equal ones in
        ``rng``'s order."""
        shuffled = list(keys)
        rng.shuffle(shuffled)
        if new:
            return sorted(shuffled, key=lambda k: (self.members(k), self.knowledge(k)))
        return sorted(shuffled, key=self.priority)


async def read_group_memory(
    store: Store, guild_id: int, deck: str, at: datetime, scheduler: Scheduler | None = None
) -> GroupMemory:
    """The group's memory of a deck, summed by the database (one pass over the deck's rows, no object per row),
    by the server's own scheduler unless ``scheduler`` is given."""
    factor, decay = (scheduler or BOOK.for_guild(guild_id)).curve
    found = await store.deck_recall(guild_id, deck, at, factor=factor, decay=decay)
    cards = {key: CardRecall(total / count, count, found.group) for key, (count, total) in found.cards.items() if count}
    return GroupMemory(cards, found.group)


def group_memory(memories: Sequence[CardMemory], at: datetime, scheduler: Scheduler = DEFAULT) -> GroupMemory:
    members = {m.member_id for m in memories}
    sums: dict[str, list[float]] = {}
    for m in memories:
        total = sums.setdefault(m.card_key, [0.0, 0])
        total[0] += scheduler.retrievability(m.stability, m.reviewed_at, at)
        total[1] += 1
    group = len(members)
    cards = {key: CardRecall(total / count, int(count), group) for key, (total, count) in sums.items()}
    return GroupMemory(cards, group)
