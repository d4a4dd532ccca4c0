"""Imported decks, stored as uploaded."""

from __future__ import annotations

import pytest

from bot.storage import DeckExistsError, SettingsError, SqliteStore

from .conftest import Clock, attempt


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


async def test_a_deck_keeps_the_side_it_shows(store: SqliteStore) -> None:
    info = await store.add_deck(1, "French", "tsv", "f.tsv", b"dog\tchien\n", imported_by=2, card_count=1, direction="front")
    assert info.direction == "front"
    assert (await store.get_deck(1, "french")).info.direction == "front"
    replaced = await store.add_deck(1, "French", "tsv", "f.tsv", b"dog\tchien\n", imported_by=2, card_count=1, replace=True)
    assert replaced.direction is None and [d.direction for d in await store.list_decks(1)] == [None]
    with pytest.raises(SettingsError, match="front, back, both"):
        await store.add_deck(1, "Other", "tsv", "o.tsv", b"a\tb\n", imported_by=2, card_count=1, direction="sideways")
    assert [d.name for d in await store.list_decks(1)] == ["French"]


async def test_quota_is_checked_in_the_same_transaction_as_the_write(store: SqliteStore) -> None:
    from bot.storage import QuotaExceededError

    await store.add_deck(1, "A", "tsv", "a.tsv", b"x" * 60, imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    with pytest.raises(QuotaExceededError) as too_big:
        await store.add_deck(1, "B", "tsv", "b.tsv", b"x" * 41, imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    assert (too_big.value.limit, too_big.value.used, too_big.value.allowed, too_big.value.adding) == ("bytes", 60, 100, 41)
    await store.add_deck(1, "B", "tsv", "b.tsv", b"x" * 40, imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    with pytest.raises(QuotaExceededError) as too_many:
        await store.add_deck(1, "C", "tsv", "c.tsv", b"x", imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    assert too_many.value.limit == "decks"
    # A replaced deck does not count against its replacement; a clash is still a clash, not a quota.
    await store.add_deck(1, "a", "tsv", "a.tsv", b"y" * 60, imported_by=1, card_count=1, replace=True, max_decks=2, max_bytes=100)
    with pytest.raises(DeckExistsError):
        await store.add_deck(1, "A", "tsv", "a.tsv", b"z", imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    # Other servers have their own quota; nothing refused was stored.
    await store.add_deck(2, "C", "tsv", "c.tsv", b"x" * 100, imported_by=1, card_count=1, max_decks=2, max_bytes=100)
    assert await store.deck_usage(1) == (2, 100)
    assert [d.name for d in await store.list_decks(1)] == ["a", "B"]


async def test_two_imports_at_once_cannot_both_slip_under_the_quota(database_url: str) -> None:
    import asyncio

    from bot.storage import QuotaExceededError, open_store

    first, second = await open_store(database_url), await open_store(database_url)
    try:
        results = await asyncio.gather(
            *(s.add_deck(1, name, "tsv", "f.tsv", b"x" * 70, imported_by=1, card_count=1, max_bytes=100)
              for s, name in ((first, "One"), (second, "Two"))),
            return_exceptions=True,
        )
        assert sorted(type(r).__name__ for r in results) == ["DeckInfo", QuotaExceededError.__name__]
        assert (await first.deck_usage(1))[1] == 70
    finally:
        await first.close()
        await second.close()


async def test_stored_deck_indexes_are_kept_for_their_code_and_pruned_oldest_first(
    store: SqliteStore, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage import decks as deck_storage
    from bot.storage.sqlite import decks as sqlite_decks

    monkeypatch.setattr(deck_storage, "KEEP_DECK_INDEXES", 3)
    monkeypatch.setattr(sqlite_decks, "KEEP_DECK_INDEXES", 3)
    for n in range(3):
        await store.save_deck_index(f"k{n}", "v1", f"index {n}".encode())
        clock.advance(seconds=1)
    assert await store.load_deck_index("k1", "v1") == b"index 1"
    assert await store.load_deck_index("k1", "v2") is None, "made by other code: not used"
    clock.advance(seconds=1)
    await store.save_deck_index("k1", "v1", b"index 1 again")  # replaces
    clock.advance(seconds=1)
    await store.save_deck_index("k3", "v1", b"index 3")  # k0 is now the least recently used
    assert await store.load_deck_index("k0", "v1") is None
    assert [await store.load_deck_index(k, "v1") for k in ("k1", "k2", "k3")] == [b"index 1 again", b"index 2", b"index 3"]
    await store.save_deck_index("k9", "v2", b"new code")  # a new version drops every older index
    assert [await store.load_deck_index(k, "v1") for k in ("k1", "k2", "k3")] == [None, None, None]
    assert await store.load_deck_index("k9", "v2") == b"new code"
    monkeypatch.setattr(sqlite_decks, "KEEP_DECK_INDEX_BYTES", 25)
    clock.advance(seconds=1)
    await store.save_deck_index("k10", "v2", b"ten bytes!" * 2)  # 20 bytes: with k9's 8 over the budget
    assert await store.load_deck_index("k9", "v2") is None and await store.load_deck_index("k10", "v2") == b"ten bytes!" * 2
