"""Cutting and cleaning text for a message, the same way everywhere.

- :func:`clip` cuts at exactly the limit (for embed parts, where every
  character counts against Discord's totals).
- :func:`shorten` cuts at a word boundary when one is near (for prose a
  member reads).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MEDALS = ("🥇", "🥈", "🥉")
"""First, second and third place."""
LETTERS = "ABCD"
"""Labels of multiple-choice answers, on buttons and in embeds."""

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
_SPACE = re.compile(r"\s+")


def medal(rank: int, points: int | None = None) -> str | None:
    """The medal for places 1 to 3, else None; never for a score of zero or less."""
    if points is not None and points <= 0:
        return None
    return MEDALS[rank - 1] if 1 <= rank <= len(MEDALS) else None


def competition_ranks(values: Sequence[object]) -> list[int]:
    """Places for values sorted best first, equal values sharing the better place: 30, 20, 20, 5 → 1, 2, 2, 4."""
    ranks: list[int] = []
    for i, value in enumerate(values):
        ranks.append(ranks[-1] if i and value == values[i - 1] else i + 1)
    return ranks


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten(text: str, limit: int) -> str:
    """Cut text to ``limit`` at a word boundary (when one is in the last 40%), marking the cut with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """So a card front like ``__init__`` or ``*args`` shows as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


def display(text: str, limit: int) -> str:
    """User-supplied text made safe for an embed: one line, cut, then escaped (so no escape is cut in half)."""
    return escape_markdown(clip(one_line(text), limit)) or "(blank)"
