"""Which board /leaderboard shows, checked against a real library and SQLite store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.boards import BoardQuery, BoardRequestError, archived_season, board_period, board_query, deck_key, span
from bot.boards.texts import DEFAULT_PERIOD
from bot.storage import Attempt, Season
from tests.helpers import LEADERS, server_library

GUILD, VIEWER = 10, 7


@pytest.fixture
async def setup(tmp_path):
    async with server_library(tmp_path, GUILD, {"Cold War Leaders": LEADERS}) as opened:
        yield opened


def test_span_names_the_first_and_last_season() -> None:
    assert span([1]) == "1"
    assert span([3, 1, 2]) == "1–3"


@pytest.mark.parametrize(("period", "expected"), [(None, DEFAULT_PERIOD), ("today", "today"), ("all", "all")])
def test_without_a_season_the_period_stands(period: str | None, expected: str) -> None:
    assert board_period(period, None, []) == expected


@pytest.mark.parametrize("period", [None, "all"])
def test_a_season_board_is_all_time(period: str | None) -> None:
    assert board_period(period, 2, [1, 2, 3]) == "all"


def test_a_season_with_another_period_is_refused() -> None:
    with pytest.raises(BoardRequestError, match="Seasons are all-time boards"):
        board_period("week", 1, [1])


def test_an_unknown_season_lists_the_seasons_there_are() -> None:
    with pytest.raises(BoardRequestError) as caught:
        board_period("all", 4, [1, 2, 3])
    assert str(caught.value) == "There is no season 4 on this server; seasons so far: 1–3."


def test_season_one_exists_before_anyone_scores() -> None:
    assert board_period(None, 1, []) == "all"
    with pytest.raises(BoardRequestError, match="seasons so far: 1\\."):
        board_period(None, 2, [])


async def test_deck_key_uses_the_library_spelling_or_the_name_as_typed(setup) -> None:
    store, library = setup
    assert await deck_key(library, GUILD, "cold war LEADERS") == "Cold War Leaders"
    assert await deck_key(library, GUILD, "SINO-soviet-relations") == "sino-soviet-relations"
    assert await deck_key(library, GUILD, "  Removed deck ") == "Removed deck", "scores of a removed deck stay findable"
    assert await deck_key(library, GUILD, "   ") is None
    assert await deck_key(library, GUILD, None) is None


async def test_board_query_reads_the_servers_seasons(setup) -> None:
    store, library = setup
    query = await board_query(store, library, GUILD, VIEWER, None, "cold war leaders", None)
    assert query == BoardQuery(GUILD, DEFAULT_PERIOD, "Cold War Leaders", None, VIEWER)
    await store.record_attempt(
        Attempt(
            guild_id=GUILD, channel_id=1, member_id=VIEWER, deck="Cold War Leaders", card_key="k", question_kind="recall",
            reply="Khrushchev", verdict="exact", correct=True, points=10, time_ms=900, source="quiz",
        )
    )
    await store.start_season(GUILD)
    assert (await board_query(store, library, GUILD, VIEWER, "all", None, 2)).period == "all"
    with pytest.raises(BoardRequestError, match="seasons so far: 1–2"):
        await board_query(store, library, GUILD, VIEWER, None, None, 3)


def test_only_a_finished_season_is_archived() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    seasons = [Season(GUILD, 1, start, datetime(2025, 3, 1, tzinfo=UTC)), Season(GUILD, 2, datetime(2025, 3, 1, tzinfo=UTC), None)]
    assert archived_season(seasons, 1) == seasons[0]
    assert archived_season(seasons, 2) is None, "the current season is still changing"
    assert archived_season(seasons, 3) is None
    assert archived_season(seasons, None) is None
