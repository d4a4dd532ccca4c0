"""What the daily tests share: instants in UTC and decks of numbered cards."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cards import Card, Deck, derive_answers


def make_deck(count: int) -> Deck:
    cards = tuple(
        Card(front=f"Treaty number {i}", back=(f"Signed by delegation {i} in the year {1900 + i}",), answers=derive_answers(f"Treaty number {i}"))
        for i in range(count)
    )
    return Deck("Treaties", cards, "deck-yaml")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def long_front_deck() -> Deck:
    fronts = [
        "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance signed in Moscow",
        "Disagreements over the Pace and Direction of Communist Revolution",
        "Soviet Economic and Military Assistance to the People's Republic of China",
        "Withdrawal of Soviet technical advisors from the People's Republic",
    ]
    cards = tuple(
        Card(front=f, back=(f"Fact about topic {i}: it mattered greatly for the alliance",), answers=derive_answers(f))
        for i, f in enumerate(fronts)
    )
    return Deck("Long", cards, "notes")
