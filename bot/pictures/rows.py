"""One row of a standings picture."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    rank: int
    name: str
    points: int
    detail: str
    """What follows the points, worded as the board's embed words it ("12 correct · 86%")."""
