"""/study start on the fake Discord: a private session, due cards first, every answer stored as it is given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.srs import AGAIN, EASY, GOOD
from tests.cogs.conftest import make_settings, start_deckhand
from tests.fake_discord.fixtures import running_bot
from tests.helpers import CAPITALS_YAML as CAPITALS
from tests.helpers import EPHEMERAL, Clock, embed_text, modal_text_input

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
ANSWERS = {"Capital of France?": "Paris", "Capital of Peru?": "Lima", "Capital of Kenya?": "Nairobi"}


@asynccontextmanager
async def study_bot(fake, tmp_path, clock: Clock) -> AsyncIterator[Any]:
    bot, store = await start_deckhand(fake, make_settings(fake, tmp_path), clock=clock)
    try:
        async with running_bot(bot, fake):
            await bot.store.add_deck(fake.guild.id, "capitals", "deck-yaml", "capitals.yaml", CAPITALS, imported_by=1, card_count=3)
            yield bot
    finally:
        await store.close()


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """label -> custom id of the buttons under a message."""
    return {c["label"]: c["custom_id"] for row in message.get("components") or [] for c in row["components"]}


async def start(fake, member: str = "alice", **options: Any) -> dict[str, Any]:
    handle = await fake.invoke_command("study", subcommand="start", member=member, options={"deck": "capitals", **options})
    response = await handle.wait_response()
    assert response["type"] == 5 and response["data"]["flags"] & EPHEMERAL, "thinking, privately"
    return await handle.wait_followup()


async def press(fake, message: dict[str, Any], label: str, member: str = "alice") -> dict[str, Any]:
    handle = await fake.click_button(int(message["id"]), buttons(message)[label], member)
    return await handle.wait_response()


async def type_answer(fake, message: dict[str, Any], text: str, member: str = "alice") -> dict[str, Any]:
    form = await press(fake, message, "Answer", member)
    assert form["type"] == 9, form
    submitted = await fake.submit_modal(form["data"]["custom_id"], member, {modal_text_input(form["data"]): text})
    return await submitted.wait_response()


async def test_a_private_session_wrong_then_right_then_days_later(fake_discord, tmp_path) -> None:
    fake, clock = fake_discord, Clock(NOW)
    alice, bob = fake.member("alice").id, fake.member("bob").id
    async with study_bot(fake, tmp_path, clock) as bot:
        card = await start(fake, new=2)
        assert card["flags"] & EPHEMERAL and list(buttons(card)) == ["Answer", "Show answer"]
        first = card["embeds"][0]["title"]
        assert first in ANSWERS and "new card · 2 left" in card["embeds"][0]["footer"]["text"]

        refused = await press(fake, card, "Answer", member="bob")
        assert refused["type"] == 4 and "someone else's study session" in refused["data"]["content"]
        assert refused["data"]["flags"] & EPHEMERAL

        shown = await press(fake, card, "Show answer")  # gave up: Again
        assert shown["type"] == 7
        text = embed_text(shown["data"])
        assert f"**Answer:** {ANSWERS[first]}" in text and "comes back again in" in text
        assert list(buttons(shown["data"])) == ["Next card", "Stop"]
        [review] = await bot.store.reviews(fake.guild.id, alice)
        assert (review.rating, review.source) == (AGAIN, "study"), "stored before it was shown"

        message = fake.messages[int(card["id"])]
        titles = [first]
        for _ in range(8):
            following = await press(fake, message, "Next card" if "Next card" in buttons(message) else "Finish")
            message = fake.messages[int(card["id"])]
            if "Answer" not in buttons(message):
                break
            title = message["embeds"][0]["title"]
            titles.append(title)
            clock.advance(seconds=20)
            answered = await type_answer(fake, message, ANSWERS[title].lower())
            assert answered["type"] == 7 and "✅ Correct." in embed_text(answered["data"]), answered
            message = fake.messages[int(card["id"])]
        assert following["type"] == 7
        summary = embed_text(fake.messages[int(card["id"])])
        assert "You reviewed" in summary and "next card is due" in summary
        assert titles.count(first) >= 2, "the card missed came back in the same session"
        memory = await bot.store.get_srs(fake.guild.id, alice, review.card_key)
        assert memory is not None and memory.due - clock.now >= timedelta(days=1), "learnt: back days later"
        assert GOOD in [r.rating for r in await bot.store.reviews(fake.guild.id, alice, review.card_key)]
        assert await bot.store.reviews(fake.guild.id, bob) == [], "bob's press changed nothing"
        assert await bot.store.study_new_per_day(fake.guild.id, alice) == 2, "new: is remembered"
        assert (await bot.store.leaderboard(fake.guild.id, "all")).total == 0, "study scores no points"

        stats = await fake.invoke_command("stats", member="bob", options={"member": fake.member("alice")})
        fields = {f["name"]: f["value"] for f in (await stats.wait_response())["data"]["embeds"][0]["fields"]}
        assert fields["Memory"].startswith("**2** cards: "), "another member sees totals only"
        assert "Capital of" not in str(fields), "never the cards or answers"

        again = await start(fake)
        assert "Nothing to study" in again["content"] and "next card is due <t:" in again["content"]
        assert again["flags"] & EPHEMERAL


async def make_due(bot, guild: int, member: int, at: datetime) -> None:
    """One card of the capitals deck, reviewed a day before ``at`` and due an hour before it."""
    from bot.storage import ScheduledReview

    await bot.store.record_review(
        guild, member, "capitals:one", "capitals", "recall",
        lambda state, usual, when: ScheduledReview(3, {"state": 2, "stability": 3.0}, at - timedelta(hours=1), None, 3.0),
        at=at - timedelta(days=1),
    )


async def test_reminders_fire_once_at_the_local_time_and_stop_on_closed_messages(fake_discord, tmp_path) -> None:
    fake = fake_discord
    london_nine = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # London keeps UTC in December
    clock = Clock(london_nine - timedelta(hours=3))
    alice, bob, carol = fake.member("alice"), fake.member("bob"), fake.member("carol")
    bob.user.dms_closed = True
    async with study_bot(fake, tmp_path, clock) as bot:
        guild = fake.guild.id
        for name in ("alice", "bob", "carol"):
            handle = await fake.invoke_command(
                "study", subcommand="remind", member=name, options={"state": "on", "time": "9:00", "timezone": "Europe/London"})
            reply = (await handle.wait_response())["data"]
            assert reply["flags"] & EPHEMERAL and "**09:00** (Europe/London)" in reply["content"]
        await make_due(bot, guild, alice.id, london_nine)
        await make_due(bot, guild, bob.id, london_nine)  # carol has nothing due: no message for her
        cog = bot.get_cog("StudyCog")

        clock.now = london_nine - timedelta(minutes=1)
        assert await cog.reminders.run_due() == []
        clock.now = london_nine
        assert await cog.reminders.run_due() == [(guild, alice.id)]
        [dm] = fake.history(fake.dm_channel(alice.user))
        assert "You have **1** card due in **" in dm["content"] and "/study start" in dm["content"]
        assert fake.history(fake.dm_channel(carol.user)) == []
        clock.now = london_nine + timedelta(minutes=5)
        assert await cog.reminders.run_due() == [], "once a day"
        assert len(fake.history(fake.dm_channel(alice.user))) == 1

        off = await bot.store.study_reminder(guild, bob.id)
        assert off is not None and not off.enabled and off.off_reason == "closed_dm", "a closed inbox turns it off"
        note = await start(fake, member="bob")
        assert "direct messages are closed" in (note["content"] or "") and note["flags"] & EPHEMERAL
        assert (await bot.store.study_reminder(guild, bob.id)).off_reason is None, "told once"

        clock.now = london_nine + timedelta(days=1)
        assert await cog.reminders.run_due() == [(guild, alice.id)], "the next day, again"
        handle = await fake.invoke_command("study", subcommand="remind", member="alice", options={"state": "off"})
        assert "off" in (await handle.wait_response())["data"]["content"]
        clock.now = london_nine + timedelta(days=2)
        assert await cog.reminders.run_due() == []


async def test_deck_info_shows_what_the_group_knows_and_its_map(fake_discord, tmp_path) -> None:
    from bot.decks import card_key
    from bot.srs import AGAIN, DEFAULT
    from tests.cogs.test_boards import assert_picture

    fake, clock = fake_discord, Clock(NOW)
    async with study_bot(fake, tmp_path, clock) as bot:
        guild = fake.guild.id
        handle = await fake.invoke_command("deck", subcommand="info", member="alice", options={"name": "capitals"})
        first = await handle.wait_response()
        data = first["data"] if first["type"] == 4 else await handle.wait_followup()
        fields = {f["name"]: f["value"] for f in data["embeds"][0]["fields"]}
        assert fields["The group's memory"].startswith("Nobody has studied this deck yet")
        assert data.get("attachments", []) == [], "no map before anyone studied"

        loaded = await bot.library.get(guild, "capitals")
        peru = next(c for c in loaded.deck.cards if "Peru" in c.front)
        for member in (fake.member("alice").id, fake.member("bob").id):
            for card in loaded.deck.cards[:2]:
                key, rating = card_key("capitals", card), AGAIN if card is peru else EASY
                await bot.store.record_review(guild, member, key, "capitals", "recall",
                                              lambda s, u, w, key=key, rating=rating: DEFAULT.review(s, key, rating, w),
                                              at=NOW - timedelta(days=2))
        handle = await fake.invoke_command("deck", subcommand="info", member="carol", options={"name": "capitals"})
        first = await handle.wait_response()
        if first["type"] == 5:
            await handle.wait_followup()
        memory = {f["name"]: f["value"] for f in handle.original_message()["embeds"][0]["fields"]}["The group's memory"]
        assert memory.startswith("2 members studied it · 1 card nobody has met · group recall **")
        assert "Weakest: “Capital of Peru?” (" in memory
        assert assert_picture(fake, handle, "knowledge.png")[0] == 800


async def test_a_press_on_a_session_that_ended_gets_a_plain_answer(fake_discord, tmp_path) -> None:
    fake, clock = fake_discord, Clock(NOW)
    async with study_bot(fake, tmp_path, clock):
        first = await start(fake, new=3)
        second = await start(fake)
        old = await press(fake, first, "Show answer")
        assert old["type"] == 4 and old["data"]["flags"] & EPHEMERAL and "session has ended" in old["data"]["content"]
        assert (await press(fake, second, "Show answer"))["type"] == 7, "the new session answers its own presses"


async def test_study_commands_explain_bad_input_privately(fake_discord, tmp_path) -> None:
    fake = fake_discord
    async with study_bot(fake, tmp_path, Clock(NOW)) as bot:
        for options, expected in (
            ({"state": "on", "time": "25:99"}, "is not a time of day"),
            ({"state": "on", "timezone": "Mars/Olympus_Mons"}, "Mars/Olympus_Mons"),
        ):
            handle = await fake.invoke_command("study", subcommand="remind", member="alice", options=options)
            data = (await handle.wait_response())["data"]
            assert data["flags"] & EPHEMERAL and expected in data["content"], data["content"]
        assert await bot.store.study_reminder(fake.guild.id, fake.member("alice").id) is None, "nothing saved"
        handle = await fake.invoke_command("study", subcommand="start", member="alice", options={"deck": "no such deck"})
        first = await handle.wait_response()
        data = first["data"] if first["type"] == 4 else await handle.wait_followup()
        assert "There is no deck called" in data["content"] and data["flags"] & EPHEMERAL
