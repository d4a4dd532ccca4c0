"""Compact pools a deck index keeps for every card of a big deck."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import overload

from bot.cards import Card


class FrontPool(Sequence[tuple[str, int, str]]):
    """The term cards' fronts as (display, length, date shape).

    Each entry is kept as the card's position, which of its answers is shown,
    and the shape: the text stays in the card, and 20,000 tuples would take a
    megabyte more.
    """

    __slots__ = ("_cards", "_positions", "_which", "_shapes")

    def __init__(self, cards: Sequence[Card], entries: Iterable[tuple[int, int, str]]) -> None:
        self._cards = cards
        self._positions = array("i")
        self._which = array("h")
        self._shapes: list[str] = []
        for position, which, shape in entries:
            self._positions.append(position)
            self._which.append(which)
            self._shapes.append(sys.intern(shape))

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, i: int) -> tuple[str, int, str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, int, str]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, int, str] | list[tuple[str, int, str]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        display = self._cards[self._positions[i]].answers[self._which[i]]
        return display, len(display), self._shapes[i]

    def entries(self) -> list[tuple[int, int, str]]:
        """(position, answer, shape) of each front, as the pool was made from."""
        return list(zip(self._positions, self._which, self._shapes))
