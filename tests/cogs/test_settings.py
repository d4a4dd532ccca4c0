"""/settings end to end: show, change, quiz channels and a new season."""

from __future__ import annotations

from typing import Any

from bot.storage import Attempt
from tests.fake_discord import state
from tests.helpers import EPHEMERAL, embed_text


async def run(fake, sub: str, member: str = "manager", **options: Any):
    handle = await fake.invoke_command("settings", subcommand=sub, member=member, options=options)
    return handle, (await handle.wait_response())["data"]


async def test_show_and_set(deckhand, fake_discord):
    fake = fake_discord
    guild_id = fake.guild.id
    _, data = await run(fake, "show")
    text = embed_text(data)
    assert data["flags"] & EPHEMERAL and "Time zone:** UTC" in text and "any channel" in text

    _, data = await run(
        fake, "set", timezone="europe/berlin", answer_seconds=45, base_points=20, speed_bonus=0, hint_penalty=5,
        strictness="strict", default_deck="sino-soviet-relations",
    )
    assert "Saved" in data["content"]
    settings = await deckhand.store.get_settings(guild_id)
    assert (settings.time_zone, settings.answer_seconds, settings.base_points, settings.speed_bonus) == ("Europe/Berlin", 45, 20, 0)
    assert (settings.hint_penalty, settings.strictness, settings.default_deck) == (5, "strict", "sino-soviet-relations")
    assert "Europe/Berlin" in embed_text(data)

    _, data = await run(fake, "set", timezone="Moon/Base")
    assert "not a time zone" in data["content"]
    _, data = await run(fake, "set", default_deck="nope")
    assert "no deck called" in data["content"]
    _, data = await run(fake, "set")
    assert "at least one setting" in data["content"]
    _, data = await run(fake, "set", default_deck="none")
    assert (await deckhand.store.get_settings(guild_id)).default_deck is None
    assert (await deckhand.store.get_settings(guild_id)).time_zone == "Europe/Berlin", "refused changes change nothing"

    auto = await fake.invoke_autocomplete("settings", subcommand="set", member="manager", focused="timezone", options={"timezone": "berl"})
    await auto.wait_response()
    assert auto.choices[0]["value"] == "Europe/Berlin"


async def test_answer_seconds_bounds_are_enforced_by_discord(deckhand, fake_discord):
    command = fake_discord.command("settings")
    set_options = next(o for o in command["options"] if o["name"] == "set")["options"]
    seconds = next(o for o in set_options if o["name"] == "answer_seconds")
    assert (seconds["min_value"], seconds["max_value"]) == (10, 120)
    strictness = next(o for o in set_options if o["name"] == "strictness")
    assert [c["value"] for c in strictness["choices"]] == ["lenient", "normal", "strict"]


async def test_quiz_channels(deckhand, fake_discord):
    fake = fake_discord
    quiz = fake.get_channel("quiz")
    _, data = await run(fake, "channels", action="add", channel=quiz)
    assert f"<#{quiz.id}>" in data["content"]
    _, data = await run(fake, "channels", action="add", channel=quiz)
    assert "already" in data["content"]
    start = await fake.invoke_command("quiz", subcommand="start", member="alice", options={"questions": 1})
    assert f"Quizzes run in <#{quiz.id}>" in (await start.wait_response())["data"]["content"]
    _, data = await run(fake, "channels", action="remove", channel=quiz)
    assert "any channel" in data["content"]
    _, data = await run(fake, "channels", action="add")  # defaults to this channel
    assert (await deckhand.store.get_settings(fake.guild.id)).quiz_channels == (fake.channel.id,)
    _, data = await run(fake, "channels", action="clear")
    assert (await deckhand.store.get_settings(fake.guild.id)).quiz_channels == ()


async def test_new_season_needs_confirmation_from_the_asker(deckhand, fake_discord):
    fake = fake_discord
    guild_id = fake.guild.id
    _, data = await run(fake, "new-season")
    assert "still fresh" in data["content"]
    alice = fake.member("alice").id
    await deckhand.store.record_attempt(Attempt(guild_id, fake.channel.id, alice, "d", "d:1", "recall", "x", "exact", True, 10, 500))

    handle, data = await run(fake, "new-season")
    assert "End season 1" in data["content"]
    prompt = await handle.wait_original()
    ids = {b["label"]: b["custom_id"] for row in prompt["components"] for b in row["components"]}
    other = await fake.click_button(int(prompt["id"]), ids["Start a new season"], "owner")
    assert "Only the member who asked" in (await other.wait_response())["data"]["content"]
    assert (await deckhand.store.current_season(guild_id)).number == 1
    confirm = await fake.click_button(int(prompt["id"]), ids["Start a new season"], "manager")
    assert "Season 1 is over" in (await confirm.wait_response())["data"]["content"]
    assert (await deckhand.store.current_season(guild_id)).number == 2
    assert (await deckhand.store.leaderboard(guild_id, "all")).rows == []
    old = await deckhand.store.leaderboard(guild_id, "all", season=1)
    assert old.rows[0].member_id == alice

    board = await fake.invoke_command("leaderboard", member="alice", options={"period": "all", "season": 1})
    assert f"<@{alice}>" in embed_text((await board.wait_response())["data"])


async def test_settings_are_for_managers_and_show_paused_schedules(deckhand, fake_discord):
    fake = fake_discord
    command = fake.command("settings")
    assert int(command["default_member_permissions"]) == state.MANAGE_GUILD
    for sub, options in (("show", {}), ("set", {"answer_seconds": 20}), ("channels", {"action": "clear"}), ("new-season", {})):
        _, data = await run(fake, sub, member="alice", **options)
        assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"], sub
    assert (await deckhand.store.get_settings(fake.guild.id)).answer_seconds == 30

    await deckhand.store.set_schedule(fake.guild.id, fake.channel.id, "09:00", "sino-soviet-relations")
    await deckhand.store.pause_schedule(fake.channel.id, "I am missing permission to post there")
    handle, _ = await run(fake, "show")
    notice = await handle.wait_followup()
    assert notice["flags"] & EPHEMERAL and "missing permission" in notice["content"] and f"<#{fake.channel.id}>" in notice["content"]
