"""How many decks, and how many bytes of them, a server may import.

The host sets both in ``.env`` (``DECK_QUOTA_DECKS``, ``DECK_QUOTA_MB``).
An upload is checked against them before it is downloaded, by the size
Discord reports, and again by the store in the same transaction as the
write, so two imports at once cannot both slip under a limit. A deck being
replaced does not count against its own replacement. Pictures and sounds
count: they are inside the stored files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.storage import DeckInfo

MB = 1024 * 1024


@dataclass(frozen=True)
class DeckQuota:
    decks: int = 50
    bytes: int = 100 * MB


def size_text(size: int) -> str:
    """"12.3 MB", "640 KB", "2.9 KB", "900 bytes": a size as a manager reads it."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 10 * 1024:
        return f"{size / 1024:.0f} KB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def usage_text(decks: Iterable[DeckInfo], quota: DeckQuota) -> str:
    """"3 of 50 decks · 12.3 MB of 100 MB": what a server has used of its quota."""
    decks = list(decks)
    used = sum(d.size for d in decks)
    return f"{len(decks)} of {quota.decks} decks · {size_text(used)} of {size_text(quota.bytes)}"


def over_quota(limit: str, used: int, allowed: int, adding: int) -> str:
    """The refusal for a deck that would take a server past ``limit`` ("decks" or "bytes"), with how to free space."""
    if limit == "decks":
        return (
            f"This server already has {used} imported decks, the most it may keep ({allowed}). "
            "Remove one with `/deck remove` (see `/deck list`), or import with `replace: True` to replace one."
        )
    return (
        f"This deck ({size_text(adding)}) would take this server's imported decks to {size_text(used + adding)}; "
        f"the limit is {size_text(allowed)} ({size_text(max(0, allowed - used))} free). "
        "Remove a deck with `/deck remove` to make room (`/deck list` shows their sizes)."
    )


def check_quota(decks: Iterable[DeckInfo], name_key: str, size: int, replace: bool, quota: DeckQuota) -> str | None:
    """The refusal for an upload of ``size`` bytes, or None when it fits; ``name_key`` is the folded name."""
    others = [d for d in decks if not (replace and " ".join(d.name.split()).casefold() == name_key)]
    if len(others) + 1 > quota.decks:
        return over_quota("decks", len(others), quota.decks, 1)
    used = sum(d.size for d in others)
    if used + size > quota.bytes:
        return over_quota("bytes", used, quota.bytes, size)
    return None
