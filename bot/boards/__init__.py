"""Leaderboards and member records: what a request means, and how the answer reads.

- :mod:`bot.boards.queries`: which board a member asked for, checked before
  any score is read.
- :mod:`bot.boards.texts`: the words and layout of /leaderboard and /stats.
"""

from bot.boards import texts
from bot.boards.queries import BoardQuery, BoardRequestError, archived_season, board_period, board_query, deck_key, span
from bot.boards.texts import DEFAULT_PERIOD, PAGE_SIZE, PERIOD_PHRASES

__all__ = [
    "DEFAULT_PERIOD", "PAGE_SIZE", "PERIOD_PHRASES", "BoardQuery", "BoardRequestError", "archived_season",
    "board_period", "board_query", "deck_key", "span", "texts",
]
