"""The fake checked against the real discord.py client: a tiny bot logs in, syncs, and answers users."""

from __future__ import annotations

import io
from typing import AsyncIterator

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .fixtures import ErrorLogCollector, error_logs, fake_discord, running_bot  # noqa: F401
from .messages import EPHEMERAL
from .server import FakeDiscord
from .state import MANAGE_MESSAGES


class PressView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Press", custom_id="press")
    async def press(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(f"pressed by {interaction.user.name}")

    @discord.ui.button(label="Edit", custom_id="edit")
    async def edit(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"edited by {interaction.user.name}", view=None)

    @discord.ui.select(custom_id="level", options=[discord.SelectOption(label=x) for x in ("easy", "hard")])
    async def level(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"level {select.values[0]}")

    @discord.ui.button(label="Off", custom_id="off", disabled=True)
    async def off(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        raise AssertionError("a disabled button cannot be clicked")


class NameModal(discord.ui.Modal, title="Who are you?"):
    name = discord.ui.TextInput(label="Your name", custom_id="name", max_length=20)
    note = discord.ui.TextInput(label="Note", custom_id="note", required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"hello {self.name.value} ({self.note.value or '-'})", ephemeral=True)


class TinyBot(commands.Bot):
    def __init__(self, guild_id: int, *, intents: discord.Intents | None = None) -> None:
        if intents is None:
            intents = discord.Intents.default()
            intents.message_content = True
            intents.members = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
        self.guild_id = guild_id
        self.add_commands()

    def add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Answers pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @tree.command(description="Shows a button")
        async def buttons(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("press it", view=PressView())

        @tree.command(description="Asks for a name")
        async def ask(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(NameModal(custom_id="name_modal"))

        @tree.command(description="Reads an uploaded file")
        async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
            data = await file.read()
            await interaction.response.send_message(f"{file.filename}: {data.decode()}")

        @tree.command(description="Thinks, then answers")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("done thinking")
            await interaction.followup.send("and one more")

        @tree.command(description="Edits its own answer")
        async def revise(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("v1", file=discord.File(io.BytesIO(b"card data"), "cards.txt"))
            await interaction.edit_original_response(content="v2")
            message = await interaction.original_response()
            await interaction.followup.send(f"now {message.content} with {message.attachments[0].filename}")

        @tree.command(description="Fails on purpose")
        async def broken(interaction: discord.Interaction) -> None:
            raise RuntimeError("broken on purpose")

        async def deck_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            names = ["cold war", "cuba", "sino-soviet split"]
            return [app_commands.Choice(name=n, value=n) for n in names if current in n]

        deck = app_commands.Group(name="deck", description="Deck commands")

        @deck.command(name="pick", description="Picks a deck for someone")
        @app_commands.autocomplete(name=deck_names)
        async def pick(interaction: discord.Interaction, name: str, who: discord.Member, rounds: int = 3) -> None:
            perms = interaction.permissions.manage_messages
            await interaction.response.send_message(f"{who.display_name} gets {name} x{rounds} (mod={perms})", ephemeral=True)

        tree.add_command(deck)

    async def setup_hook(self) -> None:
        await self.tree.sync(guild=discord.Object(self.guild_id))
        self.tree.copy_global_to(guild=discord.Object(self.guild_id))
        await self.tree.sync(guild=discord.Object(self.guild_id))

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not message.content.startswith("!echo "):
            return
        await message.channel.send(f"{message.author.name} said {message.content[6:]}", allowed_mentions=discord.AllowedMentions.none())


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[TinyBot]:
    client = TinyBot(fake_discord.guild.id)
    async with running_bot(client, fake_discord):
        yield client


async def test_login_ready_and_guild_create(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
    assert bot.application_id == fake_discord.application_id
    guild = bot.get_guild(fake_discord.guild.id)
    assert guild is not None and guild.name == "Study Hall"
    assert {c.name for c in guild.text_channels} == {"general", "quiz"}
    alice = guild.get_member(fake_discord.member("alice").id)
    mod = guild.get_member(fake_discord.member("mod").id)
    manager = guild.get_member(fake_discord.member("manager").id)
    assert alice is not None and mod is not None and manager is not None
    assert not alice.guild_permissions.manage_messages
    assert mod.guild_permissions.manage_messages and not mod.guild_permissions.manage_guild
    assert manager.guild_permissions.manage_guild
    assert guild.owner_id == fake_discord.owner_user.id
    assert fake_discord.gateway.identify_count == 1
    assert [c.method + " " + c.path for c in fake_discord.calls[:2]] == ["GET /users/@me", "GET /oauth2/applications/@me"]


async def test_command_sync_is_recorded(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    path = rf"^/applications/{fake_discord.application_id}/guilds/{fake_discord.guild.id}/commands$"
    syncs = fake_discord.calls_to("PUT", path)
    assert len(syncs) == 2 and syncs[0].json == []
    names = sorted(c["name"] for c in syncs[1].json)
    assert names == ["ask", "broken", "buttons", "deck", "ping", "revise", "slow", "upload"]
    assert fake_discord.command("ping")["id"] == next(c["id"] for c in syncs[1].response if c["name"] == "ping")


async def test_slash_command_gets_a_response(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_command("ping", member="alice")
    response = await handle.wait_response()
    assert response["type"] == 4 and response["data"]["content"] == "pong"
    original = handle.original_message()
    assert original is not None and original["content"] == "pong"
    assert fake_discord.history("general")[-1]["id"] == original["id"]
    # a second answer to the same interaction is refused, as Discord does
    assert fake_discord.calls_to("POST", r"/callback$")[0].status == 200


async def test_deferred_reply_then_followups(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_command("slow", member="bob", channel="quiz")
    assert (await handle.wait_response())["type"] == 5
    second = await handle.wait_followup(1)
    original = handle.original_message()
    assert original is not None and original["content"] == "done thinking"
    assert not original["flags"] & (1 << 7)
    assert second["content"] == "and one more" and second["id"] != original["id"]


async def test_button_click(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    shown = await fake_discord.invoke_command("buttons", member="alice")
    message = await shown.wait_original()
    with pytest.raises(ValueError, match="disabled"):
        await fake_discord.click_button(int(message["id"]), "off", "bob")
    click = await fake_discord.click_button(int(message["id"]), "press", "bob")
    response = await click.wait_response()
    assert response["data"]["content"] == "pressed by bob"
    picked = await fake_discord.select(int(message["id"]), "level", "carol", ["hard"])
    assert (await picked.wait_response())["data"]["content"] == "level hard"
    edit = await fake_discord.click_button(int(message["id"]), "edit", "alice")
    assert (await edit.wait_response())["type"] == 7
    updated = fake_discord.history("general")[-3]
    assert updated["id"] == message["id"] and updated["content"] == "edited by alice" and updated["components"] == []
    with pytest.raises(LookupError):
        await fake_discord.click_button(int(message["id"]), "press", "bob")


async def test_files_edits_and_original_response(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_command("revise", member="alice")
    followup = await handle.wait_followup()
    assert followup["content"] == "now v2 with cards.txt"
    assert handle.response_files[0].data == b"card data"
    assert [c.method for c in fake_discord.calls if "/webhooks/" in c.path] == ["PATCH", "GET", "POST"]


async def test_bot_messages_files_reactions_replies(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake_discord.channel.id)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("deck attached", file=discord.File(io.BytesIO(b"Q;A"), "deck.csv"))
    assert sent.attachments[0].filename == "deck.csv"
    assert await sent.attachments[0].read() == b"Q;A"
    await sent.add_reaction("\N{THUMBS UP SIGN}")
    assert fake_discord.reactions(sent.id) == {"\N{THUMBS UP SIGN}": [fake_discord.bot_user.id]}
    edited = await sent.edit(content="deck v2")
    assert edited.content == "deck v2" and fake_discord.messages[sent.id]["edited_timestamp"]
    user_msg = await fake_discord.send_message(channel.id, "bob", "question?")
    fetched = await channel.fetch_message(user_msg)
    reply = await fetched.reply("answer", mention_author=False)
    assert reply.reference is not None and reply.reference.message_id == user_msg
    await reply.delete()
    assert [m["content"] for m in fake_discord.history(channel.id)] == ["deck v2", "question?"]
    alice = fake_discord.member("alice")
    member = channel.guild.get_member(alice.id)
    assert member is not None
    await member.send("your streak is 3")
    assert [m["content"] for m in fake_discord.history(fake_discord.dm_channel(alice.user))] == ["your streak is 3"]


async def test_modal_submit(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    asked = await fake_discord.invoke_command("ask", member="carol")
    modal = (await asked.wait_response())["data"]
    assert asked.response_type == 9 and modal["custom_id"] == "name_modal"
    with pytest.raises(ValueError, match="required"):
        await fake_discord.submit_modal("name_modal", "carol", {"note": "x"})
    submitted = await fake_discord.submit_modal("name_modal", "carol", {"name": "Carol"})
    response = await submitted.wait_response()
    assert response["data"]["content"] == "hello Carol (-)"
    assert response["data"]["flags"] & EPHEMERAL


async def test_options_subcommand_autocomplete_and_permissions(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    typing = await fake_discord.invoke_autocomplete("deck", subcommand="pick", member="alice", focused="name", options={"name": "cu"})
    assert (await typing.wait_response())["type"] == 8
    assert typing.choices == [{"name": "cuba", "value": "cuba"}]
    bob = fake_discord.member("bob")
    for who, mod in (("alice", False), ("mod", True)):
        handle = await fake_discord.invoke_command("deck", subcommand="pick", member=who, options={"name": "cuba", "who": bob})
        assert (await handle.wait_response())["data"]["content"] == f"bob gets cuba x3 (mod={mod})"
    helper = fake_discord.add_member("helper", permissions=MANAGE_MESSAGES)
    handle = await fake_discord.invoke_command("deck", subcommand="pick", member=helper, options={"name": "cold war", "who": bob, "rounds": 5})
    assert (await handle.wait_response())["data"]["content"] == "bob gets cold war x5 (mod=True)"
    with pytest.raises(ValueError, match="requires"):
        await fake_discord.invoke_command("deck", subcommand="pick", member="alice", options={"name": "cuba"})


async def test_attachment_option_is_served(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    handle = await fake_discord.invoke_command("upload", member="alice", options={"file": ("deck.txt", b"Q: 1949?\nA: PRC")})
    response = await handle.wait_response()
    assert response["data"]["content"] == "deck.txt: Q: 1949?\nA: PRC"


async def test_message_create_reaches_on_message(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    alice = fake_discord.member("alice")
    sent = await fake_discord.send_message("general", alice, f"!echo hi <@{alice.id}>")
    reply = await fake_discord.wait_for_message("general", after=sent)
    assert reply["content"] == f"alice said hi <@{alice.id}>"
    assert reply["mentions"] == []
    call = await fake_discord.wait_for_call("POST", rf"^/channels/{fake_discord.channel.id}/messages$")
    assert call.json["allowed_mentions"] == {"parse": []}


async def test_resume_after_drop_loses_nothing(fake_discord: FakeDiscord, bot: TinyBot) -> None:
    await fake_discord.drop_gateway()
    sent = await fake_discord.send_message("quiz", "bob", "!echo while away")
    handle = await fake_discord.invoke_command("ping", member="alice")
    await fake_discord.wait_for_resume()
    reply = await fake_discord.wait_for_message("quiz", after=sent)
    assert reply["content"] == "bob said while away"
    assert (await handle.wait_response())["data"]["content"] == "pong"
    assert fake_discord.gateway.identify_count == 1 and fake_discord.gateway.resume_count == 1
    after = await fake_discord.send_message("quiz", "bob", "!echo back")
    assert (await fake_discord.wait_for_message("quiz", after=after))["content"] == "bob said back"


async def test_bad_token_raises_login_failure(fake_discord: FakeDiscord) -> None:
    fake_discord.reject_token = True
    with pytest.raises(discord.LoginFailure):
        async with running_bot(TinyBot(fake_discord.guild.id), fake_discord):
            pass
    assert fake_discord.calls[0].status == 401


async def test_disallowed_intent_raises(fake_discord: FakeDiscord) -> None:
    fake_discord.allowed_intents = 0
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with running_bot(TinyBot(fake_discord.guild.id), fake_discord):
            pass


async def test_without_content_intent_text_is_blank(fake_discord: FakeDiscord) -> None:
    seen: list[str] = []
    client = TinyBot(fake_discord.guild.id, intents=discord.Intents.default())

    async def record(message: discord.Message) -> None:
        seen.append(message.content)

    client.add_listener(record, "on_message")
    async with running_bot(client, fake_discord):
        await fake_discord.send_message("general", "alice", "!echo secret")
        await fake_discord.send_message("general", "alice", f"<@{fake_discord.bot_user.id}> hi")
        await fake_discord.wait_until(lambda: len(seen) == 2, 5, "two messages")
    assert seen == ["", f"<@{fake_discord.bot_user.id}> hi"]


async def test_errors_and_limits_are_visible(fake_discord: FakeDiscord, bot: TinyBot, error_logs: ErrorLogCollector) -> None:
    error_logs.allow("broken")
    await fake_discord.invoke_command("broken", member="alice")
    await fake_discord.wait_until(lambda: bool(error_logs.records), 5, "the command error to be logged")
    assert "broken" in error_logs.records[0].getMessage() or "broken" in str(error_logs.records[0].exc_info)
    channel = bot.get_channel(fake_discord.channel.id)
    assert isinstance(channel, discord.TextChannel)
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    assert too_long.value.code == 50035
    fake_discord.allow_unknown_routes = True
    with pytest.raises(discord.NotFound):
        await channel.guild.fetch_emojis()
    assert [c.path for c in fake_discord.unknown_calls()] == [f"/guilds/{channel.guild.id}/emojis"]
