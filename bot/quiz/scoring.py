"""How many points an answer earns.

Points reward being right first, then being quick; hints cost a little so a
member who answers unaided ranks above one who waited for letters. Servers
can tune the numbers in their settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PointsRules:
    base: int = 10
    """Points for any correct answer."""
    speed_bonus: int = 5
    """Extra points for an instant answer, falling to nothing at the time limit."""
    hint_penalty: int = 3
    """Points taken off per hint shown before the answer."""
    minimum: int = 1
    """A correct answer always earns at least this much."""


def points_for(rules: PointsRules, *, elapsed: float, limit: float, hints: int = 0) -> int:
    """Points for a correct answer given ``elapsed`` seconds of a ``limit``."""
    remaining = 0.0 if limit <= 0 else max(0.0, min(1.0, 1.0 - elapsed / limit))
    points = rules.base + round(rules.speed_bonus * remaining) - rules.hint_penalty * max(0, hints)
    return max(rules.minimum, points)
