"""One server's settings: what they are, their defaults and what values are allowed.

Every backend stores exactly what :func:`check_changes` returns, so the
rules live here once and a second backend, or a second front end, cannot
save a bad value. What a manager *typed* is read first by
:mod:`bot.settings.changes`, which gives reasons a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.shared.errors import SettingsError
from bot.shared.ids import check_id
from bot.shared.zones import zone

Strictness = Literal["lenient", "normal", "strict"]
STRICTNESS: tuple[str, ...] = ("lenient", "normal", "strict")

SETTING_LIMITS = {
    "answer_seconds": (5, 3600),
    "base_points": (0, 10_000),
    "speed_bonus": (0, 10_000),
    "hint_penalty": (0, 10_000),
}
"""Whole-number settings and their inclusive bounds."""
SETTING_NAMES = (
    "time_zone", "default_deck", *SETTING_LIMITS, "quiz_channels", "strictness", "answer_moderator_role", "disputes_channel",
)
ID_SETTINGS = ("answer_moderator_role", "disputes_channel")
"""Settings that are one Discord id, or None."""


@dataclass(frozen=True)
class GuildSettings:
    """Per-guild settings; a guild that never changed anything gets these defaults."""

    guild_id: int
    time_zone: str = "UTC"
    default_deck: str | None = None
    answer_seconds: int = 30
    base_points: int = 10
    speed_bonus: int = 5
    hint_penalty: int = 3
    quiz_channels: tuple[int, ...] = ()
    """Channels where quizzes may run; empty means any channel."""
    strictness: Strictness = "normal"
    answer_moderator_role: int | None = None
    """A role whose members settle disputes and manage aliases, beside those with Manage Messages."""
    disputes_channel: int | None = None
    """Where new disputes are posted for the answer moderators; None: only /disputes open lists them."""


def check_setting(name: str, value: Any) -> Any:
    """The form of one setting to store, or a :class:`SettingsError` saying what is allowed.

    Zones are stored by their canonical IANA name, a deck name without
    surrounding spaces, quiz channels as a sorted tuple of distinct ids.
    """
    if name == "time_zone":
        if not isinstance(value, str):
            raise SettingsError("time_zone must be an IANA name such as 'Europe/London'")
        return zone(value).key
    if name == "default_deck":
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise SettingsError("default_deck must be a deck name, or None to clear it")
        return value.strip() if value is not None else None
    if name in SETTING_LIMITS:
        low, high = SETTING_LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        return value
    if name == "quiz_channels":
        try:
            return tuple(sorted({check_id("channel", channel) for channel in value}))
        except (TypeError, ValueError):
            raise SettingsError("quiz_channels must be a list of channel ids (empty means any channel)") from None
    if name == "strictness":
        if value not in STRICTNESS:
            raise SettingsError(f"strictness must be one of {', '.join(STRICTNESS)}, got {value!r}")
        return value
    if name in ID_SETTINGS:
        if value is None:
            return None
        try:
            return check_id(name, value)
        except (TypeError, ValueError):
            raise SettingsError(f"{name} must be a Discord id, or None to clear it") from None
    raise SettingsError(f"unknown setting {name!r}; known settings: {', '.join(SETTING_NAMES)}")


def check_changes(guild_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Every change checked, by setting name, ready to store; raises :class:`SettingsError`."""
    check_id("guild_id", guild_id)
    return {name: check_setting(name, value) for name, value in changes.items()}
