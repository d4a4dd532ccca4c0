"""REST API v10 routes the bot uses, each recorded, with Discord's status codes and error bodies.

Responses carry `Content-Type: application/json` exactly (discord.py compares the header
verbatim) and no rate-limit headers at all (discord.py wants all of them or none).
"""

from __future__ import annotations

import json
import re
import time
import traceback
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from aiohttp import web

from . import messages, validate
from .messages import EPHEMERAL, LOADING, ApiError
from .state import (
    ADD_REACTIONS,
    ATTACH_FILES,
    MANAGE_MESSAGES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    FakeChannel,
    RecordedCall,
    RecordedFile,
)

if TYPE_CHECKING:
    from .interactions import InteractionHandle
    from .server import FakeDiscord

Handler = Callable[["Rest", re.Match[str], RecordedCall], Awaitable[Any]]
ROUTES: list[tuple[str, re.Pattern[str], bool, Handler]] = []
NO_CONTENT = object()


def route(method: str, pattern: str, *, auth: bool = True) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ROUTES.append((method, re.compile("^" + pattern + "$"), auth, fn))
        return fn

    return register


def json_response(status: int, body: Any) -> web.Response:
    if body is NO_CONTENT:
        return web.Response(status=204)
    # body= (not text=) so aiohttp does not append "; charset=utf-8".
    return web.Response(status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


async def read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
    """JSON bodies as they are; multipart bodies as payload_json plus the uploaded files."""
    if not request.can_read_body:
        return None, []
    if request.content_type == "multipart/form-data":
        payload: Any = None
        files: list[RecordedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            data = await part.read()  # type: ignore[union-attr]
            name = part.name or ""  # type: ignore[union-attr]
            if name == "payload_json":
                payload = json.loads(data.decode("utf-8"))
            else:
                ctype = part.headers.get("Content-Type")  # type: ignore[union-attr]
                files.append(RecordedFile(name, part.filename or name, ctype, bytes(data)))  # type: ignore[union-attr]
        return payload, files
    text = await request.text()
    return (json.loads(text) if text else None), []


class Rest:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    async def handle(self, request: web.Request) -> web.Response:
        fake = self.fake
        path = "/" + request.match_info["tail"]
        try:
            body, files = await read_body(request)
        except ValueError as exc:
            body, files = {"_unreadable_body": str(exc)}, []
        call = RecordedCall(request.method, path, dict(request.query), body, files)
        fake.calls.append(call)
        try:
            if fake.outage is not None:
                raise ApiError(fake.outage, 0, f"{fake.outage}: Service Unavailable")
            for method, pattern, auth, fn in ROUTES:
                match = pattern.match(path)
                if match is None or method != request.method:
                    continue
                if auth and (fake.reject_token or request.headers.get("Authorization") != f"Bot {fake.token}"):
                    raise ApiError(401, 0, "401: Unauthorized")
                result = await fn(self, match, call)
                status, out = 200, result
                break
            else:
                call.known_route = False
                raise ApiError(404, 0, f"404: Not Found (the fake has no route {request.method} {path})")
        except ApiError as exc:
            status, out = exc.status, exc.body()
        except Exception as exc:  # a bug in the fake: answer 400 at once (a 500 makes discord.py retry for 25 s)
            fake.internal_errors.append(f"{request.method} {path}: {traceback.format_exc()}")
            status, out = 400, {"message": f"fake_discord internal error: {exc!r}", "code": 0}
        call.status, call.response = status, (None if out is NO_CONTENT else out)
        fake.notify()
        return json_response(status, out)

    # -- helpers ---------------------------------------------------------

    def channel(self, raw: str) -> FakeChannel:
        channel = self.fake.channels.get(int(raw))
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def message(self, channel: FakeChannel, raw: str) -> dict[str, Any]:
        msg = self.fake.messages.get(int(raw))
        if msg is None or msg["channel_id"] != str(channel.id) or msg.get("_deleted"):
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def require(self, channel: FakeChannel, perms: int) -> None:
        if channel.guild is None:
            return
        have = channel.guild.permissions_of(channel.guild.members[self.fake.bot_user.id])
        if have & perms != perms:
            raise ApiError(403, 50013, "Missing Permissions")

    def interaction(self, raw_token: str) -> InteractionHandle:
        handle = self.fake.interactions.get(raw_token)
        if handle is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        return handle

    def check_message(self, payload: dict[str, Any], files: list[RecordedFile]) -> None:
        errors = validate.message(payload, has_files=bool(files))
        if errors:
            code = 50006 if list(errors) == ["message"] else 50035
            raise ApiError(400, code, "Cannot send an empty message" if code == 50006 else "Invalid Form Body", errors)


# -- identity and application ---------------------------------------------


@route("GET", r"/users/@me")
async def get_me(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return rest.fake.bot_user.payload() | {"verified": True, "mfa_enabled": False, "flags": 0}


@route("GET", r"/oauth2/applications/@me")
async def get_application(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    fake = rest.fake
    return {
        "id": str(fake.application_id),
        "name": fake.bot_user.username,
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": fake.owner_user.payload(),
        "verify_key": "0" * 64,
        "flags": fake.application_flags,
        "team": None,
        "interactions_endpoint_url": None,
        "bot": fake.bot_user.payload(),
    }


@route("GET", r"/gateway")
async def get_gateway(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return {"url": rest.fake.gateway_url}


@route("GET", r"/gateway/bot")
async def get_gateway_bot(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
    return {"url": rest.fake.gateway_url, "shards": 1, "session_start_limit": limit}


# -- application commands ---------------------------------------------------


@route("PUT", r"/applications/(\d+)/commands")
@route("PUT", r"/applications/(\d+)/guilds/(\d+)/commands")
async def put_commands(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    fake = rest.fake
    if int(m.group(1)) != fake.application_id:
        raise ApiError(403, 50001, "Missing Access")
    guild_id = int(m.group(2)) if m.lastindex == 2 else None
    if guild_id is not None and guild_id not in {g.id for g in fake.guilds}:
        raise ApiError(403, 50001, "Missing Access")
    errors = validate.commands(call.json or [])
    if errors:
        raise ApiError(400, 50035, "Invalid Form Body", errors)
    fake.commands[guild_id] = [fake.registered_command(cmd, guild_id) for cmd in call.json or []]
    return fake.commands[guild_id]


@route("GET", r"/applications/(\d+)/commands")
@route("GET", r"/applications/(\d+)/guilds/(\d+)/commands")
async def get_commands(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return rest.fake.commands.get(int(m.group(2)) if m.lastindex == 2 else None, [])


# -- guilds, users, channels ----------------------------------------------


@route("GET", r"/guilds/(\d+)")
async def get_guild(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    guild = rest.fake.guild_or_404(int(m.group(1)))
    data = guild.payload(include_members=False)
    for key in ("channels", "members", "threads", "voice_states", "presences", "joined_at", "member_count"):
        data.pop(key, None)
    return data


@route("GET", r"/guilds/(\d+)/channels")
async def get_guild_channels(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return [c.payload() for c in rest.fake.guild_or_404(int(m.group(1))).channels]


@route("GET", r"/guilds/(\d+)/roles")
async def get_guild_roles(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return [r.payload() for r in rest.fake.guild_or_404(int(m.group(1))).roles]


@route("GET", r"/guilds/(\d+)/members/(\d+)")
async def get_guild_member(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    guild = rest.fake.guild_or_404(int(m.group(1)))
    member = guild.members.get(int(m.group(2)))
    if member is None:
        raise ApiError(404, 10007, "Unknown Member")
    return member.payload()


@route("GET", r"/users/(\d+)")
async def get_user(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    user = rest.fake.find_user(int(m.group(1)))
    if user is None:
        raise ApiError(404, 10013, "Unknown User")
    return user.payload()


@route("POST", r"/users/@me/channels")
async def open_dm(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    user = rest.fake.find_user(int((call.json or {}).get("recipient_id", 0)))
    if user is None:
        raise ApiError(400, 50035, "Invalid Form Body", {"recipient_id": "Unknown user"})
    return rest.fake.dm_channel(user).payload()


@route("GET", r"/channels/(\d+)")
async def get_channel(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return rest.channel(m.group(1)).payload()


@route("POST", r"/channels/(\d+)/typing")
async def typing(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    rest.channel(m.group(1))
    return NO_CONTENT


# -- channel messages --------------------------------------------------------


@route("GET", r"/channels/(\d+)/messages")
async def list_messages(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    rest.require(channel, VIEW_CHANNEL)
    msgs = [rest.fake.messages[i] for i in rest.fake.channel_messages.get(channel.id, [])]
    msgs = [x for x in msgs if not x.get("_deleted") and not x["flags"] & EPHEMERAL]
    q = call.query
    if "before" in q:
        msgs = [x for x in msgs if int(x["id"]) < int(q["before"])]
    if "after" in q:
        msgs = [x for x in msgs if int(x["id"]) > int(q["after"])]
    limit = int(q.get("limit", 50))
    if "after" in q:
        return [rest.fake.public(x) for x in msgs[:limit]][::-1]
    return [rest.fake.public(x) for x in msgs[::-1][:limit]]


@route("POST", r"/channels/(\d+)/messages")
async def create_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    payload = call.json or {}
    if channel.guild is None and channel.recipient is not None and channel.recipient.dms_closed:
        raise ApiError(403, 50007, "Cannot send messages to this user")
    rest.require(channel, VIEW_CHANNEL | SEND_MESSAGES | (ATTACH_FILES if call.files else 0))
    rest.check_message(payload, call.files)
    msg = messages.build(rest.fake, channel, rest.fake.bot_user, payload, call.files)
    return rest.fake.public(rest.fake.add_message(msg))


@route("GET", r"/channels/(\d+)/messages/(\d+)")
async def get_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    return rest.fake.public(rest.message(channel, m.group(2)))


@route("PATCH", r"/channels/(\d+)/messages/(\d+)")
async def edit_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    msg = rest.message(channel, m.group(2))
    if msg["author"]["id"] != str(rest.fake.bot_user.id):
        raise ApiError(403, 50005, "Cannot edit a message authored by another user")
    merged = {**rest.fake.public(msg), **(call.json or {})}
    rest.check_message(merged, call.files)
    messages.apply_edit(rest.fake, msg, call.json or {}, call.files)
    rest.fake.message_updated(msg)
    return rest.fake.public(msg)


@route("DELETE", r"/channels/(\d+)/messages/(\d+)")
async def delete_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    msg = rest.message(channel, m.group(2))
    if msg["author"]["id"] != str(rest.fake.bot_user.id):
        rest.require(channel, MANAGE_MESSAGES)
    rest.fake.message_deleted(msg)
    return NO_CONTENT


@route("PUT", r"/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me")
async def add_reaction(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    msg = rest.message(channel, m.group(2))
    rest.require(channel, ADD_REACTIONS | VIEW_CHANNEL)
    rest.fake.react(msg, rest.fake.bot_user, m.group(3))
    return NO_CONTENT


@route("DELETE", r"/channels/(\d+)/messages/(\d+)/reactions/([^/]+)/@me")
async def remove_reaction(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    channel = rest.channel(m.group(1))
    msg = rest.message(channel, m.group(2))
    rest.fake.unreact(msg, rest.fake.bot_user, m.group(3))
    return NO_CONTENT


# -- interactions --------------------------------------------------------------

# Which callback types Discord accepts for each interaction type.
ALLOWED_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


@route("POST", r"/interactions/(\d+)/([^/]+)/callback", auth=False)
async def interaction_callback(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    fake = rest.fake
    handle = fake.interactions.get(m.group(2))
    if handle is None or handle.id != int(m.group(1)):
        raise ApiError(404, 10062, "Unknown interaction")
    if fake.interaction_deadline is not None and time.monotonic() - handle.created > fake.interaction_deadline:
        raise ApiError(404, 10062, "Unknown interaction (answered after the 3 second deadline)")
    if handle.response is not None:
        raise ApiError(400, 40060, "Interaction has already been acknowledged.")
    body = call.json or {}
    kind = int(body.get("type", 0))
    data = body.get("data") or {}
    if kind not in ALLOWED_CALLBACKS.get(handle.type, set()):
        raise ApiError(400, 50035, "Invalid Form Body", {"type": f"callback type {kind} is not valid for interaction type {handle.type}"})
    msg: dict[str, Any] | None = None
    if kind == 4:
        rest.check_message(data, call.files)
        msg = handle.create_message(data, call.files)
    elif kind == 5:
        msg = handle.create_message({"content": ""}, [], extra_flags=LOADING | (int(data.get("flags") or 0) & EPHEMERAL))
    elif kind in (6, 7):
        msg = fake.messages.get(handle.source_message_id or 0)
        if msg is None:
            raise ApiError(400, 50035, "Invalid Form Body", {"type": "no message to update"})
        if kind == 7:
            rest.check_message({**fake.public(msg), **data}, call.files)
            messages.apply_edit(fake, msg, data, call.files)
            fake.message_updated(msg)
    elif kind == 8:
        errors = validate.autocomplete(data)
        if errors:
            raise ApiError(400, 50035, "Invalid Form Body", errors)
    elif kind == 9:
        errors = validate.modal(data)
        if errors:
            raise ApiError(400, 50035, "Invalid Form Body", errors)
        fake.modals[data["custom_id"]] = data
    handle.record_response(body, call.files, msg)
    out: dict[str, Any] = {
        "interaction": {
            "id": str(handle.id),
            "type": handle.type,
            "activity_instance_id": None,
            "response_message_id": msg["id"] if msg else None,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(msg and msg["flags"] & EPHEMERAL),
        }
    }
    if msg is not None:
        out["resource"] = {"type": kind, "message": fake.public(msg)}
    return out


@route("POST", r"/webhooks/(\d+)/([^/]+)", auth=False)
async def followup(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    handle = rest.interaction(m.group(2))
    if int(m.group(1)) != rest.fake.application_id or handle.response is None:
        raise ApiError(404, 10015, "Unknown Webhook")
    payload = call.json or {}
    rest.check_message(payload, call.files)
    original = rest.fake.messages.get(handle.response_message_id or 0)
    if handle.response_type == 5 and original is not None and original["flags"] & LOADING:
        # Discord turns the first follow-up after a deferred reply into that reply.
        messages.apply_edit(rest.fake, original, payload, call.files)
        rest.fake.message_updated(original)
        handle.followup_ids.append(int(original["id"]))
        msg = original
    else:
        msg = handle.create_message(payload, call.files, followup=True)
    return rest.fake.public(msg) if call.query.get("wait") in ("1", "true", "True") else NO_CONTENT


def _webhook_message(rest: Rest, m: re.Match[str]) -> tuple[InteractionHandle, dict[str, Any]]:
    handle = rest.interaction(m.group(2))
    if int(m.group(1)) != rest.fake.application_id:
        raise ApiError(404, 10015, "Unknown Webhook")
    which = m.group(3)
    mid = handle.response_message_id if which == "@original" else int(which)
    if mid is None or (which != "@original" and mid not in handle.followup_ids and mid != handle.response_message_id):
        raise ApiError(404, 10008, "Unknown Message")
    msg = rest.fake.messages.get(mid)
    if msg is None or msg.get("_deleted"):
        raise ApiError(404, 10008, "Unknown Message")
    return handle, msg


@route("GET", r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)", auth=False)
async def get_webhook_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    return rest.fake.public(_webhook_message(rest, m)[1])


@route("PATCH", r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)", auth=False)
async def edit_webhook_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    handle, msg = _webhook_message(rest, m)
    payload = call.json or {}
    rest.check_message({**rest.fake.public(msg), **payload}, call.files)
    messages.apply_edit(rest.fake, msg, payload, call.files)
    rest.fake.message_updated(msg)
    handle.edits.append(payload)
    return rest.fake.public(msg)


@route("DELETE", r"/webhooks/(\d+)/([^/]+)/messages/(@original|\d+)", auth=False)
async def delete_webhook_message(rest: Rest, m: re.Match[str], call: RecordedCall) -> Any:
    _, msg = _webhook_message(rest, m)
    rest.fake.message_deleted(msg)
    return NO_CONTENT
