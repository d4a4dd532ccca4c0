"""FakeDiscord: the loopback server plus the helpers a test uses to act as the users of a guild."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any, Callable, Iterable

from aiohttp import web

from . import interactions as ix
from . import messages
from .gateway import Gateway
from .messages import EPHEMERAL, ApiError
from .rest import Rest
from .state import (
    BOT_PERMISSIONS,
    EVERYONE_PERMISSIONS,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGE_REACTIONS,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    MANAGE_GUILD,
    MANAGE_MESSAGES,
    PRIVILEGED_INTENTS,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    RecordedCall,
    Snowflakes,
)

MemberRef = FakeMember | FakeUser | int | str
ChannelRef = FakeChannel | int | str
# GATEWAY_MESSAGE_CONTENT | GATEWAY_GUILD_MEMBERS | GATEWAY_PRESENCE application flags.
ALL_GATEWAY_FLAGS = (1 << 19) | (1 << 15) | (1 << 13)


class FakeDiscord:
    """A small Discord: one application, guilds with channels, roles and members, on 127.0.0.1."""

    def __init__(self, *, token: str = "fake-bot-token", bot_name: str = "Deckhand", guild_name: str = "Study Hall") -> None:
        self.ids = Snowflakes()
        self.token = token
        self.reject_token = False
        self.outage: int | None = None
        """While set (503, say), every REST call is answered with that status, as in a Discord outage."""
        self.allowed_intents = PRIVILEGED_INTENTS
        self.application_flags = ALL_GATEWAY_FLAGS
        self.interaction_deadline: float | None = 3.0
        self.allow_unknown_routes = False

        self.users: dict[int, FakeUser] = {}
        self.guilds: list[FakeGuild] = []
        self.channels: dict[int, FakeChannel] = {}
        self.calls: list[RecordedCall] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.interactions: dict[str, ix.InteractionHandle] = {}
        self.modals: dict[str, dict[str, Any]] = {}
        self.internal_errors: list[str] = []
        self._command_ids: dict[tuple[int | None, str, int], int] = {}

        self.bot_user = self._new_user(bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.owner_user = self._new_user("owner")
        self.gateway = Gateway(self)
        self.rest = Rest(self)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

        guild = self.add_guild(guild_name, owner=self.owner_user)
        for name in ("general", "quiz"):
            self.add_channel(name, guild=guild)
        moderator = self.add_role("Moderator", MANAGE_MESSAGES, guild=guild)
        manager = self.add_role("Manager", MANAGE_GUILD, guild=guild)
        self.add_member("alice", guild=guild)
        self.add_member("bob", guild=guild)
        self.add_member("carol", guild=guild)
        self.add_member("mod", guild=guild, roles=[moderator])
        self.add_member("manager", guild=guild, roles=[manager])

    # -- world -----------------------------------------------------------

    @property
    def guild(self) -> FakeGuild:
        return self.guilds[0]

    @property
    def channel(self) -> FakeChannel:
        return self.guild.channels[0]

    def _new_user(self, name: str, *, bot: bool = False) -> FakeUser:
        user = FakeUser(self.ids.next(), name, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, owner: FakeUser | None = None, shard: tuple[int, int] | None = None) -> FakeGuild:
        """A new server; ``shard`` (id, count) gives it an id that Discord's rule puts on that shard."""
        owner = owner or self._new_user(f"{name} owner")
        guild_id = self.ids.next()
        if shard is not None:
            while (guild_id >> 22) % shard[1] != shard[0]:
                guild_id += 1 << 22
            self.ids._last = guild_id
        guild = FakeGuild(guild_id, name, owner.id)
        guild.roles.append(FakeRole(guild.id, "@everyone", EVERYONE_PERMISSIONS))
        bot_role = FakeRole(self.ids.next(), self.bot_user.username, BOT_PERMISSIONS, position=1)
        guild.roles.append(bot_role)
        guild.members[owner.id] = FakeMember(owner, guild)
        guild.members[self.bot_user.id] = FakeMember(self.bot_user, guild, roles=[bot_role])
        self.guilds.append(guild)
        return guild

    def add_channel(self, name: str, *, guild: FakeGuild | None = None) -> FakeChannel:
        guild = guild or self.guild
        channel = FakeChannel(self.ids.next(), name, guild, position=len(guild.channels))
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        return channel

    def add_role(self, name: str, permissions: int, *, guild: FakeGuild | None = None) -> FakeRole:
        guild = guild or self.guild
        role = FakeRole(self.ids.next(), name, permissions, position=len(guild.roles))
        guild.roles.append(role)
        return role

    def add_member(self, username: str, *, guild: FakeGuild | None = None, roles: Iterable[FakeRole] = (), permissions: int = 0) -> FakeMember:
        """A new user in the guild; `permissions` (e.g. MANAGE_MESSAGES) arrive through a role of their own."""
        guild = guild or self.guild
        role_list = list(roles)
        if permissions:
            role_list.append(self.add_role(f"{username} role", permissions, guild=guild))
        user = self._new_user(username)
        member = FakeMember(user, guild, roles=role_list)
        guild.members[user.id] = member
        if self.gateway.session is not None:
            self.gateway.dispatch("GUILD_MEMBER_ADD", member.payload() | {"guild_id": str(guild.id)}, intent=INTENT_GUILD_MEMBERS)
        return member

    def member(self, who: MemberRef, guild: FakeGuild | None = None) -> FakeMember:
        return (guild or self.guild).member(who)

    def find_user(self, user_id: int) -> FakeUser | None:
        return self.users.get(user_id)

    def get_guild(self, guild_id: int) -> FakeGuild:
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise KeyError(f"no guild {guild_id}")

    def guild_or_404(self, guild_id: int) -> FakeGuild:
        try:
            return self.get_guild(guild_id)
        except KeyError:
            raise ApiError(404, 10004, "Unknown Guild") from None

    def get_channel(self, ref: ChannelRef) -> FakeChannel:
        if isinstance(ref, FakeChannel):
            return ref
        if isinstance(ref, str) and not ref.isdigit():
            return self.guild.channel(ref)
        return self.channels[int(ref)]

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        for channel in self.channels.values():
            if channel.guild is None and channel.recipient is user:
                return channel
        channel = FakeChannel(self.ids.next(), "", None, type=1, recipient=user)
        self.channels[channel.id] = channel
        return channel

    def bot_permissions(self, channel: FakeChannel) -> int:
        if channel.guild is None:
            return EVERYONE_PERMISSIONS
        return channel.guild.permissions_of(channel.guild.members[self.bot_user.id])

    def registered_command(self, cmd: dict[str, Any], guild_id: int | None) -> dict[str, Any]:
        """What Discord stores for a synced command; ids stay stable across re-syncs, as Discord's do."""
        key = (guild_id, cmd["name"], int(cmd.get("type", 1)))
        cid = self._command_ids.setdefault(key, self.ids.next())
        out = {
            "id": str(cid),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "dm_permission": True,
            "nsfw": False,
            **json.loads(json.dumps(cmd)),
        }
        if guild_id is not None:
            out["guild_id"] = str(guild_id)
        return out

    def command(self, name: str, *, guild: FakeGuild | None = None, type: int = 1) -> dict[str, Any]:
        """The synced command a user would pick: the guild's own first, then the global one."""
        guild = guild or self.guild
        for scope in (guild.id, None):
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name and int(cmd.get("type", 1)) == type:
                    return cmd
        synced = {scope: [c["name"] for c in cmds] for scope, cmds in self.commands.items()}
        raise LookupError(f"command {name!r} was never synced to the fake (synced: {synced}); did the bot call tree.sync()?")

    # -- messages ----------------------------------------------------------

    @staticmethod
    def public(msg: dict[str, Any]) -> dict[str, Any]:
        return json.loads(json.dumps({k: v for k, v in msg.items() if not k.startswith("_")}))

    def history(self, channel: ChannelRef) -> list[dict[str, Any]]:
        """Every message in the channel, oldest first, deleted ones left out."""
        ids = self.channel_messages.get(self.get_channel(channel).id, [])
        return [self.public(self.messages[i]) for i in ids if not self.messages[i].get("_deleted")]

    def add_message(self, msg: dict[str, Any]) -> dict[str, Any]:
        mid = int(msg["id"])
        self.messages[mid] = msg
        self.channel_messages.setdefault(int(msg["channel_id"]), []).append(mid)
        self._dispatch_message("MESSAGE_CREATE", msg)
        self.notify()
        return msg

    def message_updated(self, msg: dict[str, Any]) -> None:
        self._dispatch_message("MESSAGE_UPDATE", msg)
        self.notify()

    def message_deleted(self, msg: dict[str, Any]) -> None:
        msg["_deleted"] = True
        if not msg["flags"] & EPHEMERAL:
            data = {"id": msg["id"], "channel_id": msg["channel_id"]}
            if "guild_id" in msg:
                data["guild_id"] = msg["guild_id"]
            self._soft_dispatch("MESSAGE_DELETE", data, self._message_intent(msg))
        self.notify()

    def react(self, msg: dict[str, Any], user: FakeUser, emoji: str) -> None:
        users = msg.setdefault("_reactions", {}).setdefault(emoji, [])
        if user.id in users:
            return
        users.append(user.id)
        self._sync_reactions(msg)
        data = {"user_id": str(user.id), "channel_id": msg["channel_id"], "message_id": msg["id"], "emoji": _emoji(emoji), "type": 0, "burst": False}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
            member = self.get_channel(int(msg["channel_id"])).guild.members.get(user.id)  # type: ignore[union-attr]
            if member is not None:
                data["member"] = member.payload()
        self._soft_dispatch("MESSAGE_REACTION_ADD", data, INTENT_GUILD_MESSAGE_REACTIONS if "guild_id" in msg else 1 << 13)
        self.notify()

    def unreact(self, msg: dict[str, Any], user: FakeUser, emoji: str) -> None:
        users = msg.setdefault("_reactions", {}).get(emoji, [])
        if user.id in users:
            users.remove(user.id)
        self._sync_reactions(msg)
        self.notify()

    def reactions(self, message_id: int) -> dict[str, list[int]]:
        """emoji -> ids of the users who reacted with it."""
        return {k: list(v) for k, v in self.messages[message_id].get("_reactions", {}).items() if v}

    def _sync_reactions(self, msg: dict[str, Any]) -> None:
        msg["reactions"] = [
            {"emoji": _emoji(e), "count": len(u), "me": self.bot_user.id in u, "burst_colors": [], "count_details": {"burst": 0, "normal": len(u)}, "me_burst": False}
            for e, u in msg.get("_reactions", {}).items() if u
        ]

    def _message_intent(self, msg: dict[str, Any]) -> int:
        return INTENT_GUILD_MESSAGES if "guild_id" in msg else INTENT_DIRECT_MESSAGES

    def _dispatch_message(self, event: str, msg: dict[str, Any]) -> None:
        """Ephemeral messages never reach the gateway; without the content intent others' text is blanked."""
        if msg["flags"] & EPHEMERAL:
            return
        data = self.public(msg)
        session = self.gateway.session
        mentioned = any(int(u["id"]) == self.bot_user.id for u in data.get("mentions", []))
        own = data["author"]["id"] == str(self.bot_user.id)
        if session is not None and not session.intents & INTENT_MESSAGE_CONTENT and not own and not mentioned and "guild_id" in data:
            data.update(content="", embeds=[], attachments=[], components=[])
        self._soft_dispatch(event, data, self._message_intent(msg))

    def _soft_dispatch(self, event: str, data: dict[str, Any], intent: int) -> None:
        if self.gateway.session is not None:
            self.gateway.dispatch(event, data, intent=intent)

    # -- acting as users ---------------------------------------------------------

    def _require_gateway(self, what: str) -> None:
        if self.gateway.session is None:
            raise RuntimeError(f"cannot {what}: the bot has not connected to the fake gateway yet (start it and wait for ready)")

    def make_attachment(self, filename: str, data: bytes, *, channel: ChannelRef | None = None, content_type: str | None = None) -> dict[str, Any]:
        """An uploaded file served by the fake at its url; pass it as an attachment option or message attachment."""
        return messages.make_attachment(self, self.get_channel(channel or self.channel).id, filename, data, content_type=content_type)

    async def send_message(
        self,
        channel: ChannelRef,
        author: MemberRef,
        content: str,
        *,
        attachments: Iterable[dict[str, Any]] = (),
        reply_to: int | None = None,
    ) -> int:
        """A user posts a message: stored, then MESSAGE_CREATE. Returns its id."""
        self._require_gateway("send a message")
        ch = self.get_channel(channel)
        user = self._user_of(author, ch)
        payload: dict[str, Any] = {"content": content}
        if reply_to is not None:
            payload["message_reference"] = {"message_id": str(reply_to)}
        msg = messages.build(self, ch, user, payload, [])
        msg["attachments"] = list(attachments)
        self.add_message(msg)
        return int(msg["id"])

    async def edit_message(self, message_id: int, content: str) -> None:
        """A user edits their message: MESSAGE_UPDATE."""
        self._require_gateway("edit a message")
        msg = self.messages[message_id]
        messages.apply_edit(self, msg, {"content": content}, [])
        self.message_updated(msg)

    async def delete_message(self, message_id: int) -> None:
        self._require_gateway("delete a message")
        self.message_deleted(self.messages[message_id])

    async def add_reaction(self, message_id: int, member: MemberRef, emoji: str) -> None:
        self._require_gateway("react")
        msg = self.messages[message_id]
        self.react(msg, self._user_of(member, self.get_channel(int(msg["channel_id"]))), emoji)

    def _user_of(self, who: MemberRef, channel: FakeChannel) -> FakeUser:
        if channel.guild is not None:
            return channel.guild.member(who).user
        if isinstance(who, FakeMember):
            return who.user
        if isinstance(who, FakeUser):
            return who
        assert channel.recipient is not None
        return channel.recipient

    def _new_interaction(self, kind: int, channel: ChannelRef | None, member: MemberRef, source_message_id: int | None = None) -> ix.InteractionHandle:
        self._require_gateway("send an interaction")
        ch = self.get_channel(channel or self.channel)
        user = self._user_of(member, ch)
        fake_member = ch.guild.members[user.id] if ch.guild is not None else None
        handle = ix.InteractionHandle(self, kind, ch, user, fake_member, source_message_id)
        self.interactions[handle.token] = handle
        return handle

    async def invoke_command(
        self,
        name: str,
        *,
        member: MemberRef,
        channel: ChannelRef | None = None,
        options: dict[str, Any] | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
    ) -> ix.InteractionHandle:
        """A user runs /name [subcommand] with options; values are checked against the synced command."""
        handle = self._new_interaction(ix.APPLICATION_COMMAND, channel, member)
        cmd = self.command(name, guild=handle.channel.guild)
        data = ix.command_data(self, cmd, handle.channel, dict(options or {}), subcommand, None)
        self.gateway.dispatch("INTERACTION_CREATE", ix.base_payload(self, handle, data, locale))
        return handle

    async def invoke_autocomplete(
        self,
        name: str,
        *,
        member: MemberRef,
        focused: str,
        options: dict[str, Any] | None = None,
        channel: ChannelRef | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
    ) -> ix.InteractionHandle:
        """A user types into option `focused` (its partial text is options[focused], default "")."""
        handle = self._new_interaction(ix.AUTOCOMPLETE, channel, member)
        cmd = self.command(name, guild=handle.channel.guild)
        data = ix.command_data(self, cmd, handle.channel, dict(options or {}), subcommand, focused)
        self.gateway.dispatch("INTERACTION_CREATE", ix.base_payload(self, handle, data, locale))
        return handle

    async def click_button(self, message_id: int, custom_id: str, member: MemberRef, *, locale: str = "en-US") -> ix.InteractionHandle:
        """A user clicks an enabled button that is on the message."""
        return await self._component(message_id, custom_id, member, 2, {}, locale)

    async def select(self, message_id: int, custom_id: str, member: MemberRef, values: list[str], *, locale: str = "en-US") -> ix.InteractionHandle:
        """A user picks values in a string select on the message."""
        return await self._component(message_id, custom_id, member, 3, {"values": list(values)}, locale)

    async def _component(self, message_id: int, custom_id: str, member: MemberRef, component_type: int, extra: dict[str, Any], locale: str) -> ix.InteractionHandle:
        msg = self.messages.get(message_id)
        if msg is None or msg.get("_deleted"):
            raise LookupError(f"no message {message_id} to interact with")
        comp = ix.find_component(msg.get("components") or [], custom_id)
        if comp is None:
            raise LookupError(f"message {message_id} has no component {custom_id!r}; components: {msg.get('components')}")
        if comp.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled; a user cannot use it")
        if comp.get("type") != component_type:
            raise ValueError(f"component {custom_id!r} has type {comp.get('type')}, not {component_type}")
        handle = self._new_interaction(ix.MESSAGE_COMPONENT, int(msg["channel_id"]), member, source_message_id=message_id)
        data = {"custom_id": custom_id, "component_type": component_type, **extra}
        payload = ix.base_payload(self, handle, data, locale)
        payload["message"] = self.public(msg)
        self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    async def submit_modal(
        self,
        custom_id: str,
        member: MemberRef,
        values: dict[str, Any],
        *,
        channel: ChannelRef | None = None,
        locale: str = "en-US",
    ) -> ix.InteractionHandle:
        """A user fills in and submits the modal the bot last showed with this custom_id."""
        modal = self.modals.get(custom_id)
        if modal is None:
            raise LookupError(f"the bot never showed a modal {custom_id!r} (shown: {sorted(self.modals)})")
        source = next((h for h in reversed(list(self.interactions.values())) if h.modal is not None and h.modal.get("custom_id") == custom_id), None)
        handle = self._new_interaction(ix.MODAL_SUBMIT, channel or (source.channel if source else None), member, source.source_message_id if source else None)
        data = {"custom_id": custom_id, "components": ix.modal_submit_components(modal, values)}
        payload = ix.base_payload(self, handle, data, locale)
        if handle.source_message_id is not None:
            payload["message"] = self.public(self.messages[handle.source_message_id])
        self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    async def drop_gateway(self, code: int = 4000) -> None:
        """Closes the bot's socket with a resumable code; the client should RESUME and get what it missed."""
        await self.gateway.drop(code)

    # -- waiting ------------------------------------------------------------------

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                recent = ", ".join(repr(c) for c in self.calls[-8:])
                raise AssertionError(f"timed out after {timeout}s waiting for {what}; last REST calls: [{recent}]")
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), timeout=min(remaining, 0.05))
            except asyncio.TimeoutError:
                pass

    def calls_to(self, method: str, path_regex: str, *, since: int = 0) -> list[RecordedCall]:
        pattern = re.compile(path_regex)
        return [c for c in self.calls[since:] if c.method == method and pattern.search(c.path)]

    def mark(self) -> int:
        """Position in the call log; pass as `since` to only see calls made after this point."""
        return len(self.calls)

    async def wait_for_call(
        self,
        method: str,
        path_regex: str,
        *,
        timeout: float = 5.0,
        since: int = 0,
        predicate: Callable[[RecordedCall], bool] | None = None,
    ) -> RecordedCall:
        """The first answered call (at or after `since`) whose method matches and path matches the regex."""
        found: list[RecordedCall] = []

        def check() -> bool:
            found[:] = [c for c in self.calls_to(method, path_regex, since=since) if c.status and (predicate is None or predicate(c))]
            return bool(found)

        await self.wait_until(check, timeout, f"{method} {path_regex}")
        return found[0]

    async def wait_for_message(
        self,
        channel: ChannelRef,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        *,
        timeout: float = 5.0,
        after: int | None = None,
        from_bot: bool = True,
    ) -> dict[str, Any]:
        """The first message in the channel (newer than message id `after`) by the bot that satisfies predicate."""
        cid = self.get_channel(channel).id
        found: list[dict[str, Any]] = []

        def check() -> bool:
            for mid in self.channel_messages.get(cid, []):
                msg = self.messages[mid]
                if msg.get("_deleted") or (after is not None and mid <= after):
                    continue
                if from_bot and msg["author"]["id"] != str(self.bot_user.id):
                    continue
                if predicate is None or predicate(self.public(msg)):
                    found.append(self.public(msg))
                    return True
            return False

        await self.wait_until(check, timeout, f"a message in channel {cid}")
        return found[0]

    async def wait_for_resume(self, count: int = 1, timeout: float = 5.0) -> None:
        await self.wait_until(lambda: self.gateway.resume_count >= count and self.gateway.connected, timeout, f"RESUME #{count}")

    def unknown_calls(self) -> list[RecordedCall]:
        return [c for c in self.calls if not c.known_route]

    # -- server ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for discord.http.Route.BASE."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY (as a yarl.URL)."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        entry = self.files.get(request.path)
        if entry is None:
            return web.Response(status=404)
        return web.Response(body=entry[0], headers={"Content-Type": entry[1]})

    async def start(self) -> FakeDiscord:
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{tail:.*}", self._serve_file)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.on_shutdown.append(lambda _app: self.gateway.close_all())
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self.gateway.close_all()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _emoji(raw: str) -> dict[str, Any]:
    """'👍' or 'name:id' (as discord.py puts custom emoji in the path) to an emoji object."""
    if ":" in raw:
        name, _, eid = raw.partition(":")
        return {"id": eid, "name": name, "animated": False}
    return {"id": None, "name": raw}
