"""A guild's settings: the rules every backend stores by."""

from __future__ import annotations

import pytest

from bot.settings import SETTING_NAMES, GuildSettings, SettingsError, check_changes, check_setting


def test_values_are_stored_in_one_canonical_form() -> None:
    assert check_setting("time_zone", "Europe/London") == "Europe/London"
    assert check_setting("default_deck", "  basics ") == "basics"
    assert check_setting("default_deck", None) is None
    assert check_setting("quiz_channels", [30, 10, 30]) == (10, 30)
    assert check_setting("quiz_channels", []) == ()
    assert check_setting("answer_seconds", 5) == 5 and check_setting("answer_seconds", 3600) == 3600
    assert check_setting("strictness", "lenient") == "lenient"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("time_zone", "Mars/Olympus", "unknown time zone"),
        ("time_zone", 5, "IANA name"),
        ("default_deck", "   ", "deck name"),
        ("answer_seconds", 4, "from 5 to 3600"),
        ("answer_seconds", True, "whole number"),
        ("base_points", 10_001, "from 0 to 10000"),
        ("quiz_channels", ["general"], "channel ids"),
        ("quiz_channels", [-1], "channel ids"),
        ("strictness", "harsh", "lenient, normal, strict"),
        ("colour", "blue", "unknown setting 'colour'"),
    ],
)
def test_bad_values_say_what_is_allowed(name: str, value: object, words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        check_setting(name, value)


def test_every_setting_has_a_default_and_a_rule() -> None:
    defaults = GuildSettings(1)
    for name in SETTING_NAMES:
        assert check_setting(name, getattr(defaults, name)) == getattr(defaults, name)


def test_changes_are_checked_together_for_a_real_guild() -> None:
    assert check_changes(7, {"base_points": 3, "quiz_channels": [2, 1]}) == {"base_points": 3, "quiz_channels": (1, 2)}
    with pytest.raises(ValueError, match="Discord id"):
        check_changes(-1, {"base_points": 3})
    with pytest.raises(SettingsError):
        check_changes(7, {"base_points": 3, "hint_penalty": -1})
