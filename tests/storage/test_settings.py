"""A guild's settings, stored as bot.settings.guild checks them."""

from __future__ import annotations

import pytest

from bot.settings import GuildSettings
from bot.storage import SettingsError, SqliteStore


async def test_settings_defaults_and_updates(store: SqliteStore) -> None:
    assert await store.get_settings(1) == GuildSettings(1)
    changed = await store.update_settings(1, time_zone="Pacific/Auckland", quiz_channels=[30, 10, 30], strictness="strict")
    assert (changed.time_zone, changed.quiz_channels, changed.strictness) == ("Pacific/Auckland", (10, 30), "strict")
    again = await store.update_settings(1, answer_seconds=45, default_deck="cold-war")
    assert (again.time_zone, again.answer_seconds, again.default_deck) == ("Pacific/Auckland", 45, "cold-war")
    assert (await store.get_settings(2)).time_zone == "UTC"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"time_zone": "Moon/Base"}, "IANA"),
        ({"strictness": "harsh"}, "lenient, normal, strict"),
        ({"answer_seconds": 0}, "5 to 3600"),
        ({"base_points": "ten"}, "whole number"),
        ({"quiz_channels": ["general"]}, "channel ids"),
        ({"colour": "red"}, "unknown setting 'colour'"),
    ],
)
async def test_bad_settings_are_refused(store: SqliteStore, change: dict[str, object], words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        await store.update_settings(1, **change)
    assert await store.get_settings(1) == GuildSettings(1)
