"""/quiz played end to end: the real bot against the loopback fake of Discord."""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any

from bot.decks import card_key
from bot.grading import grade
from bot.shared.text import card_markdown
from bot.srs import AGAIN, HARD
from cogs.quiz.embeds import COLOUR, RIGHT
from tests.cogs.conftest import make_settings, start_deckhand
from tests.fake_discord.fixtures import running_bot
from tests.helpers import asked_card, embed_text, is_revealed, modal_text_input

DECK = "sino-soviet-relations"


is_question = asked_card()
is_result = is_revealed


def current_question(bot, channel_id: int):
    return bot.get_cog("QuizCog").rounds[channel_id].live.session.current.question


LEADERS_YAML = """\
title: Cold War leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
    back: First Secretary of the Communist Party, 1953-1964
"""


async def import_leaders(bot, guild_id: int) -> None:
    """A one-card deck with a known answer, stored the way /deck import stores it."""
    await bot.store.add_deck(
        guild_id, "leaders", "deck-yaml", "leaders.yaml", LEADERS_YAML.encode(), imported_by=1, card_count=1
    )


async def start_quiz(fake, member: str = "alice", **options: Any):
    options = {"deck": DECK, "questions": 2, "mode": "typed", **options}
    handle = await fake.invoke_command("quiz", subcommand="start", member=member, options=options)
    response = await handle.wait_response()
    if response["type"] == 5:  # deferred while an imported deck was read
        response = {"type": 4, "data": await handle.wait_original(lambda m: bool(m.get("content")))}
    return handle, response


async def test_commands_are_synced(deckhand, fake_discord):
    names = {command["name"] for command in fake_discord.commands[None]}
    assert {"quiz", "leaderboard", "stats"} <= names
    quiz = fake_discord.command("quiz")
    assert {o["name"] for o in quiz["options"]} >= {"start", "hint", "skip", "stop"}


async def test_typed_round_two_members(deckhand, fake_discord):
    channel = fake_discord.channel
    alice, bob = fake_discord.member("alice"), fake_discord.member("bob")
    await import_leaders(deckhand, fake_discord.guild.id)
    _, response = await start_quiz(fake_discord, deck="leaders", questions=1)
    assert "Quiz!" in response["data"]["content"] and "Cold War leaders" in response["data"]["content"]
    first = await fake_discord.wait_for_message(channel, is_question)
    assert "Who led the USSR during the Cuban Missile Crisis?" in embed_text(first)

    await fake_discord.send_message(channel, bob, "stalin")
    await fake_discord.send_message(channel, bob, "stalin khrushchev brezhnev")
    assert grade("Khruschev", ["Nikita Khrushchev", "Khrushchev"]).kind == "typo"
    await fake_discord.send_message(channel, alice, "it was Khruschev")
    result = await fake_discord.wait_for_message(channel, is_result, after=int(first["id"]) - 1)
    text = embed_text(result)
    assert f"<@{alice.id}> got it" in text
    assert "**Answer:** Nikita Khrushchev" in text
    assert "First Secretary" in text, "the card's back is shown as the explanation"

    summary = await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    assert re.search(rf"🥇 `#1 +\d+ points` <@{alice.id}> · 1 correct", embed_text(summary))

    page = await deckhand.store.leaderboard(fake_discord.guild.id, "all")
    by_member = {row.member_id: row for row in page.rows}
    assert by_member[alice.id].points > 0 and by_member[alice.id].correct == 1
    assert by_member[bob.id].points == 0 and by_member[bob.id].attempts == 2

    # Every graded answer is a review of the card; a member who only watched has none.
    guild = fake_discord.guild.id
    [alice_review] = await deckhand.store.reviews(guild, alice.id)
    assert (alice_review.rating, alice_review.source, alice_review.deck) == (HARD, "quiz", "leaders"), "typo path: Hard"
    assert [r.rating for r in await deckhand.store.reviews(guild, bob.id)] == [AGAIN, AGAIN]
    assert await deckhand.store.reviews(guild, fake_discord.member("carol").id) == []
    memory = await deckhand.store.get_srs(guild, alice.id, alice_review.card_key)
    assert memory is not None and memory.due > alice_review.at, "the card comes back later"
    assert await deckhand.store.get_srs(guild, fake_discord.member("carol").id, alice_review.card_key) is None

    board = await fake_discord.invoke_command("leaderboard", member="bob", options={"period": "today"})
    board_text = embed_text((await board.wait_response())["data"])
    assert f"<@{alice.id}>" in board_text and f" {by_member[alice.id].points} points`" in board_text
    assert board_text.index(f"<@{alice.id}>") < board_text.index(f"<@{bob.id}>")
    stats = await fake_discord.invoke_command("stats", member="bob", options={"member": alice})
    stats_text = embed_text((await stats.wait_response())["data"])
    assert str(by_member[alice.id].points) in stats_text and "100%" in stats_text


async def test_close_reply_gets_one_quiet_reaction_and_guesses_never_win(deckhand, fake_discord):
    channel = fake_discord.channel
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    question_message = await fake_discord.wait_for_message(channel, is_question)
    posted = len(fake_discord.history(channel))

    several = await fake_discord.send_message(channel, "bob", "stalin khrushchev brezhnev")
    close = await fake_discord.send_message(channel, "bob", "Krushev")
    closer = await fake_discord.send_message(channel, "bob", "Kruschov")
    await fake_discord.wait_for_call("PUT", rf"/messages/{close}/reactions/")
    await fake_discord.send_message(channel, "carol", "Khrushchev")
    result = await fake_discord.wait_for_message(channel, is_result, after=int(question_message["id"]) - 1)
    assert f"<@{fake_discord.member('carol').id}> got it" in embed_text(result)

    assert fake_discord.calls_to("PUT", rf"/messages/{several}/reactions/") == []
    assert fake_discord.calls_to("PUT", rf"/messages/{closer}/reactions/") == [], "one nudge per member per question"
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    bot_posts = [m for m in fake_discord.history(channel)[posted:] if m["author"]["id"] == str(fake_discord.bot_user.id)]
    assert ["Quiz over" in embed_text(m) for m in bot_posts] == [True], "wrong and close replies post nothing"
    assert result["id"] == question_message["id"], "the answer is shown on the question's own card"


async def test_tries_are_limited(deckhand, fake_discord):
    channel = fake_discord.channel
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    await fake_discord.wait_for_message(channel, is_question)
    for guess in ("brezhnev", "lenin", "stalin", "Khrushchev"):
        await fake_discord.send_message(channel, "carol", guess)
    await fake_discord.send_message(channel, "alice", "Khrushchev")
    result = await fake_discord.wait_for_message(channel, is_result)
    assert f"<@{fake_discord.member('alice').id}> got it" in embed_text(result), "carol's fourth reply was not graded"


async def test_hint_skip_stop_and_permissions(deckhand, fake_discord):
    channel = fake_discord.channel
    await start_quiz(fake_discord, questions=3)
    await fake_discord.wait_for_message(channel, is_question)

    refused = await fake_discord.invoke_command("quiz", subcommand="hint", member="bob")
    response = await refused.wait_response()
    assert response["data"]["flags"] & 64 and "Only the member who started" in response["data"]["content"]

    hint = await fake_discord.invoke_command("quiz", subcommand="hint", member="alice")
    assert "Hint:" in (await hint.wait_response())["data"]["content"]

    skip = await fake_discord.invoke_command("quiz", subcommand="skip", member="mod")
    assert "Skipping" in (await skip.wait_response())["data"]["content"]
    result = await fake_discord.wait_for_message(channel, is_result)
    assert "Skipped" in embed_text(result)

    again = await fake_discord.invoke_command("quiz", subcommand="start", member="carol", options={"deck": DECK})
    assert "already running" in (await again.wait_response())["data"]["content"]

    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="bob")
    assert "Only the member who started" in (await stop.wait_response())["data"]["content"]
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="mod")
    assert "stopped" in (await stop.wait_response())["data"]["content"]
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    none = await fake_discord.invoke_command("quiz", subcommand="stop", member="mod")
    assert "No quiz is running" in (await none.wait_response())["data"]["content"]


async def test_choice_round_with_buttons(deckhand, fake_discord):
    channel = fake_discord.channel
    alice, bob = fake_discord.member("alice"), fake_discord.member("bob")
    await start_quiz(fake_discord, mode="choice", questions=1, seconds=10)
    message = await fake_discord.wait_for_message(channel, is_question)
    question = current_question(deckhand, channel.id)
    right = question.choices.index(question.answers[0])
    wrong = (right + 1) % 4
    buttons = [c for row in message["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["A", "B", "C", "D"]

    reply = await fake_discord.click_button(int(message["id"]), buttons[right]["custom_id"], alice)
    data = (await reply.wait_response())["data"]
    assert data["flags"] & 64 and "Locked in" in data["content"]
    again = await fake_discord.click_button(int(message["id"]), buttons[wrong]["custom_id"], alice)
    assert "already locked in" in (await again.wait_response())["data"]["content"]
    await fake_discord.click_button(int(message["id"]), buttons[wrong]["custom_id"], bob)

    result = await fake_discord.wait_for_message(channel, is_result, timeout=10)
    text = embed_text(result)
    assert "1 of 2 got it" in text and f"<@{alice.id}>" in text
    assert result["id"] == message["id"] and result["components"] == [], "the card itself, its buttons gone"
    marked = [line for line in result["embeds"][0]["description"].split("\n") if line.startswith("✅ **")]
    assert marked == [f"✅ **{'ABCD'[right]}.** {card_markdown(question.choices[right])}"], "the right choice is marked"
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    page = await deckhand.store.leaderboard(fake_discord.guild.id, "all")
    points = {row.member_id: row.points for row in page.rows}
    assert points[alice.id] > 0 and points[bob.id] == 0


async def test_answer_button_and_modal_without_message_content(fake_discord, tmp_path):
    settings = make_settings(fake_discord, tmp_path, message_content=False)
    bot, store = await start_deckhand(fake_discord, settings)
    try:
        async with running_bot(bot, fake_discord):
            channel = fake_discord.channel
            await start_quiz(fake_discord, questions=1)
            message = await fake_discord.wait_for_message(channel, is_question)
            question = current_question(bot, channel.id)
            button = message["components"][0]["components"][0]
            assert button["label"] == "Answer"
            opened = await fake_discord.click_button(int(message["id"]), button["custom_id"], "bob")
            modal = (await opened.wait_response())
            assert modal["type"] == 9
            custom_id = modal["data"]["custom_id"]
            field = opened.modal_fields()[0] if hasattr(opened, "modal_fields") else modal_text_input(modal["data"])
            submitted = await fake_discord.submit_modal(custom_id, "bob", {field: question.answers[0]})
            data = (await submitted.wait_response())["data"]
            assert data["flags"] & 64 and "Correct" in data["content"]
            result = await fake_discord.wait_for_message(channel, is_result)
            assert f"<@{fake_discord.member('bob').id}> got it" in embed_text(result)
    finally:
        await store.close()


def _assert_no_pings(fake_discord) -> None:
    sends = fake_discord.calls_to("POST", r"/channels/\d+/messages$") + fake_discord.calls_to("POST", r"/interactions/")
    assert sends
    for call in sends:
        body = call.json or {}
        body = body.get("data", body)
        mentions = body.get("allowed_mentions")
        assert mentions is not None and mentions.get("parse") == [], call
        assert not mentions.get("roles") and not mentions.get("users"), call


async def test_each_send_path_refuses_pings_even_if_the_client_default_allowed_them(deckhand, fake_discord):
    """The second layer alone: with the client's default opened up, every send still pings nobody."""
    import discord

    deckhand.allowed_mentions = discord.AllowedMentions.all()
    channel = fake_discord.channel
    await start_quiz(fake_discord, questions=1)
    await fake_discord.wait_for_message(channel, is_question)
    question = current_question(deckhand, channel.id)
    await fake_discord.send_message(channel, "bob", question.answers[0] + " @everyone")
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    _assert_no_pings(fake_discord)


async def test_the_client_default_alone_refuses_pings(deckhand, fake_discord):
    """The first layer alone: a send that names no allowed mentions still pings nobody."""
    mentions = deckhand.allowed_mentions
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (False, False, False, False)
    channel = deckhand.get_channel(fake_discord.channel.id) or deckhand.get_partial_messageable(fake_discord.channel.id)
    await channel.send(f"@everyone <@{fake_discord.member('bob').id}>")
    _assert_no_pings(fake_discord)


async def test_hostile_reply_and_long_message_never_ping(deckhand, fake_discord):
    channel = fake_discord.channel
    await start_quiz(fake_discord, questions=1)
    await fake_discord.wait_for_message(channel, is_question)
    await fake_discord.send_message(channel, "bob", "@everyone @here <@&1> " + "x" * 1900)
    question = current_question(deckhand, channel.id)
    await fake_discord.send_message(channel, "bob", question.answers[0] + " @everyone")
    await fake_discord.invoke_command("quiz", subcommand="stop", member="alice")
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    _assert_no_pings(fake_discord)


async def test_quiz_survives_a_gateway_resume(deckhand, fake_discord):
    channel = fake_discord.channel
    await start_quiz(fake_discord, questions=1, seconds=60)
    await fake_discord.wait_for_message(channel, is_question)
    question = current_question(deckhand, channel.id)
    first = fake_discord.history(channel)[-1]
    await fake_discord.drop_gateway()
    await fake_discord.wait_for_resume()
    # Nobody could answer while the connection was down: the same card asks it again, with its full time.
    await fake_discord.wait_for_call("PATCH", rf"/messages/{first['id']}$")
    again = fake_discord.history(channel)[-1]
    assert again["id"] == first["id"] and is_question(again) and again["embeds"][0]["title"] == first["embeds"][0]["title"]
    await fake_discord.send_message(channel, "carol", question.answers[0])
    result = await fake_discord.wait_for_message(channel, is_result)
    assert f"<@{fake_discord.member('carol').id}> got it" in embed_text(result)


async def test_edits_and_other_bots_are_ignored(deckhand, fake_discord):
    channel = fake_discord.channel
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    await fake_discord.wait_for_message(channel, is_question)
    other_bot = fake_discord.add_member("otherbot")
    other_bot.user.bot = True
    await fake_discord.send_message(channel, other_bot, "Khrushchev")
    guess = await fake_discord.send_message(channel, "alice", "stalin")
    await fake_discord.edit_message(guess, "Khrushchev")
    await fake_discord.send_message(channel, "carol", "Khrushchev")
    result = await fake_discord.wait_for_message(channel, is_result)
    assert f"<@{fake_discord.member('carol').id}> got it" in embed_text(result)


async def test_a_huge_card_still_fits_discord_limits(deckhand, fake_discord):
    channel = fake_discord.channel
    question = "Which treaty is described here? " + "It was signed after long talks. " * 130
    back = "Details. " * 500
    yaml = f"title: Huge\ncards:\n  - front: {question.strip()}\n    answers: [Moscow Treaty]\n    back: {back.strip()}\n"
    assert len(question) > 4000 and len(back) > 4000
    await deckhand.store.add_deck(
        fake_discord.guild.id, "huge", "deck-yaml", "huge.yaml", yaml.encode(), imported_by=1, card_count=1
    )
    await start_quiz(fake_discord, deck="huge", questions=1)
    posted = await fake_discord.wait_for_message(channel, is_question)
    assert "…" in embed_text(posted)
    await fake_discord.send_message(channel, "carol", "moscow treaty")
    result = await fake_discord.wait_for_message(channel, is_result)
    assert "**Answer:** Moscow Treaty" in embed_text(result)


async def test_a_channel_the_bot_cannot_post_in_is_refused_clearly(deckhand, fake_discord):
    from tests.fake_discord import state

    club = fake_discord.add_guild("Book Club")
    locked = fake_discord.add_channel("locked", guild=club)
    for role in club.roles:
        role.permissions &= ~state.SEND_MESSAGES
    owner = club.members[club.owner_id]
    handle = await fake_discord.invoke_command(
        "quiz", subcommand="start", member=owner, channel=locked, options={"deck": DECK}
    )
    data = (await handle.wait_response())["data"]
    assert data["flags"] & 64
    assert "I need the Send Messages permission" in data["content"]
    assert deckhand.get_cog("QuizCog").rounds == {}


async def test_two_channels_play_at_once(deckhand, fake_discord):
    general, other = fake_discord.channel, fake_discord.get_channel("quiz")
    await import_leaders(deckhand, fake_discord.guild.id)
    for channel, starter in ((general, "alice"), (other, "bob")):
        handle = await fake_discord.invoke_command(
            "quiz", subcommand="start", member=starter, channel=channel, options={"deck": "leaders", "questions": 1}
        )
        response = await handle.wait_response()
        assert response["type"] in (4, 5)
        await fake_discord.wait_for_message(channel, is_question)
    assert set(deckhand.get_cog("QuizCog").rounds) == {general.id, other.id}
    await fake_discord.send_message(other, "carol", "Khrushchev")
    await fake_discord.send_message(general, "bob", "Khrushchev")
    in_other = await fake_discord.wait_for_message(other, is_result)
    in_general = await fake_discord.wait_for_message(general, is_result)
    assert f"<@{fake_discord.member('carol').id}> got it" in embed_text(in_other)
    assert f"<@{fake_discord.member('bob').id}> got it" in embed_text(in_general)


async def test_a_big_deck_starts_without_blocking(deckhand, fake_discord):
    rows = ["term\tdefinition"] + [f"Term number {n} of the deck\tThe meaning of entry {n} in this list" for n in range(2_500)]
    await deckhand.store.add_deck(
        fake_discord.guild.id, "big", "tsv", "big.tsv", "\n".join(rows).encode(), imported_by=1, card_count=2_500
    )
    _, response = await start_quiz(fake_discord, deck="big", questions=2, mode="choice")
    assert "2 questions from" in response["data"]["content"]
    question = await fake_discord.wait_for_message(fake_discord.channel, is_question)
    assert len([c for row in question["components"] for c in row["components"]]) == 4
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="alice")
    await stop.wait_response()


SPANISH = "the dog\tel perro\nthe cat\tel gato\nthe house\tla casa\nthe bread\tel pan\nthe book\tel libro\n"


async def test_a_vocabulary_round_shows_the_side_it_is_told_to(deckhand, fake_discord):
    await deckhand.store.add_deck(
        fake_discord.guild.id, "spanish", "tsv", "spanish.tsv", SPANISH.encode(), imported_by=1, card_count=5,
        direction="back",
    )
    await deckhand.library.get(fake_discord.guild.id, "spanish")
    _, response = await start_quiz(fake_discord, deck="spanish", questions=1)
    assert "1 question from" in response["data"]["content"]
    question = await fake_discord.wait_for_message(fake_discord.channel, is_question)
    # The deck shows its back: the Spanish word, to be answered in English.
    assert "Translate: “el " in embed_text(question) or "Translate: “la " in embed_text(question)
    asked = current_question(deckhand, fake_discord.channel.id)
    await fake_discord.send_message(fake_discord.channel, "alice", asked.answers[0])
    await fake_discord.wait_for_message(fake_discord.channel, lambda m: "got it" in embed_text(m))
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="alice")
    await stop.wait_response()

    # A round may show the other side instead.
    await fake_discord.wait_for_message(fake_discord.channel, lambda m: "Quiz over" in embed_text(m))
    _, response = await start_quiz(fake_discord, deck="spanish", questions=1, direction="front")
    question = await fake_discord.wait_for_message(
        fake_discord.channel, lambda m: is_question(m) and "Translate: “the " in embed_text(m)
    )
    assert question


async def test_a_question_shows_its_cards_picture(deckhand, fake_discord):
    from PIL import Image

    from tests.decks.readers.anki_builders import Note, build_package

    out = io.BytesIO()
    Image.new("RGB", (60, 40), (255, 255, 255)).save(out, format="PNG")
    package = build_package(None, [Note(('Which flag is this? <img src="flag.png">', "Japan"))], media={"flag.png": out.getvalue()})
    await deckhand.store.add_deck(
        fake_discord.guild.id, "flags", "anki-package", "flags.apkg", package, imported_by=1, card_count=1
    )
    _, response = await start_quiz(fake_discord, deck="flags", questions=1, seconds=60)
    assert "1 question from" in response["data"]["content"]
    question = await fake_discord.wait_for_message(fake_discord.channel, is_question)
    assert [a["filename"] for a in question["attachments"]] == ["flag.png"]
    assert question["embeds"][0]["image"]["url"].endswith("flag.png")

    def shows_the_flag(card_id: str) -> None:
        [card] = [m for m in fake_discord.history(fake_discord.channel) if m["id"] == card_id]
        assert [a["filename"] for a in card["attachments"]] == ["flag.png"]
        assert card["embeds"][0]["image"]["url"].endswith("flag.png")

    await fake_discord.drop_gateway()  # asked again on the same card: the picture stays
    await fake_discord.wait_for_resume()
    await fake_discord.wait_for_call("PATCH", rf"/messages/{question['id']}$")
    shows_the_flag(question["id"])
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="alice")
    await stop.wait_response()
    await fake_discord.wait_for_message(fake_discord.channel, is_result, after=int(question["id"]) - 1)
    shows_the_flag(question["id"])  # and on the revealed card


async def test_a_read_only_database_mid_round_announces_nothing_that_is_lost(deckhand, fake_discord, error_logs):
    from tests.helpers import make_read_only

    error_logs.allow("storage is failing")
    channel = fake_discord.channel
    alice, bob = fake_discord.member("alice"), fake_discord.member("bob")
    await start_quiz(fake_discord, questions=3)
    first = await fake_discord.wait_for_message(channel, is_question)
    await fake_discord.send_message(channel, alice, current_question(deckhand, channel.id).answers[0])
    won = await fake_discord.wait_for_message(channel, is_result, after=int(first["id"]) - 1)
    assert f"<@{alice.id}> got it" in embed_text(won)
    second = await fake_discord.wait_for_message(channel, is_question, after=int(won["id"]))

    await make_read_only(deckhand.store)
    try:
        await fake_discord.send_message(channel, bob, current_question(deckhand, channel.id).answers[0])
        lost = await fake_discord.wait_for_message(channel, is_result, after=int(second["id"]) - 1)
        summary = await fake_discord.wait_for_message(channel, lambda m: "Quiz ended" in embed_text(m), after=int(lost["id"]))
    finally:
        await make_read_only(deckhand.store, False)
    text = embed_text(lost)
    assert "couldn't save" in text and f"<@{bob.id}>" not in text and "points" not in text
    podium = embed_text(summary)
    assert "could not be saved" in podium and f"<@{alice.id}>" in podium and f"<@{bob.id}>" not in podium
    await asyncio.sleep(0.2)
    later = [m for m in fake_discord.history(channel) if int(m["id"]) > int(summary["id"])]
    assert not any(is_question(m) for m in later), "the round ended"
    board = await deckhand.store.leaderboard(fake_discord.guild.id, "all")
    assert [row.member_id for row in board.rows] == [alice.id]


async def test_45_seconds_of_discord_outage_mid_round_do_not_end_it(deckhand, fake_discord):
    from tests.cogs.conftest import TIME_SCALE

    channel = fake_discord.channel
    alice, bob = fake_discord.member("alice"), fake_discord.member("bob")
    await start_quiz(fake_discord, questions=2)
    first = await fake_discord.wait_for_message(channel, is_question)
    fake_discord.outage = 503
    mark = fake_discord.mark()
    await fake_discord.send_message(channel, alice, current_question(deckhand, channel.id).answers[0])
    await asyncio.sleep(45 * TIME_SCALE)
    refused = [c for c in fake_discord.calls[mark:] if c.method in ("POST", "PATCH") and "/messages" in c.path]
    assert len(refused) >= 4, "the bot kept trying through the outage"
    fake_discord.outage = None
    won = await fake_discord.wait_for_message(channel, is_result, after=int(first["id"]) - 1, timeout=60 * TIME_SCALE)
    assert f"<@{alice.id}> got it" in embed_text(won)
    second = await fake_discord.wait_for_message(channel, is_question, after=int(won["id"]))
    await fake_discord.send_message(channel, bob, current_question(deckhand, channel.id).answers[0])
    summary = await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m), after=int(second["id"]))
    assert f"<@{alice.id}>" in embed_text(summary) and f"<@{bob.id}>" in embed_text(summary)
    assert not any("stopped because of an error" in (m.get("content") or "") for m in fake_discord.history(channel))


async def test_a_restart_keeps_the_round_and_no_resume_ends_it_with_its_standings(fake_discord, tmp_path):
    channel, alice = fake_discord.channel, fake_discord.member("alice")
    settings = make_settings(fake_discord, tmp_path)
    bot, store = await start_deckhand(fake_discord, settings)
    try:
        async with running_bot(bot, fake_discord):
            await start_quiz(fake_discord, questions=3)
            first = await fake_discord.wait_for_message(channel, is_question)
            await fake_discord.send_message(channel, alice, current_question(bot, channel.id).answers[0])
            won = await fake_discord.wait_for_message(channel, is_result, after=int(first["id"]) - 1)
            await fake_discord.wait_for_message(channel, is_question, after=int(won["id"]))
        said = fake_discord.history(channel)[-1]
        assert said["content"] == "🔁 Deckhand is restarting; this quiz will continue."
    finally:
        await store.close()
    assert not any("Quiz over" in embed_text(m) for m in fake_discord.history(channel))

    bot, store = await start_deckhand(fake_discord, settings, resume=False)
    try:
        async with running_bot(bot, fake_discord):
            ended = await fake_discord.wait_for_message(
                channel, lambda m: "interrupted by a restart" in (m.get("content") or ""), after=int(said["id"])
            )
            assert "--no-resume" in ended["content"]
            assert "🥇 `#1" in embed_text(ended) and f"<@{alice.id}>" in embed_text(ended) and "1 question" in embed_text(ended)
            assert await store.saved_rounds() == []
    finally:
        await store.close()


MARKDOWN_YAML = """\
title: Python basics
cards:
  - front: "Which method runs when `__init__` is not defined?\\nThink of *args and a _____ default."
    answers: [object init]
    back: "It is `object.__init__`.\\n- Line two stays on its own line"
"""


async def test_card_text_reaches_discord_as_written(deckhand, fake_discord):
    """Blanks, stars and underscores are escaped; code spans are not; a card's lines stay lines (the exact markdown sent)."""
    channel = fake_discord.channel
    await deckhand.store.add_deck(
        fake_discord.guild.id, "python", "deck-yaml", "python.yaml", MARKDOWN_YAML.encode(), imported_by=1, card_count=1
    )
    await start_quiz(fake_discord, deck="python", questions=1)
    question = await fake_discord.wait_for_message(channel, is_question)
    card = question["embeds"][0]
    assert card["title"] == "Which method runs when `__init__` is not defined?", "the question is the headline"
    assert card["description"].startswith("Think of \\*args and a \\_\\_\\_\\_\\_ default.\n\n⏳ Ends <t:")
    assert card["footer"]["text"] == "Python basics · 1/1", "the deck and the count, no kind names"
    await fake_discord.send_message(channel, fake_discord.member("alice"), "object init")
    result = await fake_discord.wait_for_message(channel, is_result, after=int(question["id"]) - 1)
    revealed = result["embeds"][0]
    assert result["id"] == question["id"] and revealed["title"] == card["title"], "the same card, edited"
    assert revealed["description"] == (
        "Think of \\*args and a \\_\\_\\_\\_\\_ default.\n\n"
        "**Answer:** object init\n\n"
        f"✅ <@{fake_discord.member('alice').id}> got it in {revealed['description'].split(' got it in ')[1].split(' s ')[0]} s (+"
        + revealed["description"].split(" s (+")[1].split(")")[0] + ").\n\n"
        "• It is `object.__init__`.\n• - Line two stays on its own line"
    )
    assert "⏳" not in revealed["description"] and result["components"] == []


async def test_a_shrug_in_the_channel_gets_a_short_reply_once(deckhand, fake_discord):
    from bot.quiz import SHRUG_REPLY

    channel, bob = fake_discord.channel, fake_discord.member("bob")
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    await fake_discord.wait_for_message(channel, is_question)
    shrug = await fake_discord.send_message(channel, bob, "idk")
    answered = await fake_discord.wait_for_message(channel, lambda m: m.get("content") == SHRUG_REPLY)
    assert int(answered["message_reference"]["message_id"]) == int(shrug) and answered["mentions"] == []
    await fake_discord.send_message(channel, bob, "no idea")
    await fake_discord.send_message(channel, bob, "Khrushchev")
    await fake_discord.wait_for_message(channel, is_result)
    assert sum(m.get("content") == SHRUG_REPLY for m in fake_discord.history(channel)) == 1


async def test_the_podium_offers_play_again_and_the_leaderboard(deckhand, fake_discord):
    channel, alice = fake_discord.channel, fake_discord.member("alice")
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    first = await fake_discord.wait_for_message(channel, is_question)
    await fake_discord.send_message(channel, alice, "Khrushchev")
    podium = await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    controls = {c["label"]: c for row in podium["components"] for c in row["components"]}
    assert list(controls) == ["Play again", "Leaderboard"]
    assert f"⚡ Fastest answer: <@{alice.id}> in " in embed_text(podium) and "Nobody got" not in embed_text(podium)

    board = await fake_discord.click_button(int(podium["id"]), controls["Leaderboard"]["custom_id"], "bob")
    shown = await board.wait_response()
    assert f"<@{alice.id}>" in embed_text(shown["data"]), "the board shows the round's points"

    again = await fake_discord.click_button(int(podium["id"]), controls["Play again"]["custom_id"], "bob")
    started = await again.wait_response()
    assert "Quiz!" in started["data"]["content"] and "Cold War leaders" in started["data"]["content"]
    second = await fake_discord.wait_for_message(channel, is_question, after=int(podium["id"]))
    assert int(second["id"]) > int(first["id"]) and "· 1/1" in embed_text(second)
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="bob")  # bob started this one
    await stop.wait_response()


async def test_a_round_is_one_card_per_question_edited_in_place(deckhand, fake_discord):
    """Start, one card per question and the podium: a 2-question round posts 4 messages and edits 2."""
    channel, alice = fake_discord.channel, fake_discord.member("alice")
    mark = fake_discord.mark()
    await start_quiz(fake_discord, questions=2)
    cards = []
    for number in (1, 2):
        card = await fake_discord.wait_for_message(channel, asked_card(number, 2))
        await fake_discord.send_message(channel, alice, current_question(deckhand, channel.id).answers[0])
        revealed = await fake_discord.wait_for_message(channel, lambda m, i=card["id"]: m["id"] == i and is_result(m), after=int(card["id"]) - 1)
        assert card["embeds"][0]["color"] == COLOUR.value and revealed["embeds"][0]["color"] == RIGHT.value, "turns green"
        cards.append(card)
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    posts = [c for c in fake_discord.calls[mark:] if c.method == "POST" and c.path.endswith(f"/channels/{channel.id}/messages")]
    edits = [c for c in fake_discord.calls[mark:] if c.method == "PATCH" and f"/channels/{channel.id}/messages/" in c.path]
    assert len(posts) == 3, "two cards and the podium (the start is the command's reply)"
    assert sorted(c.path.rsplit("/", 1)[1] for c in edits) == sorted(c["id"] for c in cards)


async def test_a_deleted_card_gets_its_answer_in_a_new_post(deckhand, fake_discord):
    channel, alice = fake_discord.channel, fake_discord.member("alice")
    await import_leaders(deckhand, fake_discord.guild.id)
    await start_quiz(fake_discord, deck="leaders", questions=1)
    card = await fake_discord.wait_for_message(channel, is_question)
    await fake_discord.delete_message(int(card["id"]))
    await fake_discord.send_message(channel, alice, "Khrushchev")
    result = await fake_discord.wait_for_message(channel, is_result, after=int(card["id"]))
    assert f"<@{alice.id}> got it" in embed_text(result) and "**Answer:** Nikita Khrushchev" in embed_text(result)
    assert result["embeds"][0]["title"] == "Who led the USSR during the Cuban Missile Crisis?"
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))


async def test_a_members_memory_of_an_unchanged_card_survives_a_deck_replace(deckhand, fake_discord):
    """Cards are keyed by what they say, not where they stand: a replaced deck keeps what members know."""
    from tests.cogs.test_decks import import_file

    channel, alice = fake_discord.channel, fake_discord.member("alice")
    guild = fake_discord.guild.id
    await import_file(fake_discord, "leaders.yaml", LEADERS_YAML.encode(), name="leaders")
    await start_quiz(fake_discord, deck="leaders", questions=1)
    first = await fake_discord.wait_for_message(channel, is_question)
    await fake_discord.send_message(channel, alice, "Khrushchev")
    await fake_discord.wait_for_message(channel, is_result, after=int(first["id"]) - 1)
    await fake_discord.wait_for_message(channel, lambda m: "Quiz over" in embed_text(m))
    [review] = await deckhand.store.reviews(guild, alice.id)

    grown = LEADERS_YAML.replace("cards:\n", "cards:\n  - front: Who led China in 1958?\n    answers: [Mao Zedong]\n", 1)
    await import_file(fake_discord, "leaders.yaml", grown.encode(), name="leaders", replace=True)
    loaded = await deckhand.library.get(guild, "leaders")
    keys = {card.front: card_key(loaded.name, card) for card in loaded.deck.cards}
    assert keys["Who led the USSR during the Cuban Missile Crisis?"] == review.card_key, "the same card, now second"
    assert await deckhand.store.get_srs(guild, alice.id, review.card_key) is not None
    assert await deckhand.store.get_srs(guild, alice.id, keys["Who led China in 1958?"]) is None, "a new card is new"


async def test_pick_weakest_asks_what_the_group_knows_least(deckhand, fake_discord):
    from datetime import UTC, datetime, timedelta

    from bot.srs import AGAIN, DEFAULT, GOOD

    three = LEADERS_YAML + """\
  - front: Who led China when the People's Republic was founded?
    answers: [Mao Zedong, Mao]
  - front: Which Soviet leader signed the 1950 treaty with Mao?
    answers: [Joseph Stalin, Stalin]
"""
    guild = fake_discord.guild.id
    await deckhand.store.add_deck(guild, "leaders", "deck-yaml", "leaders.yaml", three.encode(), imported_by=1, card_count=3)
    loaded = await deckhand.library.get(guild, "leaders")
    weakest = next(c for c in loaded.deck.cards if "1950 treaty" in c.front)
    now = datetime.now(UTC)
    for member in (fake_discord.member("alice").id, fake_discord.member("bob").id):
        for card in loaded.deck.cards:
            key, rating = card_key("leaders", card), AGAIN if card is weakest else GOOD
            await deckhand.store.record_review(
                guild, member, key, "leaders", "recall",
                lambda state, usual, when, key=key, rating=rating: DEFAULT.review(state, key, rating, when),
                at=now - timedelta(days=3),
            )
    await start_quiz(fake_discord, deck="leaders", questions=1, pick="weakest")
    card = await fake_discord.wait_for_message(fake_discord.channel, is_question)
    assert "1950 treaty" in embed_text(card), "the card the group keeps missing"
    stop = await fake_discord.invoke_command("quiz", subcommand="stop", member="alice")
    await stop.wait_response()
    await fake_discord.wait_for_message(fake_discord.channel, lambda m: "Quiz" in embed_text(m) and "question" in embed_text(m)
                                        and not is_question(m))
