"""/daily end to end: the real bot on the loopback fake, with the clock driven by the test."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.daily import daily_question, find_card, seed_for
from bot.questions import Question
from bot.shared.text import card_markdown
from bot.srs import AGAIN, GOOD
from tests.cogs.conftest import make_settings, start_deckhand
from tests.fake_discord import state
from tests.fake_discord.fixtures import running_bot
from tests.helpers import EPHEMERAL, Clock, embed_text, modal_text_input

DAY1, DAY2, DAY3 = date(2025, 6, 2), date(2025, 6, 3), date(2025, 6, 4)

LEADERS_YAML = """\
title: Cold War leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
    back: First Secretary of the Communist Party, 1953-1964
  - front: Who led China when the People's Republic was founded?
    answers: [Mao Zedong, Mao]
    back: Chairman of the Communist Party from 1943
  - front: Which Soviet leader signed the 1950 treaty with Mao?
    answers: [Joseph Stalin, Stalin]
    back: General Secretary until his death in 1953
"""


def london(day: date, hour: int, minute: int = 0) -> datetime:
    """Wall time in London in June (BST, UTC+1) as UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


@asynccontextmanager
async def daily_bot(fake, tmp_path, clock: Clock) -> AsyncIterator[Any]:
    bot, store = await start_deckhand(fake, make_settings(fake, tmp_path), clock=clock)
    try:
        async with running_bot(bot, fake):
            yield bot
    finally:
        await store.close()


async def add_leaders(bot, guild_id: int) -> None:
    await bot.store.add_deck(guild_id, "leaders", "deck-yaml", "leaders.yaml", LEADERS_YAML.encode(), imported_by=1, card_count=3)


def is_daily(message: dict[str, Any]) -> bool:
    return any((e.get("title") or "").startswith("❓ Question of the day") for e in message.get("embeds") or [])


def is_results(message: dict[str, Any]) -> bool:
    return any((e.get("title") or "").startswith("Answer: ") for e in message.get("embeds") or [])


def dailies(fake, channel) -> list[dict[str, Any]]:
    return [m for m in fake.history(channel) if is_daily(m)]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message.get("components") or [] for c in row.get("components") or []]


async def posted_question(bot, channel_id: int, day: date) -> Question:
    """Rebuild the day's question from what the database holds, as a restarted bot does."""
    post = await bot.store.get_daily_post(channel_id, day)
    loaded = await bot.library.get(post.guild_id, post.deck)
    return daily_question(loaded.deck, find_card(loaded.name, loaded.deck, post.card_key), seed_for(channel_id, day))


async def set_daily(fake, member: str = "manager", **options: Any) -> dict[str, Any]:
    options = {"channel": fake.channel, "time": "09:00", "timezone": "Europe/London", "deck": "leaders", **options}
    handle = await fake.invoke_command("daily", subcommand="set", member=member, options=options)
    return (await handle.wait_response())["data"]


async def answer(fake, message: dict[str, Any], member: str, text: str) -> str:
    """Press Answer, fill in the modal, return the private verdict."""
    button = buttons(message)[0]
    opened = await fake.click_button(int(message["id"]), button["custom_id"], member)
    response = await opened.wait_response()
    if response["type"] != 9:
        assert response["data"]["flags"] & EPHEMERAL
        return response["data"]["content"]
    field = modal_text_input(response["data"])
    submitted = await fake.submit_modal(response["data"]["custom_id"], member, {field: text})
    data = (await submitted.wait_response())["data"]
    assert data["flags"] & EPHEMERAL, "verdicts are private"
    return data["content"]


async def test_daily_post_answers_and_results(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await add_leaders(bot, fake.guild.id)
        data = await set_daily(fake)
        assert data["flags"] & EPHEMERAL and "09:00" in data["content"] and "Europe/London" in data["content"]
        assert "First question" in data["content"]
        cog = bot.get_cog("DailyCog")
        await cog.run_due()
        assert dailies(fake, fake.channel) == [], "nothing before 09:00"

        clock.now = london(DAY1, 9, 0)
        await cog.run_due()
        message = await fake.wait_for_message(fake.channel, is_daily)
        assert [b["label"] for b in buttons(message)] == ["Answer", "My stats"]
        question = await posted_question(bot, fake.channel.id, DAY1)
        assert card_markdown(question.prompt)[:40] in embed_text(message), "shown as written (escaped)"
        assert question.answers[0] not in embed_text(message), "the question never spoils its answer"

        clock.now = london(DAY1, 9, 0) + timedelta(seconds=20)
        assert "Correct" in await answer(fake, message, "alice", question.answers[0])
        clock.now += timedelta(seconds=20)
        wrong = await answer(fake, message, "bob", "Leonid Brezhnev")
        assert "❌" in wrong and question.answers[0] in wrong
        clock.now += timedelta(seconds=20)
        shrug = await answer(fake, message, "carol", "no idea")
        assert "doesn't use up your one try" in shrug and question.answers[0] not in shrug
        assert "Correct" in await answer(fake, message, "carol", question.answers[0].lower())
        again = await answer(fake, message, "alice", question.answers[0])
        assert "already answered" in again
        again = await answer(fake, message, "bob", question.answers[0])
        assert "already answered" in again, "a wrong answer still uses the one try"
        public = [m for m in fake.history(fake.channel) if not m["flags"] & EPHEMERAL]
        assert public[-1]["id"] == message["id"], "answers post nothing in the channel"

        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 1, "one post per day however often the scheduler ticks"

        clock.now = london(DAY2, 9, 0)
        await cog.run_due()
        results = await fake.wait_for_message(fake.channel, is_results)
        text = embed_text(results)
        alice, carol = fake.member("alice").id, fake.member("carol").id
        assert f"Answer: {question.answers[0]}" in text
        assert "**2** of **3** got it right" in text
        assert text.index(f"<@{alice}>") < text.index(f"<@{carol}>"), "fastest first"
        assert "in 20 s" in text and question.explanation.split("\n")[0].lstrip("• ")[:20] in text
        await fake.wait_for_message(fake.channel, is_daily, after=int(results["id"]))
        assert await posted_question(bot, fake.channel.id, DAY2) != question
        assert buttons(fake.messages[int(message["id"])]) == [], "yesterday's buttons are removed"

        page = await bot.store.leaderboard(fake.guild.id, "all")
        by_member = {row.member_id: row for row in page.rows}
        assert by_member[alice].points == 10 and by_member[alice].correct == 1
        assert by_member[fake.member("bob").id].attempts == 1 and by_member[fake.member("bob").id].points == 0
        post = await bot.store.get_daily_post(fake.channel.id, DAY1)
        assert not post.open and post.results["answered"] == 3
        assert (await bot.store.streaks(fake.guild.id, alice, at=clock.now)).daily.current == 1

        # Each answer is a review of the card; a shrug is none. The time from the post says nothing of recall.
        reviews = {m: await bot.store.reviews(fake.guild.id, fake.member(m).id) for m in ("alice", "bob", "carol", "mod")}
        assert {m: [(r.rating, r.source, r.time_ms) for r in rs] for m, rs in reviews.items()} == {
            "alice": [(GOOD, "daily", None)], "bob": [(AGAIN, "daily", None)], "carol": [(GOOD, "daily", None)], "mod": [],
        }
        assert reviews["alice"][0].card_key == post.card_key
        memory = await bot.store.get_srs(fake.guild.id, alice, post.card_key)
        assert memory is not None and memory.due > reviews["alice"][0].at


async def test_restart_between_post_and_close_loses_nothing(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 9, 1))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await add_leaders(bot, fake.guild.id)
        await set_daily(fake)
        message = await fake.wait_for_message(fake.channel, is_daily)  # 09:00 has passed: posted at once
        question = await posted_question(bot, fake.channel.id, DAY1)
        assert "Correct" in await answer(fake, message, "alice", question.answers[0])

    clock.now = london(DAY1, 12)
    async with daily_bot(fake, tmp_path, clock) as bot:
        cog = bot.get_cog("DailyCog")
        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 1, "a restart never posts the day twice"
        assert "Correct" in await answer(fake, message, "bob", question.answers[0]), "old buttons work after a restart"
        assert "already answered" in await answer(fake, message, "alice", question.answers[0])

        clock.now = london(DAY2, 9, 0)
        await cog.run_due()
        results = await fake.wait_for_message(fake.channel, is_results)
        assert "**2** of **2** got it right" in embed_text(results)
        await fake.wait_for_message(fake.channel, is_daily, after=int(results["id"]))
        await cog.run_due()
        assert len([m for m in fake.history(fake.channel) if is_results(m)]) == 1, "closed exactly once"
        assert len(dailies(fake, fake.channel)) == 2


async def test_missed_post_is_made_once_and_a_missed_day_is_skipped(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await add_leaders(bot, fake.guild.id)
        await set_daily(fake)
    # Down over 09:00; back at 15:00 the same day: the ticker posts it once on start-up.
    clock.now = london(DAY1, 15)
    async with daily_bot(fake, tmp_path, clock) as bot:
        await fake.wait_for_message(fake.channel, is_daily)
        cog = bot.get_cog("DailyCog")
        await cog.run_due()
        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 1
        post = await bot.store.get_daily_post(fake.channel.id, DAY1)
        assert post.opened_at == london(DAY1, 15)
    # Down for all of the 3rd; back at 01:00 on the 4th: the 3rd is skipped, the 4th waits for 09:00.
    clock.now = london(DAY3, 1)
    async with daily_bot(fake, tmp_path, clock) as bot:
        cog = bot.get_cog("DailyCog")
        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 1
        assert await bot.store.get_daily_post(fake.channel.id, DAY2) is None
        clock.now = london(DAY3, 9)
        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 2
        assert await bot.store.get_daily_post(fake.channel.id, DAY3) is not None


async def test_lost_permission_pauses_only_that_channel(fake_discord, tmp_path):
    fake = fake_discord
    other = fake.add_guild("Book Club")
    locked = fake.add_channel("locked", guild=other)
    owner = other.members[other.owner_id]
    gone = fake.add_channel("gone")
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        for guild in (fake.guild, other):
            await add_leaders(bot, guild.id)
        await set_daily(fake)
        await set_daily(fake, channel=gone)
        handle = await fake.invoke_command(
            "daily", subcommand="set", member=owner, channel=locked,
            options={"channel": locked, "time": "09:00", "timezone": "Europe/London", "deck": "leaders"},
        )
        assert "every day at **09:00**" in (await handle.wait_response())["data"]["content"]
        # The Book Club takes Send Messages away from everyone, the bot included; #gone is deleted.
        for role in other.roles:
            role.permissions &= ~state.SEND_MESSAGES
        del fake.channels[gone.id]
        fake.guild.channels.remove(gone)

        clock.now = london(DAY1, 9)
        await bot.get_cog("DailyCog").run_due()
        await fake.wait_for_message(fake.channel, is_daily)
        paused = await bot.store.get_schedule(locked.id)
        assert not paused.enabled and "missing permission" in paused.paused_reason
        deleted = await bot.store.get_schedule(gone.id)
        assert not deleted.enabled and "deleted" in deleted.paused_reason
        assert (await bot.store.get_schedule(fake.channel.id)).enabled, "the other schedules keep running"

        show = await fake.invoke_command("daily", subcommand="show", member=owner, channel=locked)
        assert "paused" in embed_text((await show.wait_response())["data"])
        notice = await show.wait_followup()
        assert notice["flags"] & EPHEMERAL and "Paused daily questions" in notice["content"] and f"<#{locked.id}>" in notice["content"]

        clock.now = london(DAY2, 9)
        await bot.get_cog("DailyCog").run_due()
        assert len(dailies(fake, fake.channel)) == 2
        assert fake.calls_to("POST", rf"/channels/{locked.id}/messages$")[-1].status == 403
        assert len(fake.calls_to("POST", rf"/channels/{locked.id}/messages$")) == 1, "a paused schedule stops trying"

        for role in other.roles:
            role.permissions |= state.SEND_MESSAGES
        handle = await fake.invoke_command("daily", subcommand="now", member=owner, channel=locked)
        followup = await handle.wait_followup()
        assert "Posted today's question" in followup["content"]
        assert (await bot.store.get_schedule(locked.id)).enabled


async def test_choice_question_uses_buttons(fake_discord, tmp_path):
    fake = fake_discord
    fronts = [
        "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance signed in Moscow",
        "Disagreements over the Pace and Direction of Communist Revolution",
        "Soviet Economic and Military Assistance to the People's Republic of China",
        "Withdrawal of Soviet technical advisors from the People's Republic",
        "Border clashes between Chinese and Soviet forces along the disputed rivers",
    ]
    verbs = ["shaped", "troubled", "marked", "defined", "ended"]
    deck = "title: Long\ncards:\n" + "".join(
        f'  - front: "{front}"\n    back: This topic {verb} the early years\n' for front, verb in zip(fronts, verbs)
    )
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await bot.store.add_deck(fake.guild.id, "long", "deck-yaml", "long.yaml", deck.encode(), imported_by=1, card_count=5)
        await set_daily(fake, deck="long")
        clock.now = london(DAY1, 9)
        await bot.get_cog("DailyCog").run_due()
        message = await fake.wait_for_message(fake.channel, is_daily)
        question = await posted_question(bot, fake.channel.id, DAY1)
        assert question.choices is not None
        assert [b["label"] for b in buttons(message)] == ["A", "B", "C", "D", "My stats"]
        right = question.choices.index(question.answers[0])
        ids = [b["custom_id"] for b in buttons(message)][:4]
        reply = await fake.click_button(int(message["id"]), ids[right], "alice")
        assert "Correct" in (await reply.wait_response())["data"]["content"]
        wrong = await fake.click_button(int(message["id"]), ids[(right + 1) % 4], "bob")
        assert "❌" in (await wrong.wait_response())["data"]["content"]
        again = await fake.click_button(int(message["id"]), ids[right], "bob")
        assert "already answered" in (await again.wait_response())["data"]["content"]


async def test_daily_commands_are_for_managers(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        command = fake.command("daily")
        assert int(command["default_member_permissions"]) == state.MANAGE_GUILD
        for sub, options in (("set", {"channel": fake.channel, "time": "09:00"}), ("show", {}), ("off", {}), ("now", {})):
            handle = await fake.invoke_command("daily", subcommand=sub, member="alice", options=options)
            data = (await handle.wait_response())["data"]
            assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"], sub
        assert await bot.store.schedules(fake.guild.id) == []


async def test_bad_input_is_refused_clearly(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 8))
    async with daily_bot(fake, tmp_path, clock) as bot:
        assert "not a time of day" in (await set_daily(fake, time="25:61"))["content"]
        assert "not a time zone" in (await set_daily(fake, timezone="Mars/Olympus"))["content"]
        assert "no deck called" in (await set_daily(fake, deck="nope"))["content"]
        assert await bot.store.schedules(fake.guild.id) == []
        auto = await fake.invoke_autocomplete(
            "daily", subcommand="set", member="manager", focused="timezone", options={"timezone": "new_y"}
        )
        await auto.wait_response()
        assert auto.choices[0]["value"] == "America/New_York"

        data = await set_daily(fake, deck="sino-soviet-relations", timezone="Asia/Tokyo", time="6:30pm")
        assert "18:30" in data["content"] and "Asia/Tokyo" in data["content"]
        show = await fake.invoke_command("daily", subcommand="show", member="manager")
        text = embed_text((await show.wait_response())["data"])
        assert f"<#{fake.channel.id}>" in text and "18:30" in text and "next:" in text
        off = await fake.invoke_command("daily", subcommand="off", member="manager")
        assert "is off" in (await off.wait_response())["data"]["content"]
        assert await bot.store.schedules(fake.guild.id) == []


async def test_racing_posters_and_a_reconnect_never_duplicate(fake_discord, tmp_path):
    fake = fake_discord
    clock = Clock(london(DAY1, 9))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await add_leaders(bot, fake.guild.id)
        await set_daily(fake)
        await fake.wait_for_message(fake.channel, is_daily)
        await fake.drop_gateway()
        await fake.wait_for_resume()
        cog = bot.get_cog("DailyCog")
        await cog.run_due()
        assert len(dailies(fake, fake.channel)) == 1

        # Two posters (as two processes would) race for the next day: the database lets one through.
        clock.now = london(DAY2, 9)
        schedule = await bot.store.get_schedule(fake.channel.id)
        outcomes = await asyncio.gather(cog.poster.post(schedule, DAY2, clock.now), cog.poster.post(schedule, DAY2, clock.now), cog.run_due())
        assert sorted(outcomes[:2]) == [False, True] and outcomes[2] == []
        assert len(dailies(fake, fake.channel)) == 2
        assert len([m for m in fake.history(fake.channel) if is_results(m)]) == 1


async def test_a_daily_picture_and_its_sound_come_with_the_question_and_the_results(fake_discord, tmp_path):
    from PIL import Image

    from tests.decks.readers.anki_builders import Note, build_package

    fake = fake_discord
    picture = io.BytesIO()
    Image.new("RGB", (50, 30), (10, 120, 200)).save(picture, format="PNG")
    package = build_package(
        None, [Note(('Which city is this? <img src="harbour.png">', "Sydney [sound:sydney.mp3]"))],
        media={"harbour.png": picture.getvalue(), "sydney.mp3": b"ID3 a sound"},
    )
    clock = Clock(london(DAY1, 9, 1))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await bot.store.add_deck(fake.guild.id, "cities", "anki-package", "cities.apkg", package, imported_by=1, card_count=1)
        await set_daily(fake, deck="cities")
        message = await fake.wait_for_message(fake.channel, is_daily)
        assert [a["filename"] for a in message["attachments"]] == ["harbour.png"]
        assert message["embeds"][0]["image"]["url"].endswith("harbour.png")
        clock.now = london(DAY2, 9, 0)
        await bot.get_cog("DailyCog").run_due()
        results = await fake.wait_for_message(fake.channel, is_results)
        assert "🔊 audio: sydney.mp3" in embed_text(results)
        assert [a["filename"] for a in results["attachments"]] == ["sydney.mp3"]


async def test_the_post_counts_its_answers_with_few_edits(fake_discord, tmp_path):
    """Each stored answer shows in the post's count; a burst of answers costs at most two edits."""
    fake = fake_discord
    clock = Clock(london(DAY1, 9))
    async with daily_bot(fake, tmp_path, clock) as bot:
        await add_leaders(bot, fake.guild.id)
        await set_daily(fake)
        await bot.get_cog("DailyCog").run_due()
        message = await fake.wait_for_message(fake.channel, is_daily)

        def counted() -> str:
            [post] = [m for m in fake.history(fake.channel) if m["id"] == message["id"]]
            return next(f["value"] for f in post["embeds"][0]["fields"] if f["name"] == "Answered")

        assert counted() == "Nobody yet."
        from bot.shared.text import day_text

        embed = message["embeds"][0]
        assert embed["title"] == f"❓ Question of the day · {day_text(DAY1)}"
        results = next(f["value"] for f in embed["fields"] if f["name"] == "Results")
        assert results.startswith("With the next question, <t:") and results.endswith(":R>"), "one short time style"
        question = await posted_question(bot, fake.channel.id, DAY1)
        opened = await fake.click_button(int(message["id"]), buttons(message)[0]["custom_id"], "manager")
        shown = (await opened.wait_response())["data"]["components"][0]
        assert (shown["type"], shown["content"]) == (10, card_markdown(question.prompt)), (
            "the form shows the whole question, not a placeholder that vanishes"
        )
        edits_before = len(fake.calls_to("PATCH", rf"/channels/\d+/messages/{message['id']}$"))
        for member in ("alice", "bob", "carol"):
            await answer(fake, message, member, question.answers[0] if member != "bob" else "Leonid Brezhnev")
        await fake.wait_until(lambda: counted() == "3 so far.", 10, "the count of three answers")
        edits = fake.calls_to("PATCH", rf"/channels/\d+/messages/{message['id']}$")[edits_before:]
        assert 1 <= len(edits) <= 2, edits
        assert [b["label"] for b in buttons([m for m in fake.history(fake.channel) if m["id"] == message["id"]][0])] == [
            "Answer", "My stats"
        ], "the edit keeps the buttons"
        mine = await fake.click_button(int(message["id"]), buttons(message)[1]["custom_id"], "alice")
        shown = (await mine.wait_response())["data"]
        assert shown["flags"] & EPHEMERAL and "Stats for alice" in embed_text(shown), "My stats: privately, the presser's own"


async def test_daily_set_takes_a_pick_and_show_lists_it(fake_discord, tmp_path):
    fake = fake_discord
    async with daily_bot(fake, tmp_path, Clock(london(DAY1, 8))) as bot:
        await add_leaders(bot, fake.guild.id)
        data = await set_daily(fake)
        assert "asking what the group knows least" in data["content"], "weakest is the default"
        data = await set_daily(fake, pick="new")
        assert "asking the cards fewest members have met" in data["content"]
        assert (await bot.store.get_schedule(fake.channel.id)).pick == "new"
        data = await set_daily(fake, time="10:00")
        assert "fewest members have met" in data["content"], "a change of time keeps the pick"
        shown = await fake.invoke_command("daily", subcommand="show", member="manager")
        assert "· leaders · new" in embed_text((await shown.wait_response())["data"])
