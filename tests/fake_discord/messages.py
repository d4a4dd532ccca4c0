"""Builds and edits message payloads the way Discord does: ids, attachments served by the fake, mentions, replies."""

from __future__ import annotations

import copy
import mimetypes
import re
from typing import TYPE_CHECKING, Any

from .state import FakeChannel, FakeUser, RecordedFile, iso_now

if TYPE_CHECKING:
    from .server import FakeDiscord

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class ApiError(Exception):
    """Raised inside a route to answer with Discord's JSON error shape."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = {k: {"_errors": [{"code": "INVALID", "message": v}]} for k, v in self.errors.items()}
        return body


def make_attachment(fake: FakeDiscord, channel_id: int, filename: str, data: bytes, *, content_type: str | None = None, description: str | None = None) -> dict[str, Any]:
    """Stores the bytes on the fake's file route and returns the attachment object pointing there."""
    att_id = fake.ids.next()
    path = f"/attachments/{channel_id}/{att_id}/{filename}"
    ctype = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    fake.files[path] = (data, ctype)
    url = fake.base_url + path
    att: dict[str, Any] = {
        "id": str(att_id),
        "filename": filename,
        "size": len(data),
        "url": url,
        "proxy_url": url,
        "content_type": ctype,
    }
    if description is not None:
        att["description"] = description
    return att


def _mentions(fake: FakeDiscord, channel: FakeChannel, content: str, allowed: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[str], bool]:
    parse = set(allowed.get("parse", [])) if allowed is not None else {"users", "roles", "everyone"}
    allowed_users = {int(u) for u in (allowed or {}).get("users", [])}
    allowed_roles = {int(r) for r in (allowed or {}).get("roles", [])}
    users: list[dict[str, Any]] = []
    for raw in dict.fromkeys(USER_MENTION.findall(content)):
        uid = int(raw)
        if "users" not in parse and uid not in allowed_users:
            continue
        user = fake.find_user(uid)
        if user is None:
            continue
        entry = user.payload()
        if channel.guild is not None and uid in channel.guild.members:
            entry["member"] = channel.guild.members[uid].payload(with_user=False)
        users.append(entry)
    roles = [r for r in dict.fromkeys(ROLE_MENTION.findall(content)) if "roles" in parse or int(r) in allowed_roles]
    everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)
    return users, roles, everyone


def build(
    fake: FakeDiscord,
    channel: FakeChannel,
    author: FakeUser,
    payload: dict[str, Any],
    files: list[RecordedFile],
    *,
    webhook_id: int | None = None,
    message_type: int = 0,
    interaction_metadata: dict[str, Any] | None = None,
    extra_flags: int = 0,
) -> dict[str, Any]:
    content = payload.get("content") or ""
    users, roles, everyone = _mentions(fake, channel, content, payload.get("allowed_mentions"))
    msg: dict[str, Any] = {
        "id": str(fake.ids.next()),
        "channel_id": str(channel.id),
        "type": message_type,
        "content": content,
        "author": author.payload(),
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(payload.get("tts", False)),
        "mention_everyone": everyone,
        "mentions": users,
        "mention_roles": roles,
        "attachments": _attachments(fake, channel, payload, files, []),
        "embeds": copy.deepcopy(payload.get("embeds") or []),
        "components": copy.deepcopy(payload.get("components") or []),
        "reactions": [],
        "pinned": False,
        "flags": int(payload.get("flags") or 0) | extra_flags,
    }
    if payload.get("nonce") is not None:
        msg["nonce"] = payload["nonce"]
    if channel.guild is not None:
        msg["guild_id"] = str(channel.guild.id)
        if author.id in channel.guild.members and webhook_id is None:
            msg["member"] = channel.guild.members[author.id].payload(with_user=False)
    if webhook_id is not None:
        msg["webhook_id"] = str(webhook_id)
        msg["application_id"] = str(webhook_id)
    if interaction_metadata is not None:
        msg["interaction_metadata"] = interaction_metadata
    ref = payload.get("message_reference")
    if ref:
        target = fake.messages.get(int(ref["message_id"]))
        if target is None:
            if ref.get("fail_if_not_exists", True):
                raise ApiError(400, 50035, "Invalid Form Body", {"message_reference": "Unknown message"})
        else:
            msg["type"] = 19
            msg["message_reference"] = {"type": 0, "message_id": target["id"], "channel_id": target["channel_id"], "guild_id": target.get("guild_id")}
            msg["referenced_message"] = {k: v for k, v in target.items() if k != "referenced_message"}
    return msg


def _attachments(fake: FakeDiscord, channel: FakeChannel, payload: dict[str, Any], files: list[RecordedFile], existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New uploads plus those existing attachments the payload keeps (discord.py lists kept ones by id)."""
    descriptors = {str(a.get("id")): a for a in payload.get("attachments") or []}
    kept_ids = set(descriptors)
    result = [a for a in existing if a["id"] in kept_ids] if "attachments" in payload else list(existing)
    for index, f in enumerate(files):
        desc = descriptors.get(str(index), {})
        result.append(make_attachment(fake, channel.id, desc.get("filename") or f.filename, f.data, content_type=f.content_type, description=desc.get("description")))
    return result


def apply_edit(fake: FakeDiscord, msg: dict[str, Any], payload: dict[str, Any], files: list[RecordedFile]) -> None:
    channel = fake.get_channel(int(msg["channel_id"]))
    if "content" in payload:
        msg["content"] = payload["content"] or ""
        users, roles, everyone = _mentions(fake, channel, msg["content"], payload.get("allowed_mentions"))
        msg["mentions"], msg["mention_roles"], msg["mention_everyone"] = users, roles, everyone
    for key in ("embeds", "components"):
        if key in payload:
            msg[key] = copy.deepcopy(payload[key] or [])
    if "flags" in payload and payload["flags"] is not None:
        msg["flags"] = (msg["flags"] & (EPHEMERAL)) | int(payload["flags"])
    msg["flags"] &= ~LOADING
    if "attachments" in payload or files:
        msg["attachments"] = _attachments(fake, channel, payload, files, msg["attachments"])
    msg["edited_timestamp"] = iso_now()

