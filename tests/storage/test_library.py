"""Guild settings, imported decks and spaced-repetition state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.settings import GuildSettings
from bot.storage import DeckExistsError, SettingsError, SqliteStore, SrsState

from .conftest import Clock, attempt


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


async def test_decks_add_list_get_remove(store: SqliteStore, clock: Clock) -> None:
    content = "Sino-Soviet split\n- 1960s\n".encode()
    info = await store.add_deck(1, "Cold War", "text", "cold.txt", content, imported_by=77, card_count=1)
    assert (info.name, info.size, info.imported_by, info.imported_at) == ("Cold War", len(content), 77, clock.now)
    with pytest.raises(DeckExistsError, match="'Cold War'"):
        await store.add_deck(1, "cold  war", "text", "other.txt", b"x", imported_by=78, card_count=1)
    await store.add_deck(2, "Cold War", "text", "cold.txt", b"other guild", imported_by=1, card_count=1)
    replaced = await store.add_deck(1, "COLD WAR", "yaml", "cold.yaml", b"new", imported_by=78, card_count=3, replace=True)
    assert (replaced.id, replaced.name, replaced.card_count) == (info.id, "COLD WAR", 3)
    await store.add_deck(1, "Anki", "apkg", "a.apkg", b"\x00\x01", imported_by=1, card_count=2)
    assert [d.name for d in await store.list_decks(1)] == ["Anki", "COLD WAR"]
    stored = await store.get_deck(1, "cold war")
    assert stored is not None and stored.content == b"new" and stored.info.filename == "cold.yaml"
    # Scores made with the deck survive its removal.
    await store.record_attempt(attempt(5, deck=f"import:{info.id}"))
    assert await store.remove_deck(1, "Cold War") is True
    assert await store.remove_deck(1, "Cold War") is False
    assert await store.get_deck(1, "Cold War") is None
    board = await store.leaderboard(1, "all", deck=f"import:{info.id}")
    assert [(r.member_id, r.points) for r in board.rows] == [(5, 10)]
    with pytest.raises(SettingsError):
        await store.add_deck(1, "   ", "text", "x.txt", b"x", imported_by=1, card_count=0)


async def test_spaced_repetition_state(store: SqliteStore, clock: Clock) -> None:
    now = clock.now
    for i, hours in enumerate([-5, -1, 2, -3]):
        await store.put_srs(SrsState(1, 9, f"card-{i}", "a" if i < 3 else "b", {"interval": i}, now + timedelta(hours=hours)))
    await store.put_srs(SrsState(1, 10, "card-0", "a", {}, now - timedelta(days=1)))  # someone else's
    due = await store.due_cards(1, 9)
    assert [s.card_key for s in due] == ["card-0", "card-3", "card-1"]
    assert [s.card_key for s in await store.due_cards(1, 9, deck="a", limit=1)] == ["card-0"]
    assert len(await store.due_cards(1, 9, at=now + timedelta(hours=3))) == 4
    got = await store.get_srs(1, 9, "card-2")
    assert got is not None and got.state == {"interval": 2} and got.due == now + timedelta(hours=2)
    await store.put_srs(SrsState(1, 9, "card-2", "a", {"interval": 9}, now - timedelta(minutes=1)))
    updated = await store.get_srs(1, 9, "card-2")
    assert updated is not None and updated.state == {"interval": 9}
    assert len(await store.due_cards(1, 9)) == 4
    assert await store.get_srs(1, 9, "nope") is None
