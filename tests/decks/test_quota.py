"""How many decks and bytes a server may import, and what a manager is told."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.decks import DeckQuota, check_quota, size_text, usage_text
from bot.storage import DeckInfo

MB = 1024 * 1024


def info(name: str, size: int) -> DeckInfo:
    return DeckInfo(1, 1, name, "tsv", f"{name}.tsv", 10, 1, datetime(2026, 1, 1, tzinfo=timezone.utc), size)


def test_sizes_read_as_a_person_would():
    assert [size_text(n) for n in (900, 2048, 5 * MB + MB // 2)] == ["900 bytes", "2.0 KB", "5.5 MB"]


def test_usage_counts_every_imported_deck():
    quota = DeckQuota(50, 100 * MB)
    assert usage_text([info("a", 3 * MB), info("b", MB)], quota) == "2 of 50 decks · 4.0 MB of 100.0 MB"


def test_the_deck_limit_names_itself_and_how_to_free_room():
    quota = DeckQuota(2, 100 * MB)
    decks = [info("a", 10), info("b", 10)]
    refusal = check_quota(decks, "c", 10, False, quota)
    assert refusal and "2 imported decks" in refusal and "(2)" in refusal and "/deck remove" in refusal
    assert check_quota(decks, "a", 10, True, quota) is None  # replacing one of them fits
    assert check_quota(decks, "a", 10, False, quota) is not None


def test_the_byte_limit_says_how_much_is_free():
    quota = DeckQuota(50, 10 * MB)
    refusal = check_quota([info("a", 8 * MB)], "b", 3 * MB, False, quota)
    assert refusal and "3.0 MB" in refusal and "11.0 MB" in refusal and "10.0 MB" in refusal and "2.0 MB free" in refusal
    assert check_quota([info("a", 8 * MB)], "b", 2 * MB, False, quota) is None
    assert check_quota([info("a", 8 * MB)], "a", 10 * MB, True, quota) is None
