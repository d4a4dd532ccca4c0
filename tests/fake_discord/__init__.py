"""A loopback fake of Discord (REST API v10 + JSON gateway) for end-to-end tests of the bot.

The real discord.py client talks to it over 127.0.0.1: it logs in, syncs slash commands,
receives MESSAGE_CREATE / INTERACTION_CREATE from test "users", and every REST call it makes
is recorded. Discord's limits are enforced (2000-char content, embed sizes, modal and
autocomplete limits, 3-second interaction deadline, double acknowledgement, disabled
buttons, required options), so a bot that would fail in production fails here.

Setup (tests/conftest.py)::

    from tests.fake_discord.fixtures import error_logs, fake_discord  # noqa: F401

Fixtures and helpers (tests/fake_discord/fixtures.py)
    fake_discord        started FakeDiscord; patches discord.http.Route.BASE and
                        DiscordWebSocket.DEFAULT_GATEWAY, sets env DISCORD_API_BASE,
                        DISCORD_GATEWAY_URL, DISCORD_TOKEN; fails the test if the bot hit a
                        route the fake lacks (unless fake.allow_unknown_routes = True).
    error_logs          fails the test on any ERROR record from the discord.*, bot.*, cogs.*
                        loggers (discord.py only logs exceptions in commands and views);
                        error_logs.allow(regex) accepts expected ones; .records holds them.
    running_bot(client, fake, *, token=None, timeout=10.0)
                        async context manager: client.start(), wait until ready, close after.
                        Build the client with guild_ready_timeout=0.1.

The world (FakeDiscord())
    fake.guild "Study Hall" with fake.channel ("general") and "quiz"; roles @everyone,
    the bot's role, "Moderator" (MANAGE_MESSAGES), "Manager" (MANAGE_GUILD); members
    "owner" (guild owner: all permissions), "alice", "bob", "carol" (plain), "mod", "manager".
    fake.bot_user, fake.application_id, fake.token, fake.owner_user
    fake.member("alice") -> FakeMember (.id, .username, .permissions, .roles)
    fake.add_member(name, *, guild=None, roles=(), permissions=0) -> FakeMember
        (permissions such as state.MANAGE_MESSAGES arrive through a role of its own)
    fake.add_role(name, permissions, *, guild=None), fake.add_channel(name, *, guild=None),
    fake.add_guild(name, *, owner=None), fake.get_channel(id | name | FakeChannel)
    Wherever a member is wanted, a name, id, FakeMember or FakeUser is accepted; wherever a
    channel is wanted, a name (of fake.guild), id or FakeChannel.

Acting as users (all async; they need the bot connected)
    await fake.send_message(channel, author, content, *, attachments=(), reply_to=None) -> message id
    await fake.edit_message(message_id, content)      MESSAGE_UPDATE
    await fake.delete_message(message_id)             MESSAGE_DELETE
    await fake.add_reaction(message_id, member, emoji)
    await fake.invoke_command(name, *, member, channel=None, options=None, subcommand=None,
                              locale="en-US") -> InteractionHandle
        options: {"name": value}; users as FakeMember, FakeUser or id, roles as FakeRole,
        channels as FakeChannel, attachments as (filename, bytes[, content_type]) or
        fake.make_attachment(...) — their url is served by the fake. subcommand="group sub".
    await fake.invoke_autocomplete(name, *, member, focused, options=None, subcommand=None)
    await fake.click_button(message_id, custom_id, member) -> InteractionHandle
    await fake.select(message_id, custom_id, member, values) -> InteractionHandle
    await fake.submit_modal(custom_id, member, {field_custom_id: value}) -> InteractionHandle
        (the modal must have been shown by the bot; its layout, rows or labels, is mirrored)
    await fake.drop_gateway(code=4000); await fake.wait_for_resume()   forces a RESUME
    fake.reject_token = True        401 on /users/@me (discord.LoginFailure)
    fake.allowed_intents = 0        IDENTIFY with a privileged intent closes with 4014
                                    (discord.PrivilegedIntentsRequired)
    fake.interaction_deadline = 3.0 seconds to answer an interaction (None: no limit)

InteractionHandle
    .id .token .type .payload .channel .member
    await h.wait_response(timeout=5) -> {"type": 4|5|6|7|8|9, "data": {...}}
    h.response_type, h.response_data, h.modal, h.choices, h.response_files
    await h.wait_original(predicate=None, timeout=5) -> the original message (after edits)
    h.original_message() -> dict | None
    await h.wait_followup(index=0, timeout=5) -> message dict; h.followups; h.edits

Observing
    fake.calls: list[RecordedCall(method, path, query, json, files, status, response, known_route)]
    fake.internal_errors: bugs in the fake itself (the fixture fails the test on them)
    fake.calls_to(method, path_regex, since=0); fake.mark() -> index for `since`
    await fake.wait_for_call(method, path_regex, *, timeout=5, since=0, predicate=None)
    await fake.wait_for_message(channel, predicate=None, *, timeout=5, after=None, from_bot=True)
    fake.history(channel) -> messages oldest first; fake.messages[id]; fake.reactions(id)
    fake.command(name) -> the synced command; fake.commands[guild_id | None]
    fake.gateway.identify_count / resume_count / identify_payloads / session.intents
    await fake.wait_until(condition, timeout, what)   generic poll with a clear timeout message

Example::

    async def test_ping(fake_discord):
        bot = make_bot(guild_ready_timeout=0.1)
        async with running_bot(bot, fake_discord):
            h = await fake_discord.invoke_command("ping", member="alice")
            assert (await h.wait_response())["data"]["content"] == "pong"
"""

from .server import FakeDiscord

__all__ = ["FakeDiscord"]
