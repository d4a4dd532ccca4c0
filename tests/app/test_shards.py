"""Two `python -m bot` processes on two shards, sharing one real PostgreSQL, against the fake Discord.

The fake routes each server's events to the session of its shard, as Discord
does, so each process only ever hears from its own servers.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from bot.storage import open_store
from tests.app.test_run import spawn, titled
from tests.fake_discord.state import MANAGE_GUILD
from tests.helpers import asked_card, bot_env, is_revealed

LEADERS = b"""\
title: Soviet leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
  - front: Who led the USSR when the Berlin Wall was built?
    answers: [Nikita Khrushchev, Khrushchev]
"""

DAILY = titled("❓ Question of the day")


def daily_posts(fake: Any, channel: Any) -> list[dict[str, Any]]:
    return [m for m in fake.history(channel) if DAILY(m) and not m.get("interaction_metadata")]


async def play_one(fake: Any, channel: Any, starter: Any, player: Any, after: int = 0) -> dict[str, Any]:
    """A one-question round of the leaders deck, won by ``player``; the podium message."""
    handle = await fake.invoke_command(
        "quiz", subcommand="start", member=starter, channel=channel, options={"deck": "leaders", "questions": 1}
    )
    await handle.wait_response(timeout=15)
    asked = await fake.wait_for_message(channel, asked_card(1, 1), timeout=15, after=after)
    await fake.send_message(channel, player, "khruschev")
    won = await fake.wait_for_message(channel, is_revealed, timeout=15, after=int(asked["id"]) - 1)
    assert f"<@{player.id}> got it" in won["embeds"][0]["description"]
    return await fake.wait_for_message(channel, titled("Quiz over"), timeout=15, after=int(asked["id"]))


async def stop(process: asyncio.subprocess.Process, how: int = signal.SIGTERM) -> str:
    if process.returncode is None:
        process.send_signal(how)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    except asyncio.TimeoutError:
        process.kill()
        _, stderr = await process.communicate()
    return stderr.decode()


async def test_two_shard_processes_share_one_postgresql(fake_discord, tmp_path, postgres_url):
    fake = fake_discord
    first = fake.guild
    shard_a = (first.id >> 22) % 2
    second = fake.add_guild("Second Hall", shard=(1 - shard_a, 2))
    channel_a, channel_b = fake.channel, fake.add_channel("quiz", guild=second)
    manager_b = fake.add_member("dana", guild=second, roles=[fake.add_role("Manager", MANAGE_GUILD, guild=second)])
    erin = fake.add_member("erin", guild=second)
    alice, bob = fake.member("alice"), fake.member("bob")

    store = await open_store(postgres_url)
    try:
        await store.add_deck(first.id, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
        # Both schedules are due at once (00:00 has passed today): each must be posted exactly once.
        await store.set_schedule(first.id, channel_a.id, "00:00", "sino-soviet-relations", time_zone="UTC")
        await store.set_schedule(second.id, channel_b.id, "00:00", "sino-soviet-relations", time_zone="UTC")
    finally:
        await store.close()

    def env(shards: str) -> dict[str, str]:
        return bot_env(fake, tmp_path, DATABASE_URL=postgres_url, SHARD_COUNT="2", SHARD_IDS=shards)

    p_a = await spawn(env(str(shard_a)), cwd=tmp_path)
    p_b = await spawn(env(str(1 - shard_a)), cwd=tmp_path)
    processes = [p_a, p_b]
    try:
        await fake.wait_until(
            lambda: len(fake.gateway.sessions) == 2 and all(s.conn for s in fake.gateway.sessions.values()),
            60, "both shards identified",
        )
        assert sorted(p["shard"] for p in fake.gateway.identify_payloads) == [[0, 2], [1, 2]]
        await fake.wait_for_call("PUT", r"/applications/\d+/commands$", timeout=30)

        # Each daily post happens once, by the process of its server.
        for channel in (channel_a, channel_b):
            await fake.wait_for_message(channel, DAILY, timeout=30)
        await asyncio.sleep(3)  # time for a second post, were there to be one
        assert [len(daily_posts(fake, c)) for c in (channel_a, channel_b)] == [1, 1]

        # A deck imported through one process, and both servers playing at once.
        handle = await fake.invoke_command(
            "deck", subcommand="import", member=manager_b, channel=channel_b, options={"file": ("leaders.yaml", LEADERS)}
        )
        response = await handle.wait_response(timeout=15)
        imported = (await handle.wait_followup(timeout=15)) if response["type"] == 5 else response["data"]
        assert "Imported" in str(imported), imported
        await asyncio.gather(play_one(fake, channel_a, alice, bob), play_one(fake, channel_b, manager_b, erin))

        # Kill the first server's process mid-round: the other server keeps playing.
        handle = await fake.invoke_command(
            "quiz", subcommand="start", member=alice, channel=channel_a, options={"deck": "leaders", "questions": 2}
        )
        await handle.wait_response(timeout=15)
        opened = await fake.wait_for_message(channel_a, asked_card(1, 2), timeout=15)
        await fake.send_message(channel_a, bob, "khrushchev")
        await fake.wait_for_message(channel_a, asked_card(2, 2), timeout=20, after=int(opened["id"]))
        log_a = await stop(p_a, signal.SIGKILL)
        assert "Traceback" not in log_a
        mark = max(int(m["id"]) for m in fake.history(channel_b))
        await play_one(fake, channel_b, manager_b, erin, after=mark)

        # The restarted process resumes its round, with the points from before the kill.
        p_a = await spawn(env(str(shard_a)), cwd=tmp_path)
        processes.append(p_a)
        resumed = await fake.wait_for_message(
            channel_a, lambda m: "Resuming the quiz after a restart" in (m.get("content") or ""), timeout=60
        )
        again = await fake.wait_for_message(channel_a, asked_card(2, 2), timeout=20, after=int(resumed["id"]))
        await fake.send_message(channel_a, alice, "khrushchev")
        podium = await fake.wait_for_message(channel_a, titled("Quiz over: 2 questions"), timeout=20, after=int(again["id"]))
        assert f"<@{bob.id}>" in podium["embeds"][0]["description"] and f"<@{alice.id}>" in podium["embeds"][0]["description"]
        assert [len(daily_posts(fake, c)) for c in (channel_a, channel_b)] == [1, 1], "the restart posts no second daily"

        logs = [await stop(p) for p in (p_a, p_b)]

        # Shards move: the first process, started again for both shards, plays the deck imported through the other.
        p_all = await spawn(env("0-1"), cwd=tmp_path)
        processes.append(p_all)
        await fake.wait_until(
            lambda: len(fake.gateway.identify_payloads) == 5 and all(s.conn for s in fake.gateway.sessions.values()),
            60, "both shards on one process",
        )
        mark = max(int(m["id"]) for m in fake.history(channel_b))
        await play_one(fake, channel_b, manager_b, erin, after=mark)
        logs.append(await stop(p_all))
    except BaseException:
        for p in processes:
            if p.returncode is None:
                p.kill()
            _, err = await p.communicate()
            print(err.decode()[-3000:])
        raise
    finally:
        for p in processes:
            if p.returncode is None:
                p.kill()
                await p.wait()
    for log in logs:
        assert "Traceback" not in log and "stopped cleanly" in log, log[-2000:]
        assert fake.token not in log
    assert f"[shard {shard_a} of 2]" in logs[0] and f"[shard {1 - shard_a} of 2]" in logs[1], "logs carry the shard"
    assert "[shards 0-1 of 2]" in logs[2]
    # Only a process with shard 0 syncs the commands: once per start of one.
    assert len(fake.calls_to("PUT", r"/applications/\d+/commands$")) == (3 if shard_a == 0 else 2)

    store = await open_store(postgres_url)
    try:
        assert len(await store._fetchall("SELECT 1 FROM daily_posts")) == 2  # type: ignore[attr-defined]
        board_a = await store.leaderboard(first.id, "all")
        board_b = await store.leaderboard(second.id, "all")
        assert {r.member_id: r.correct for r in board_a.rows} == {bob.id: 2, alice.id: 1}
        assert {r.member_id: r.correct for r in board_b.rows} == {erin.id: 3}
    finally:
        await store.close()
