"""What a manager may type into /settings, checked before anything is saved.

Kept apart from :mod:`bot.settings.environment` (the process's own
environment): these are one server's choices, stored in the database. Each value is checked here
with a reason a manager can act on; :mod:`bot.settings.guild` checks the
bounds again before any backend stores them, so a second front end cannot
save a bad value either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.shared.zones import parse_zone

if TYPE_CHECKING:
    from bot.decks import DeckLibrary

CLEAR_WORDS = frozenset({"none", "clear", "-", "off"})
"""Typed as the default deck, these remove it: Discord has no way to send an empty option."""


class SettingsInputError(ValueError):
    """A setting a manager asked for that cannot be saved; the message says what to do instead."""


def clears(text: str) -> bool:
    return text.strip().lower() in CLEAR_WORDS


async def settings_changes(
    library: DeckLibrary,
    guild_id: int,
    *,
    time_zone: str | None = None,
    default_deck: str | None = None,
    clear: str | None = None,
    **values: object,
) -> dict[str, object]:
    """The changes to save, by setting name, from the options a manager filled in.

    A time zone is stored by its canonical IANA name and a deck by the
    library's spelling, so later look-ups match exactly. Raises
    :class:`bot.shared.zones.TimeInputError` for a zone, :class:`bot.decks.DeckNotFound`
    for a deck, and :class:`SettingsInputError` when nothing was named.
    """
    changes: dict[str, object] = {}
    if time_zone is not None:
        changes["time_zone"] = parse_zone(time_zone).key
    if default_deck is not None:
        changes["default_deck"] = None if clears(default_deck) else (await library.get(guild_id, default_deck)).name
    changes.update((name, value) for name, value in values.items() if value is not None)
    if clear is not None:
        if clear in changes:
            raise SettingsInputError(f"Set {clear.replace('_', ' ')} or clear it, not both.")
        changes[clear] = None
    if not changes:
        raise SettingsInputError("Name at least one setting to change; /settings show lists them.")
    return changes


def changed_names(changes: dict[str, object]) -> str:
    """The settings saved, in the words the command's options use."""
    return ", ".join(name.replace("_", " ") for name in changes)


def edit_channels(current: Sequence[int], action: str, target: int | None) -> list[int]:
    """The quiz channel list after ``add``, ``remove`` or ``clear``; an empty list means any channel.

    Adding a listed channel or removing an unlisted one is refused rather
    than ignored, so a manager who mistyped finds out.
    """
    if action == "clear":
        return []
    if target is None:
        raise SettingsInputError("Name a channel.")
    if action == "add":
        if target in current:
            raise SettingsInputError(f"<#{target}> is already on the list.")
        return [*current, target]
    if action != "remove":
        raise ValueError(f"unknown channel list action {action!r}")
    if target not in current:
        raise SettingsInputError(f"<#{target}> isn't on the list.")
    return [c for c in current if c != target]
