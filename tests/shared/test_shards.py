"""Which servers a shard process serves."""

from __future__ import annotations

from bot.shared.shards import ONE_PROCESS, parse_shards


def test_a_server_is_on_the_shard_discord_puts_it_on() -> None:
    shards = parse_shards("4", "1,3")
    on = {n: (n << 22) | 12345 for n in range(8)}  # server ids whose timestamp part is n
    assert [shards.shard_of(on[n]) for n in range(8)] == [0, 1, 2, 3, 0, 1, 2, 3]
    assert [shards.owns(on[n]) for n in range(4)] == [False, True, False, True]
    assert not shards.owns(None), "direct messages come on shard 0"
    assert not shards.first and parse_shards("4", "0").first
    assert shards.describe() == "shards 1,3 of 4" and parse_shards("8", "0-3,5").describe() == "shards 0-3,5 of 8"


def test_one_process_serves_everything() -> None:
    assert ONE_PROCESS.owns(123 << 22) and ONE_PROCESS.owns(None) and ONE_PROCESS.first
    assert not ONE_PROCESS.sharded
