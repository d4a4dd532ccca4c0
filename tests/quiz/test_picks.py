"""Rounds from the group's memory: the weakest cards first, or the ones fewest members have met."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.cards import Card, Deck
from bot.decks import LoadedDeck, card_key, deck_context
from bot.quiz import round_questions
from bot.srs import AGAIN, DEFAULT, GOOD, group_memory
from bot.storage import CardMemory

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
CARDS = [Card(f"Capital number {i}?", (f"City {i}",), (f"Cityname{i}",), explicit=True) for i in range(8)]
LOADED = LoadedDeck("caps", Deck("Capitals", tuple(CARDS), "deck-yaml"), deck_context(Deck("Capitals", tuple(CARDS), "deck-yaml")), builtin=False)


def memory(ratings: dict[int, list[int]], members: int = 3):
    """Each member reviewed the listed cards three days ago: Good, or Again for a card they keep missing."""
    rows = []
    for member in range(members):
        for index, rating in ratings.items():
            key = card_key("caps", CARDS[index])
            scheduled = DEFAULT.review(None, key, rating[member % len(rating)], NOW - timedelta(days=3))
            rows.append(CardMemory(key, member, scheduled.stability, NOW - timedelta(days=3)))
    return group_memory(rows, NOW)


def test_weakest_rounds_ask_the_cards_the_group_misses_first() -> None:
    known = {i: [GOOD] for i in range(8)}
    known[5] = [AGAIN]
    known[2] = [AGAIN, GOOD, GOOD]  # one member of three misses it
    group = memory(known)
    for seed in range(20):
        picked = round_questions(LOADED, random.Random(seed), 2, mode="typed", direction=None, pick="weakest", memory=group)
        assert [q.card.front for q in picked] == [CARDS[5].front, CARDS[2].front], seed
    random_fronts = {round_questions(LOADED, random.Random(s), 1, mode="typed", direction=None)[0].card.front for s in range(30)}
    assert len(random_fronts) > 3, "pick: random is today's rule"


def test_unseen_cards_mix_in_and_new_asks_them_first() -> None:
    group = memory({0: [GOOD], 1: [GOOD], 2: [AGAIN]})
    assert group.knowledge(card_key("caps", CARDS[7])) == 0.0, "a card nobody met counts as unknown"
    newest = round_questions(LOADED, random.Random(1), 5, mode="typed", direction=None, pick="new", memory=group)
    assert {q.card.front for q in newest} == {c.front for c in CARDS[3:]}, "the five cards nobody met"
    recall = group.cards[card_key("caps", CARDS[0])]
    assert recall.members == 3 and recall.never == 0 and 0.5 < recall.recall < 1
