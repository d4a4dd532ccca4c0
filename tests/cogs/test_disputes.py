"""Disputes end to end on the fake Discord: "I was right", the moderators' decision, the alias the deck learns."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.cogs.conftest import make_settings, start_deckhand
from tests.fake_discord.fixtures import running_bot
from tests.helpers import EPHEMERAL, asked_card, embed_text, is_revealed, modal_text_input

LEADERS = b"""\
title: Leaders
cards:
  - front: Who founded the People's Republic of China?
    answers: [Mao Zedong]
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
"""
MAO = "Who founded the People's Republic of China?"
REFUSED = "Chairman Mao"


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message.get("components") or [] for c in row["components"]}


def current_front(bot, channel_id: int) -> str:
    return bot.get_cog("QuizCog").rounds[channel_id].live.session.current.question.card.front


async def play_round(fake, bot, replies: dict[str, list[tuple[str, str]]], starter: str = "carol") -> list[dict[str, Any]]:
    """A typed round of both cards; ``replies[front]`` says who types what, in order. Returns each revealed card."""
    channel = fake.channel
    handle = await fake.invoke_command(
        "quiz", subcommand="start", member=starter, options={"deck": "leaders", "questions": 2, "mode": "typed"}
    )
    await handle.wait_response()
    revealed = []
    after = None
    for _ in range(2):
        asked = await fake.wait_for_message(channel, asked_card(), after=after)
        front = current_front(bot, channel.id)
        for member, text in replies.get(front, []):
            await fake.send_message(channel, member, text)
            await asyncio.sleep(0.05)
        done = await fake.wait_for_message(channel, is_revealed, after=int(asked["id"]) - 1, timeout=15)
        revealed.append(fake.messages[int(done["id"])])
        after = int(done["id"])
    await fake.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m), timeout=15)
    return revealed


async def press(fake, message: dict[str, Any], label: str, member: str) -> dict[str, Any]:
    handle = await fake.click_button(int(message["id"]), buttons(message)[label], member)
    return await handle.wait_response()


async def settle_press(fake, message: dict[str, Any], label: str, member: str) -> tuple[dict[str, Any], Any]:
    """A moderator's Accept: answered at once (the alias check may take a moment), then the message is edited."""
    handle = await fake.click_button(int(message["id"]), buttons(message)[label], member)
    return await handle.wait_response(), handle


async def test_two_members_dispute_a_moderator_accepts_once_and_the_deck_learns(fake_discord, tmp_path) -> None:
    fake = fake_discord
    guild = fake.guild.id
    alice, bob, carol = (fake.member(n) for n in ("alice", "bob", "carol"))
    queue = fake.add_channel("disputes")
    settings = make_settings(fake, tmp_path)
    bot, store = await start_deckhand(fake, settings)
    try:
        async with running_bot(bot, fake):
            await bot.store.add_deck(guild, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
            saved = await fake.invoke_command(
                "settings", subcommand="set", member="manager", options={"disputes_channel": queue}
            )
            assert "Saved" in (await saved.wait_response())["data"]["content"]

            cards = await play_round(fake, bot, {MAO: [("alice", REFUSED), ("bob", "Zhou Enlai"), ("bob", "chairman mao!")]})
            mao_card = next(c for c in cards if MAO in embed_text(c))
            assert "I was right" in buttons(mao_card)
            assert (await bot.store.leaderboard(guild, "all")).rows[0].points == 0

            # Carol answered nothing wrong: nothing to dispute.
            nothing = await press(fake, mao_card, "I was right", "carol")
            assert "was refused" in nothing["data"]["content"] and nothing["data"]["flags"] & EPHEMERAL
            sent = await press(fake, mao_card, "I was right", "alice")
            assert "Sent to the answer moderators" in sent["data"]["content"] and sent["data"]["flags"] & EPHEMERAL
            posted = [await fake.wait_for_message(queue, lambda m: bool(m.get("embeds")))]
            # Bob's two replies were refused: he picks the one that was right.
            handle = await fake.click_button(int(mao_card["id"]), buttons(mao_card)["I was right"], "bob")
            which = await handle.wait_response()
            assert "Which of your answers" in which["data"]["content"] and which["data"]["flags"] & EPHEMERAL
            menu = await handle.wait_original()
            [select] = [c for row in menu["components"] for c in row["components"]]
            assert [o["label"] for o in select["options"]] == ["Zhou Enlai", "chairman mao!"]
            chosen = next(o["value"] for o in select["options"] if o["label"] == "chairman mao!")
            picked = await fake.select(int(menu["id"]), select["custom_id"], "bob", [chosen])
            assert "Sent to the answer moderators" in (await picked.wait_response())["data"]["content"]
            posted.append(await fake.wait_for_message(queue, lambda m: bool(m.get("embeds")), after=int(posted[0]["id"])))
            again = await press(fake, mao_card, "I was right", "alice")
            assert "already disputed" in again["data"]["content"]

            assert len([m for m in fake.history(queue) if m.get("embeds")]) == 2 and "Chairman Mao" in embed_text(posted[0]) and "Mao Zedong" in embed_text(posted[0])
            assert "1 other member" in embed_text(posted[1]), "the second sees it has company"

            refused = await press(fake, posted[0], "Accept", "carol")
            assert "Only answer moderators" in refused["data"]["content"]
            assert (await bot.store.open_disputes(guild)).__len__() == 2, "a non-moderator settles nothing"

            accepted, handle = await settle_press(fake, posted[0], "Accept", "mod")
            assert accepted["type"] == 6, "answered at once"
            await handle.wait_original(lambda m: "✅ Accepted" in embed_text(m))
            decided = fake.messages[int(posted[0]["id"])]
            assert "✅ Accepted" in embed_text(decided) and not buttons(decided), decided.get("components")
            assert await bot.store.open_disputes(guild) == [], "identical disputes settled together, once"
            _, handle = await settle_press(fake, posted[1], "Accept", "mod")
            assert "already" in (await handle.wait_followup())["content"]

            board = {r.member_id: (r.points, r.correct) for r in (await bot.store.leaderboard(guild, "all")).rows}
            assert board[alice.id] == (10, 1) and board[bob.id] == (10, 1), "re-graded and credited the base points"
            for member in (alice, bob):
                dm = await fake.wait_for_message(fake.dm_channel(member.user))
                assert "was accepted" in dm["content"] and "10 points" in dm["content"]
            shown = await fake.invoke_command("leaderboard", member="carol", options={"period": "today"})
            assert f"<@{alice.id}>" in embed_text((await shown.wait_response())["data"])

            # The next member's identical reply is right at once; the alias counts for no other card.
            cards = await play_round(fake, bot, {
                MAO: [("carol", "CHAIRMAN MAO")], "Who led the USSR during the Cuban Missile Crisis?": [("alice", "chairman mao")],
            })
            mao_card = next(c for c in cards if MAO in embed_text(c))
            assert f"<@{carol.id}> got it" in embed_text(mao_card)
            other = next(c for c in cards if MAO not in embed_text(c))
            assert f"<@{alice.id}> got it" not in embed_text(other)

            aliases = await fake.invoke_command("deck", subcommand="alias list", member="alice", options={"name": "leaders"})
            listed = embed_text((await aliases.wait_response())["data"])
            assert "Chairman Mao" in listed and "Mao Zedong" in listed

            # A reject tells the member why.
            cards = await play_round(fake, bot, {MAO: [("bob", "Deng Xiaoping")]})
            mao_card = next(c for c in cards if MAO in embed_text(c))
            sent = await press(fake, mao_card, "I was right", "bob")
            assert "Sent to the answer moderators" in sent["data"]["content"], sent
            posted = await fake.wait_for_message(queue, lambda m: "Deng" in embed_text(m))
            form = await press(fake, posted, "Reject", "mod")
            assert form["type"] == 9
            submitted = await fake.submit_modal(form["data"]["custom_id"], "mod", {modal_text_input(form["data"]): "Deng came later."})
            await submitted.wait_response()
            assert "Rejected" in embed_text(await submitted.wait_original(lambda m: "Rejected" in embed_text(m)))
            dm = await fake.wait_for_message(fake.dm_channel(bob.user), lambda m: "not accepted" in m["content"])
            assert "not accepted" in dm["content"] and "Deng came later." in dm["content"]
    finally:
        await store.close()

    # Everything survives a restart: the history, and the alias.
    bot, store = await start_deckhand(fake, settings)
    try:
        async with running_bot(bot, fake):
            history = await fake.invoke_command("disputes", subcommand="history", member="mod")
            text = embed_text((await history.wait_response())["data"])
            assert "Accepted" in text and "Rejected" in text and "Deng came later." in text
            loaded = await bot.library.get(guild, "leaders")
            assert [a for a, _ in next(iter(loaded.aliases.by_key.values()))] == [REFUSED]
            closed = await fake.invoke_command("disputes", subcommand="open", member="alice")
            assert "Only answer moderators" in (await closed.wait_response())["data"]["content"]
    finally:
        await store.close()


async def test_a_daily_answer_is_disputed_privately_or_on_the_results_and_settled_from_the_queue(fake_discord, tmp_path) -> None:
    from datetime import UTC, date, datetime, timedelta

    from tests.cogs.test_daily import answer, is_daily, is_results, posted_question, set_daily
    from tests.helpers import Clock

    fake = fake_discord
    guild = fake.guild.id
    bob = fake.member("bob")
    day = date(2025, 6, 2)
    clock = Clock(datetime(2025, 6, 2, 7, 0, tzinfo=UTC))
    bot, store = await start_deckhand(fake, make_settings(fake, tmp_path), clock=clock)
    try:
        async with running_bot(bot, fake):
            await bot.store.add_deck(guild, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
            await set_daily(fake)
            clock.now = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
            await bot.get_cog("DailyCog").run_due()
            message = await fake.wait_for_message(fake.channel, is_daily)
            question = await posted_question(bot, fake.channel.id, day)
            refused = "the Red Tsar"
            assert "❌" in await answer(fake, message, "bob", refused)
            verdict = [m for m in fake.history(fake.channel) if m.get("flags", 0) & EPHEMERAL][-1]
            assert "I was right" in buttons(verdict), "the private verdict offers a dispute"
            assert "Correct" in await answer(fake, message, "alice", question.answers[0])

            clock.now += timedelta(days=1)
            await bot.get_cog("DailyCog").run_due()
            results = await fake.wait_for_message(fake.channel, is_results)
            assert "I was right" in buttons(results), "private verdicts vanish on reload: the results offer it too"
            right = await press(fake, results, "I was right", "alice")
            assert "was refused" in right["data"]["content"]
            sent = await press(fake, results, "I was right", "bob")
            assert "Sent to the answer moderators" in sent["data"]["content"]
            again = await press(fake, verdict, "I was right", "bob")
            assert "already disputed" in again["data"]["content"], "once per answer, whichever button"

            opened = await fake.invoke_command("disputes", subcommand="open", member="mod")
            page = (await opened.wait_response())["data"]
            assert page["flags"] & EPHEMERAL and refused in embed_text(page) and "1 of 1" in embed_text(page)
            original = await opened.wait_original()
            click = await fake.click_button(int(original["id"]), buttons(original)["Accept"], "mod")
            await click.wait_response()
            done = await click.wait_original(lambda m: "No more open disputes" in (m.get("content") or ""))
            assert not buttons(done)
            post = await bot.store.get_daily_post(fake.channel.id, day)
            from bot.daily import right_key

            assert await bot.store.question_winner(guild, fake.channel.id, right_key(post.id, bob.id)) == bob.id
            streaks = await bot.store.streaks(guild, bob.id, at=clock.now)
            assert streaks.daily.current == 1, "the day counts for the streak now"
            dm = await fake.wait_for_message(fake.dm_channel(bob.user))
            assert "was accepted" in dm["content"]
    finally:
        await store.close()


async def test_a_study_answer_is_disputed_and_its_memory_corrected(fake_discord, tmp_path) -> None:
    from datetime import UTC, datetime

    from bot.srs import AGAIN, GOOD
    from tests.cogs.test_study import start, study_bot, type_answer
    from tests.helpers import Clock

    fake = fake_discord
    guild, alice = fake.guild.id, fake.member("alice").id
    clock = Clock(datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
    async with study_bot(fake, tmp_path, clock) as bot:
        card = await start(fake, new=1)
        answered = await type_answer(fake, card, "Gay Paree")
        assert "I was right" in buttons(answered["data"])
        [review] = await bot.store.reviews(guild, alice)
        assert review.rating == AGAIN
        message = fake.messages[int(card["id"])]
        other = await press(fake, message, "I was right", "bob")
        assert "someone else's study session" in other["data"]["content"]
        pressed = await press(fake, message, "I was right", "alice")
        assert pressed["type"] == 7 and "I was right" not in buttons(pressed["data"]), "disputed once"
        [dispute] = await bot.store.open_disputes(guild)
        assert (dispute.source, dispute.reply, dispute.review_id) == ("study", "Gay Paree", review.id)
        from bot.disputes import accept

        settled = await accept(bot.store, bot.library, guild, dispute.id, fake.member("mod").id, clock.now)
        assert settled.rescheduled == 1 and settled.regraded == ()
        [corrected] = await bot.store.reviews(guild, alice)
        assert corrected.rating == GOOD
        memory = await bot.store.get_srs(guild, alice, review.card_key)
        before = bot.library  # the alias now counts for the card in the next session
        loaded = await before.get(guild, "capitals")
        assert any(a == "Gay Paree" for found in loaded.aliases.by_key.values() for a, _ in found)
        assert memory.due > clock.now
        assert (await bot.store.leaderboard(guild, "all")).total == 0, "study scores no points, disputed or not"


async def test_an_exported_deck_carries_its_aliases_to_another_server(fake_discord, tmp_path) -> None:
    from bot.grading import grade
    from tests.cogs.test_decks import import_file

    fake = fake_discord
    guild = fake.guild.id
    markers = fake.add_role("Markers", 0)  # before the bot connects, so its guild knows the role
    fake.member("carol").roles.append(markers)
    bot, store = await start_deckhand(fake, make_settings(fake, tmp_path))
    try:
        async with running_bot(bot, fake):
            await bot.store.add_deck(guild, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
            added = await fake.invoke_command(
                "deck", subcommand="alias add", member="mod",
                options={"name": "leaders", "card": "People's Republic", "answer": REFUSED},
            )
            await added.wait_response()
            assert "now counts" in (await added.wait_followup())["content"]
            bad = await fake.invoke_command(
                "deck", subcommand="alias add", member="mod",
                options={"name": "leaders", "card": "People's Republic", "answer": "Khrushchev"},
            )
            await bad.wait_response()
            assert "another card" in (await bad.wait_followup())["content"], "an alias never spans two cards"
            members = await fake.invoke_command("deck", subcommand="export", member="alice", options={"name": "leaders"})
            assert "Only answer moderators" in (await members.wait_response())["data"]["content"]
            # The answer moderator role: its members manage aliases and disputes without Manage Messages.
            saved = await fake.invoke_command(
                "settings", subcommand="set", member="manager", options={"answer_moderator_role": markers}
            )
            assert f"<@&{markers.id}>" in embed_text((await saved.wait_response())["data"])
            queue = await fake.invoke_command("disputes", subcommand="open", member="carol")
            assert "No open disputes" in (await queue.wait_response())["data"]["content"]
            cleared = await fake.invoke_command(
                "settings", subcommand="set", member="manager", options={"clear": "answer_moderator_role"}
            )
            await cleared.wait_response()
            queue = await fake.invoke_command("disputes", subcommand="open", member="carol")
            assert "Only answer moderators" in (await queue.wait_response())["data"]["content"]

            handle = await fake.invoke_command("deck", subcommand="export", member="mod", options={"name": "leaders"})
            await handle.wait_response()
            message = await handle.wait_followup()
            assert "2 cards, 1 aliases" in message["content"] and message["flags"] & EPHEMERAL
            [attachment] = message["attachments"]
            assert attachment["filename"] == "leaders.yaml"
            data, _ = fake.files[attachment["url"].removeprefix(fake.base_url)]
            assert b"aliases:\n  - Chairman Mao" in data

            imported = await import_file(fake, "shared-leaders.yaml", data)
            assert "Imported deck" in embed_text(imported)
            loaded = await bot.library.get(guild, "shared-leaders")
            mao = next(c for c in loaded.deck.cards if c.front == MAO)
            assert mao.aliases == (REFUSED,) and grade("chairman mao", mao.answers, context=loaded.context).correct
            again = await fake.invoke_command("deck", subcommand="export", member="mod", options={"name": "shared-leaders"})
            await again.wait_response()
            [copy] = (await again.wait_followup())["attachments"]
            assert copy["filename"] == "shared-leaders.yaml"
            assert fake.files[copy["url"].removeprefix(fake.base_url)][0] == data, "exported again: the same file"
    finally:
        await store.close()


async def test_the_queue_pages_oldest_first_and_rejects_with_a_reason(fake_discord, tmp_path) -> None:
    from bot.decks import card_key
    from bot.disputes import Asked, dispute_attempt
    from bot.storage import Attempt

    fake = fake_discord
    guild = fake.guild.id
    bot, store = await start_deckhand(fake, make_settings(fake, tmp_path))
    try:
        async with running_bot(bot, fake):
            await bot.store.add_deck(guild, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
            loaded = await bot.library.get(guild, "leaders")
            for member, reply in (("alice", "Sun Yat-sen"), ("bob", "Chiang Kai-shek")):
                who = fake.member(member).id
                card = loaded.deck.cards[0]
                attempt = Attempt(guild, fake.channel.id, who, "leaders", card_key("leaders", card), "explicit", reply,
                                  "wrong", False, 0, 3000, "quiz", bot.clock(), f"r-{who}:1")
                stored = await bot.store.stored_attempt(guild, (await bot.store.record_attempt(attempt)).id)
                await dispute_attempt(bot.store, stored, who, Asked(card.front, card.answers), bot.clock())

            opened = await fake.invoke_command("disputes", subcommand="open", member="mod")
            first = (await opened.wait_response())["data"]
            assert "Sun Yat-sen" in embed_text(first) and "1 of 2" in embed_text(first), "oldest first"
            page = await opened.wait_original()
            nxt = await fake.click_button(int(page["id"]), buttons(page)["▶"], "mod")
            assert "Chiang Kai-shek" in embed_text((await nxt.wait_response())["data"])
            page = fake.messages[int(page["id"])]
            other = await fake.click_button(int(page["id"]), buttons(page)["Reject"], "alice")
            assert "queue yourself" in (await other.wait_response())["data"]["content"]
            form = await (await fake.click_button(int(page["id"]), buttons(page)["Reject"], "mod")).wait_response()
            assert form["type"] == 9
            done = await fake.submit_modal(form["data"]["custom_id"], "mod", {modal_text_input(form["data"]): "Wrong party."})
            shown = (await done.wait_response())["data"]
            assert "Sun Yat-sen" in embed_text(shown) and "1 of 1" in embed_text(shown), "back to the one left"
            [left] = await bot.store.open_disputes(guild)
            assert left.reply == "Sun Yat-sen"
            [settled] = await bot.store.dispute_history(guild)
            assert (settled.reply, settled.status, settled.reason) == ("Chiang Kai-shek", "rejected", "Wrong party.")
            dm = await fake.wait_for_message(fake.dm_channel(fake.member("bob").user))
            assert "Wrong party." in dm["content"]
    finally:
        await store.close()
