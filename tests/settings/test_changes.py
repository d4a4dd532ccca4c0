"""What a manager may type into /settings, checked without Discord against a real library and store."""

from __future__ import annotations

import pytest

from bot.decks import DeckNotFound
from bot.settings.changes import CLEAR_WORDS, SettingsInputError, changed_names, clears, edit_channels, settings_changes
from bot.shared.zones import TimeInputError
from tests.helpers import LEADERS, server_library

GUILD = 10


@pytest.fixture
async def library(tmp_path):
    async with server_library(tmp_path, GUILD, {"Cold War Leaders": LEADERS}) as (_, library):
        yield library


@pytest.mark.parametrize("typed", sorted(CLEAR_WORDS) + [" None ", "OFF", "Clear"])
def test_clear_words_forgive_case_and_spaces(typed: str) -> None:
    assert clears(typed)


@pytest.mark.parametrize("typed", ["", "nothing", "no ne", "sino-soviet-relations"])
def test_other_words_do_not_clear(typed: str) -> None:
    assert not clears(typed)


async def test_changes_use_canonical_zone_and_deck_names(library) -> None:
    changes = await settings_changes(library, GUILD, time_zone="europe/london", default_deck="cold war leaders", answer_seconds=20)
    assert changes == {"time_zone": "Europe/London", "default_deck": "Cold War Leaders", "answer_seconds": 20}


async def test_changes_keep_the_order_options_were_given_and_skip_empty_ones(library) -> None:
    changes = await settings_changes(
        library, GUILD, answer_seconds=None, base_points=12, speed_bonus=0, hint_penalty=None, strictness="lenient",
    )
    assert list(changes) == ["base_points", "speed_bonus", "strictness"]
    assert changes["speed_bonus"] == 0, "zero is a value, not a missing option"
    assert changed_names(changes) == "base points, speed bonus, strictness"


async def test_a_clear_word_removes_the_default_deck(library) -> None:
    assert await settings_changes(library, GUILD, default_deck=" none") == {"default_deck": None}


async def test_an_unknown_zone_says_what_to_type(library) -> None:
    with pytest.raises(TimeInputError, match="IANA"):
        await settings_changes(library, GUILD, time_zone="Mars/Olympus", default_deck="nope")


async def test_an_unknown_deck_is_refused(library) -> None:
    with pytest.raises(DeckNotFound):
        await settings_changes(library, GUILD, default_deck="Space Race")
    with pytest.raises(DeckNotFound):  # an imported deck belongs to the server that imported it
        await settings_changes(library, GUILD + 1, default_deck="Cold War Leaders")


async def test_naming_nothing_is_refused(library) -> None:
    with pytest.raises(SettingsInputError, match="Name at least one setting"):
        await settings_changes(library, GUILD, answer_seconds=None)


def test_channel_list_add_remove_clear() -> None:
    assert edit_channels((), "add", 5) == [5]
    assert edit_channels((5,), "add", 6) == [5, 6]
    assert edit_channels((5, 6), "remove", 5) == [6]
    assert edit_channels((5, 6), "clear", None) == []


@pytest.mark.parametrize(
    ("current", "action", "target", "message"),
    [
        ((5,), "add", 5, "<#5> is already on the list."),
        ((5,), "remove", 6, "<#6> isn't on the list."),
        ((5,), "add", None, "Name a channel."),
        ((5,), "remove", None, "Name a channel."),
    ],
)
def test_channel_list_mistakes_are_reported(current: tuple[int, ...], action: str, target: int | None, message: str) -> None:
    with pytest.raises(SettingsInputError) as caught:
        edit_channels(current, action, target)
    assert str(caught.value) == message
