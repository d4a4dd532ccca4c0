"""/study start on the fake Discord: a private session, due cards first, every answer stored as it is given."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.srs import AGAIN, GOOD
from tests.cogs.conftest import make_settings, start_deckhand
from tests.fake_discord.fixtures import running_bot
from tests.helpers import EPHEMERAL, Clock, embed_text, modal_text_input

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
CAPITALS = b"""\
title: Capitals
cards:
  - front: Capital of France?
    answers: [Paris]
  - front: Capital of Peru?
    answers: [Lima]
  - front: Capital of Kenya?
    answers: [Nairobi]
"""
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
