"""Which board /leaderboard shows: the period, season and deck a member asked for, checked.

The wording of a board lives in :mod:`bot.boards.texts`; this module decides
what a request means, so a bad one is refused with a reason before any
score is read, and the cog only turns the result into Discord calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.boards.texts import DEFAULT_PERIOD
from bot.cards import DeckError
from bot.decks import DeckLibrary, DeckNotFound
from bot.storage import Season, Store


class BoardRequestError(ValueError):
    """A board that cannot exist; the message is shown to the member as is."""


@dataclass(frozen=True)
class BoardQuery:
    guild_id: int
    period: str
    deck: str | None
    season: int | None
    viewer_id: int


def span(numbers: Iterable[int]) -> str:
    """``"1"`` or ``"1–4"``: seasons are numbered without gaps, so the ends say it all."""
    ordered = sorted(numbers)
    return str(ordered[0]) if len(ordered) == 1 else f"{ordered[0]}–{ordered[-1]}"


def board_period(period: str | None, season: int | None, seasons: Sequence[int]) -> str:
    """The period to show; a season's board is always its all-time board.

    ``seasons`` are the season numbers this server has (season 1 exists even
    before anyone scores). Raises :class:`BoardRequestError`.
    """
    if season is None:
        return period or DEFAULT_PERIOD
    if period not in (None, "all"):
        raise BoardRequestError("Seasons are all-time boards: use `period: All time` with `season`, or leave the season out.")
    numbers = list(seasons) or [1]
    if season not in numbers:
        raise BoardRequestError(f"There is no season {season} on this server; seasons so far: {span(numbers)}.")
    return "all"


async def deck_key(library: DeckLibrary, guild_id: int, deck: str | None) -> str | None:
    """The name scores are stored under: the library's spelling, or as typed for a deck since removed."""
    if deck is None or not deck.strip():
        return None
    try:
        return (await library.get(guild_id, deck)).name
    except (DeckNotFound, DeckError):
        return deck.strip()


async def board_query(
    store: Store, library: DeckLibrary, guild_id: int, viewer_id: int,
    period: str | None, deck: str | None, season: int | None,
) -> BoardQuery:
    """The board a member asked for; raises :class:`BoardRequestError` for one that cannot exist."""
    numbers = [s.number for s in await store.seasons(guild_id)] if season is not None else []
    chosen = board_period(period, season, numbers)
    return BoardQuery(guild_id, chosen, await deck_key(library, guild_id, deck), season, viewer_id)


def archived_season(seasons: Iterable[Season], number: int | None) -> Season | None:
    """The finished season a board shows, or None for the current one (still changing)."""
    if number is None:
        return None
    return next((s for s in seasons if s.number == number and not s.current), None)
