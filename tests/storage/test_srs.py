"""Spaced-repetition state per member and card."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import SqliteStore, SrsState

from .conftest import Clock


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
