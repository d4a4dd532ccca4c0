"""`python -m bot` as an operator runs it: a real process against the fake Discord."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.storage import open_store
from tests.helpers import asked_card, bot_env, is_revealed

LEADERS = b"""\
title: Cold War leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
"""


async def spawn(env: dict[str, str], *args: str, cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


def titled(prefix: str):
    return lambda m: any((e.get("title") or "").startswith(prefix) for e in m.get("embeds") or [])


async def test_runs_syncs_plays_a_round_and_stops_on_sigterm(fake_discord, tmp_path):
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    await store.add_deck(fake_discord.guild.id, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=1)
    await store.close()
    process = await spawn(bot_env(fake_discord, tmp_path), cwd=tmp_path)
    try:
        await fake_discord.wait_for_call("PUT", r"/applications/\d+/commands$", timeout=30)
        await fake_discord.wait_until(lambda: fake_discord.gateway.identify_count >= 1, 10, "IDENTIFY")
        names = {c["name"] for c in fake_discord.commands[None]}
        assert {"quiz", "leaderboard", "stats"} <= names
        channel = fake_discord.channel

        handle = await fake_discord.invoke_command(
            "quiz", subcommand="start", member="alice", options={"deck": "leaders", "questions": 1}
        )
        await handle.wait_response(timeout=10)
        await fake_discord.wait_for_message(channel, asked_card(), timeout=10)
        await fake_discord.send_message(channel, "bob", "it was Khruschev")
        result = await fake_discord.wait_for_message(channel, is_revealed, timeout=10)
        assert f"<@{fake_discord.member('bob').id}> got it" in result["embeds"][0]["description"]
        await fake_discord.wait_for_message(channel, titled("Quiz over"), timeout=10)

        handle = await fake_discord.invoke_command(
            "quiz", subcommand="start", member="alice", options={"deck": "sino-soviet-relations", "questions": 3}
        )
        assert "Quiz!" in (await handle.wait_response(timeout=10))["data"]["content"]
        second = await fake_discord.wait_for_message(channel, asked_card(), timeout=10, after=int(result["id"]))
        process.send_signal(signal.SIGTERM)
        said = await fake_discord.wait_for_message(
            channel, lambda m: "this quiz will continue" in (m.get("content") or ""), timeout=15, after=int(second["id"])
        )
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "stopped cleanly" in log
    assert fake_discord.token not in log, "the token is never logged"
    assert "Traceback" not in log
    assert not [m for m in fake_discord.history(channel) if int(m["id"]) > int(second["id"]) and titled("Quiz over")(m)]
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        page = await store.leaderboard(fake_discord.guild.id, "all")
        assert [(row.member_id, row.correct) for row in page.rows] == [(fake_discord.member("bob").id, 1)]
        assert [r.channel_id for r in await store.saved_rounds()] == [channel.id], "the round is kept for the restart"
    finally:
        await store.close()

    # The next start picks the round up where it was: the open question is asked again.
    process = await spawn(bot_env(fake_discord, tmp_path), cwd=tmp_path)
    try:
        resumed = await fake_discord.wait_for_message(
            channel, lambda m: "Resuming the quiz after a restart" in (m.get("content") or ""), timeout=30, after=int(said["id"])
        )
        again = await fake_discord.wait_for_message(channel, asked_card(1, 3), timeout=10, after=int(resumed["id"]))

        def question_text(card: dict) -> tuple[str, str]:  # the card without its countdown line
            embed = card["embeds"][0]
            return embed.get("title") or "", "\n".join(line for line in embed["description"].split("\n") if not line.startswith("⏳"))

        assert question_text(again) == question_text(second)
    finally:
        process.kill()
        await process.wait()


async def answer_of(tmp_path: Path, channel_id: int, fake, question: dict) -> str:
    """The accepted answer of the question a kept round has open, read from what the bot kept."""
    import json

    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        [kept] = await store.saved_rounds()
    finally:
        await store.close()
    from bot.shared.text import card_markdown

    embed = question["embeds"][0]
    prompt = "\n".join(filter(None, [embed.get("title"), embed.get("description")]))  # as Discord shows it: escaped
    return next(q["answers"][0] for q in json.loads(kept.questions) if prompt.startswith(card_markdown(q["prompt"])[:80]))


async def test_a_round_killed_mid_way_resumes_with_its_points(fake_discord, tmp_path):
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    await store.add_deck(fake_discord.guild.id, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=1)
    await store.close()
    channel, bob = fake_discord.channel, fake_discord.member("bob")
    env = bot_env(fake_discord, tmp_path)
    process = await spawn(env, cwd=tmp_path)
    try:
        await fake_discord.wait_until(lambda: fake_discord.gateway.identify_count >= 1, 30, "IDENTIFY")
        handle = await fake_discord.invoke_command(
            "quiz", subcommand="start", member="alice", options={"deck": "sino-soviet-relations", "questions": 2}
        )
        await handle.wait_response(timeout=10)
        first = await fake_discord.wait_for_message(channel, asked_card(1, 2), timeout=10)
        await fake_discord.send_message(channel, bob, await answer_of(tmp_path, channel.id, fake_discord, first))
        won = await fake_discord.wait_for_message(channel, is_revealed, timeout=10, after=int(first["id"]) - 1)
        assert f"<@{bob.id}> got it" in won["embeds"][0]["description"]
        second = await fake_discord.wait_for_message(channel, asked_card(2, 2), timeout=10, after=int(won["id"]))
        process.kill()  # SIGKILL: no goodbye, nothing flushed by the bot itself
        await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    process = await spawn(env, cwd=tmp_path)
    try:
        await fake_discord.wait_for_message(
            channel, lambda m: "Resuming the quiz" in (m.get("content") or ""), timeout=30, after=int(second["id"])
        )
        again = await fake_discord.wait_for_message(channel, asked_card(2, 2), timeout=10, after=int(second["id"]))
        await fake_discord.send_message(channel, "alice", await answer_of(tmp_path, channel.id, fake_discord, again))
        podium = await fake_discord.wait_for_message(channel, titled("Quiz over: 2 questions"), timeout=15, after=int(again["id"]))
        text = podium["embeds"][0]["description"]
        assert f"<@{bob.id}>" in text and f"<@{fake_discord.member('alice').id}>" in text, text
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    store = await open_store(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        page = await store.leaderboard(fake_discord.guild.id, "all")
        assert sorted(row.member_id for row in page.rows) == sorted([bob.id, fake_discord.member("alice").id])
        assert await store.saved_rounds() == [], "a round that ended is forgotten"
    finally:
        await store.close()


async def run_to_end(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await spawn(env, "run", cwd=cwd)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode, stderr.decode()


async def test_rejected_token_is_one_clear_sentence(fake_discord, tmp_path):
    fake_discord.reject_token = True
    code, stderr = await run_to_end(bot_env(fake_discord, tmp_path), tmp_path)
    assert code == 2
    assert "Discord rejected DISCORD_TOKEN" in stderr
    assert "Traceback" not in stderr


async def test_missing_message_content_intent_is_explained(fake_discord, tmp_path):
    fake_discord.allowed_intents = 0
    code, stderr = await run_to_end(bot_env(fake_discord, tmp_path), tmp_path)
    assert code == 2
    assert "Message Content intent" in stderr and "DISCORD_MESSAGE_CONTENT=false" in stderr
    assert "Traceback" not in stderr


async def test_missing_token_points_at_the_terminal_quiz(fake_discord, tmp_path):
    code, stderr = await run_to_end(bot_env(fake_discord, tmp_path, DISCORD_TOKEN=""), tmp_path)
    assert code == 2
    assert "DISCORD_TOKEN is not set" in stderr and "python -m bot play" in stderr
    assert len(stderr.strip().splitlines()) == 1


async def test_corrupt_database_is_a_clear_start_up_error(fake_discord, tmp_path):
    (tmp_path / "bot.db").write_bytes(b"this is not a database" * 100)
    code, stderr = await run_to_end(bot_env(fake_discord, tmp_path), tmp_path)
    assert code == 2
    assert "bot.db" in stderr and "not a SQLite database" in stderr
    assert "Traceback" not in stderr


async def test_bad_setting_is_named(fake_discord, tmp_path):
    code, stderr = await run_to_end(bot_env(fake_discord, tmp_path, DEV_GUILD_ID="my server"), tmp_path)
    assert code == 2
    assert "DEV_GUILD_ID" in stderr and "Traceback" not in stderr
