"""Pictures members share: the /stats progress card and the /leaderboard standings.

Drawn with Pillow in the bundled DejaVu Sans, so the same data gives the same
picture on every machine. Drawing takes a few tens of milliseconds; callers on
the event loop run it in a worker thread (:func:`render`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec

from bot.pictures.figures import Summary, kind_share, recent_line, summary
from bot.pictures.rows import Row
from bot.storage import MemberHistory

P = ParamSpec("P")

__all__ = ["Row", "Summary", "kind_share", "knowledge_map", "progress_card", "recent_line", "render", "standings_card", "summary"]


def progress_card(name: str, history: MemberHistory, *, unit: str = "point") -> bytes:
    """The PNG /stats attaches (Pillow is imported on the first picture, not at start-up); ``unit`` is what
    each day's bar counts."""
    from bot.pictures.stats import progress_card as draw

    return draw(name, history, unit=unit)


def standings_card(title: str, rows: Sequence[Row], *, subtitle: str = "") -> bytes:
    """The PNG /leaderboard attaches for the page it shows."""
    from bot.pictures.standings import standings_card as draw

    return draw(title, rows, subtitle=subtitle)


_PAINTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")
"""One thread draws every picture, one at a time: a burst of /stats waits its turn instead of each
worker thread keeping its own heap of freed picture memory."""


def knowledge_map(
    title: str, groups: Sequence[tuple[str, Sequence[float | None]]], weakest: Sequence[tuple[str, float]], *,
    subtitle: str = "",
) -> bytes:
    """The PNG /deck info attaches: every card a tile coloured by what the group knows of it."""
    from bot.pictures.knowledge import knowledge_map as draw

    return draw(title, groups, weakest, subtitle=subtitle)


async def render(draw: Callable[P, bytes], *args: P.args, **kwargs: P.kwargs) -> bytes:
    """Draw a picture in the pictures thread, so replies to other members are not held up."""
    return await asyncio.get_running_loop().run_in_executor(_PAINTER, partial(_drawn, draw, *args, **kwargs))


def _drawn(draw: Callable[P, bytes], *args: P.args, **kwargs: P.kwargs) -> bytes:
    try:
        return draw(*args, **kwargs)
    finally:
        _give_back()


def _give_back() -> None:
    """Hand the drawing's freed memory back to the system (glibc keeps it otherwise, and the bot's resident
    memory would stay at its highest picture); nothing where the C library has no malloc_trim."""
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM = None
