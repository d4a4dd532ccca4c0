"""/deck end to end: uploads of every format, listing, info and removal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.shared.text import format_name

from bot.decks.readers import MAX_FILE_BYTES
from bot.storage import Attempt
from tests.decks.readers.anki_builders import build_package
from tests.helpers import EPHEMERAL, READER_FIXTURES, SEED, embed_text

# (file name, good content, format, skipped lines expected, malformed content, error words)
FORMATS = [
    ("cold war notes.txt", SEED.read_bytes(), "notes", False,
     bytes(range(256)) * 4, "is a binary file"),
    ("quizlet.txt", (READER_FIXTURES / "delimited_quizlet.txt").read_bytes(), "quizlet", True,
     b"front only\nanother line\n", "line 1: no row could be used"),
    ("questions.csv", (READER_FIXTURES / "delimited_questions.csv").read_bytes(), "csv", True,
     b'Question,Answer\n"unterminated,1950\n', "line 2: a quote mark"),
    ("cold.apkg", build_package(None, [("Nikita Khrushchev", "Soviet leader 1953-1964"), ("Mao Zedong", "Chairman of the CCP"),
                                        ("Zhou Enlai", "Premier of the PRC 1949-1976")]), "anki-package", False,
     b"PK\x03\x04 this is not really a zip", "not a valid Anki package"),
    ("trivia.yaml", (READER_FIXTURES / "yaml_trivia.yaml").read_bytes(), "trivia-yaml", True,
     b"In which year?:\n- 1949\nbad: [unclosed\n", "line 4: YAML syntax error"),
    ("basics.yaml", (READER_FIXTURES / "yaml_deck.yaml").read_bytes(), "deck-yaml", False,
     b"title: x\ncards: 5\n", "'cards:' must be a list"),
]


async def import_file(fake, filename: str, data: bytes, member: str = "manager", **options: Any):
    handle = await fake.invoke_command("deck", subcommand="import", member=member, options={"file": (filename, data), **options})
    response = await handle.wait_response()
    if response["type"] == 5:  # deferred: the answer comes as a follow-up
        return await handle.wait_followup()
    return response["data"]


@pytest.mark.parametrize(("filename", "good", "fmt", "skips", "bad", "error"), FORMATS, ids=[f[2] for f in FORMATS])
async def test_import_each_format(deckhand, fake_discord, filename, good, fmt, skips, bad, error):
    fake = fake_discord
    guild_id = fake.guild.id
    stem = Path(filename).stem
    message = await import_file(fake, filename, good)
    text = embed_text(message)
    assert message["flags"] & EPHEMERAL
    assert f"Imported deck “{stem}”" in text and f" · {format_name(fmt)} · from `{filename}`" in text, text
    assert f"**{fmt}**" not in text and f"({fmt}" not in text, "a format is named as people say it, never by its id"
    assert "Sample questions" in text and "||" in text, "samples hide their answers behind spoilers"
    assert ("Left out (" in text) == skips
    assert ("By Deckhand history club." in text) == (good.startswith(b"AUTHOR:")), "the author is shown as the deck's"
    assert "author:" not in text
    stored = await deckhand.store.get_deck(guild_id, stem)
    assert stored is not None and stored.content == good and stored.info.format == fmt
    assert deckhand.library.is_ready(guild_id, stem), "the import keeps what it read"
    reads = deckhand.library.reads
    assert (await deckhand.library.get(guild_id, stem)).deck.format == fmt
    assert deckhand.library.reads == reads, "a quiz on a deck just imported reads nothing again"
    assert f"**{stem}**" in embed_text(await list_message(fake))

    broken_name = "broken.tsv" if fmt == "quizlet" else "broken" + Path(filename).suffix
    broken = await import_file(fake, broken_name, bad)
    assert broken["flags"] & EPHEMERAL and f"❌ {broken_name}" in broken["content"] and error in broken["content"]
    assert "Traceback" not in broken["content"]
    assert await deckhand.store.get_deck(guild_id, "broken") is None


async def list_message(fake, member: str = "alice") -> dict[str, Any]:
    handle = await fake.invoke_command("deck", subcommand="list", member=member)
    return (await handle.wait_response())["data"]


async def test_names_clashes_replace_and_size_limit(deckhand, fake_discord):
    fake = fake_discord
    yaml_deck = (READER_FIXTURES / "yaml_deck.yaml").read_bytes()
    builtin = await import_file(fake, "sino-soviet-relations.txt", yaml_deck)
    assert "built-in deck" in builtin["content"]
    assert "Imported" in embed_text(await import_file(fake, "basics.yaml", yaml_deck, name="Cold War"))
    clash = await import_file(fake, "other.yaml", yaml_deck, name="cold war")
    assert "already has a deck named" in clash["content"] and "replace" in clash["content"]
    trivia = (READER_FIXTURES / "yaml_trivia.yaml").read_bytes()
    replaced = await import_file(fake, "trivia.yaml", trivia, name="Cold War", replace=True)
    assert "Replaced deck" in embed_text(replaced)
    loaded = await deckhand.library.get(fake.guild.id, "cold war")
    assert loaded.deck.format == "trivia-yaml", "the cached copy is dropped on replace"

    huge = fake.make_attachment("huge.csv", b"q,a\n" + b"x" * MAX_FILE_BYTES)
    mark = fake.mark()
    handle = await fake.invoke_command("deck", subcommand="import", member="manager", options={"file": huge})
    data = (await handle.wait_response())["data"]
    assert "huge.csv" in data["content"] and "the limit is 10 MB" in data["content"]
    assert [c for c in fake.calls[mark:] if "huge.csv" in c.path] == [], "not even downloaded"


async def test_list_info_and_remove_with_confirmation(deckhand, fake_discord):
    fake = fake_discord
    guild_id = fake.guild.id
    await import_file(fake, "basics.yaml", (READER_FIXTURES / "yaml_deck.yaml").read_bytes())
    await deckhand.store.record_attempt(
        Attempt(guild_id, fake.channel.id, fake.member("alice").id, "basics", "basics:abc", "recall", "x", "exact", True, 10, 900)
    )
    listing = embed_text(await list_message(fake))
    assert "sino-soviet-relations" in listing and "(built in)" in listing and "**basics**: 4 cards" in listing

    auto = await fake.invoke_autocomplete("deck", subcommand="info", member="alice", focused="name", options={"name": "bas"})
    await auto.wait_response()
    assert [c["value"] for c in auto.choices] == ["basics"]

    info = await fake.invoke_command("deck", subcommand="info", member="alice", options={"name": "basics"})
    await info.wait_response()
    text = embed_text(await info.wait_followup())
    assert "4** cards" in text and f"Imported by <@{fake.member('manager').id}>" in text and "Sample questions" in text
    missing = await fake.invoke_command("deck", subcommand="info", member="alice", options={"name": "nope"})
    await missing.wait_response()
    assert "no deck called" in (await missing.wait_followup())["content"]

    refused = await fake.invoke_command("deck", subcommand="remove", member="alice", options={"name": "basics"})
    assert "Manage Server" in (await refused.wait_response())["data"]["content"]
    builtin = await fake.invoke_command("deck", subcommand="remove", member="manager", options={"name": "sino-soviet-relations"})
    assert "built in" in (await builtin.wait_response())["data"]["content"]

    ask = await fake.invoke_command("deck", subcommand="remove", member="manager", options={"name": "basics"})
    await ask.wait_response()
    prompt = await ask.wait_original()
    ids = {b["label"]: b["custom_id"] for row in prompt["components"] for b in row["components"]}
    other = await fake.click_button(int(prompt["id"]), ids["Remove deck"], "owner")
    assert "Only the member who asked" in (await other.wait_response())["data"]["content"]
    assert await deckhand.store.get_deck(guild_id, "basics") is not None
    confirm = await fake.click_button(int(prompt["id"]), ids["Remove deck"], "manager")
    assert "Removed **basics**" in (await confirm.wait_response())["data"]["content"]
    assert await deckhand.store.get_deck(guild_id, "basics") is None
    assert "basics" not in await deckhand.library.names(guild_id)
    board = await deckhand.store.leaderboard(guild_id, "all", deck="basics")
    assert board.rows[0].points == 10, "scores that used the deck are kept"


async def test_import_is_for_managers(deckhand, fake_discord):
    data = await import_file(fake_discord, "basics.yaml", (READER_FIXTURES / "yaml_deck.yaml").read_bytes(), member="alice")
    assert data["flags"] & EPHEMERAL and "Manage Server" in data["content"]
    assert await deckhand.store.list_decks(fake_discord.guild.id) == []


async def test_a_red_list_shows_its_description_and_never_asks_it(deckhand, fake_discord):
    red = b"AUTHOR: Quiz club\nDESCRIPTION: Capitals of South America.\nCapital of Peru?:\n- Lima\nCapital of Chile?:\n- Santiago\n"
    text = embed_text(await import_file(fake_discord, "capitals.yaml", red))
    assert "**2** cards" in text and "*Capitals of South America.*" in text
    loaded = await deckhand.library.get(fake_discord.guild.id, "capitals")
    assert [c.front for c in loaded.deck.cards] == ["Capital of Peru?", "Capital of Chile?"]
    handle = await fake_discord.invoke_command("deck", subcommand="info", member="alice", options={"name": "capitals"})
    await handle.wait_response()
    info = embed_text(await handle.wait_followup())
    assert "*Capitals of South America.*" in info and "DESCRIPTION" not in info


async def test_import_keeps_the_chosen_side_and_says_how_cards_are_asked(deckhand, fake_discord):
    vocab = b"the dog\tel perro\nthe cat\tel gato\nthe house\tla casa\nthe bread\tel pan\n"
    text = embed_text(await import_file(fake_discord, "spanish.tsv", vocab, direction="front"))
    assert "How cards are asked" in text and "4 typed · 0 choice only · 0 flip cards" in text
    stored = await deckhand.store.get_deck(fake_discord.guild.id, "spanish")
    assert stored.info.direction == "front"
    assert (await deckhand.library.get(fake_discord.guild.id, "spanish")).direction == "front"
    handle = await fake_discord.invoke_command("deck", subcommand="info", member="alice", options={"name": "spanish"})
    await handle.wait_response()
    info = embed_text(await handle.wait_followup())
    assert "Shows the **front** of two-sided cards (answer with the back)." in info
    essays = b"question,answer\nWhat does Federalist 78 argue?,\"That the judiciary is the least dangerous branch, with neither force nor will.\"\n"
    text = embed_text(await import_file(fake_discord, "law.csv", essays))
    assert "0 typed · 0 choice only · 1 flip cards" in text


async def test_quota_refuses_before_download_and_list_shows_the_usage(fake_discord, tmp_path):
    from tests.cogs.conftest import make_settings, running_bot, start_deckhand

    fake = fake_discord
    settings = make_settings(fake, tmp_path, deck_quota_decks=2, deck_quota_bytes=3000)
    bot, store = await start_deckhand(fake, settings)
    try:
        async with running_bot(bot, fake):
            yaml_deck = (READER_FIXTURES / "yaml_deck.yaml").read_bytes()
            assert len(yaml_deck) < 1500
            assert "Imported" in embed_text(await import_file(fake, "one.yaml", yaml_deck))
            big = fake.make_attachment("big.csv", b"q,a\n" + b"x,y\n" * 800)
            mark = fake.mark()
            handle = await fake.invoke_command("deck", subcommand="import", member="manager", options={"file": big})
            refused = (await handle.wait_response())["data"]
            assert refused["flags"] & EPHEMERAL
            assert "the limit is 2.9 KB" in refused["content"] and "/deck remove" in refused["content"], refused["content"]
            assert [c for c in fake.calls[mark:] if "big.csv" in c.path] == [], "not even downloaded"
            assert "Imported" in embed_text(await import_file(fake, "two.yaml", yaml_deck))
            third = await import_file(fake, "three.yaml", yaml_deck)
            assert "the most it may keep (2)" in third["content"], third
            # Replacing a deck frees its own room.
            assert "Replaced" in embed_text(await import_file(fake, "two.yaml", yaml_deck, replace=True))
            listing = await list_message(fake)
            from bot.decks import size_text

            assert f"2 of 2 decks · {size_text(2 * len(yaml_deck))} of 2.9 KB" in listing["embeds"][0]["footer"]["text"]
            assert await store.deck_usage(fake.guild.id) == (2, 2 * len(yaml_deck))
    finally:
        await store.close()


async def test_a_deck_reply_shows_its_name_and_title_as_written(deckhand, fake_discord):
    """Names and deck titles are typed by people: their underscores and stars must not turn into markdown."""
    data = b"title: Python __dunder__ *args*\ncards:\n- front: What does len() return?\n  back: The length\n"
    message = await import_file(fake_discord, "deck.yaml", data, name="py_basics")
    title = message["embeds"][0]["title"]
    assert title == "Imported deck “py\\_basics”: Python \\_\\_dunder\\_\\_ \\*args\\*", title
    assert "`/quiz start deck: py_basics`" in embed_text(message), "the command to copy is shown exactly"
    handle = await fake_discord.invoke_command("deck", subcommand="info", member="alice", options={"name": "py_basics"})
    shown = (await handle.wait_response())["data"]
    if "embeds" not in shown:
        shown = await handle.wait_followup()
    assert shown["embeds"][0]["title"] == "py\\_basics: Python \\_\\_dunder\\_\\_ \\*args\\*"
