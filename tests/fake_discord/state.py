"""The fake's world: guilds, channels, roles, members and messages as plain data.

Everything here is shaped like Discord's API v10 payloads so that the REST and
gateway layers can hand them to the real discord.py client unchanged.
"""

from __future__ import annotations

import datetime
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADD_REACTIONS = 1 << 6
ADMINISTRATOR = 1 << 3
ATTACH_FILES = 1 << 15
EMBED_LINKS = 1 << 14
MANAGE_GUILD = 1 << 5
MANAGE_MESSAGES = 1 << 13
READ_MESSAGE_HISTORY = 1 << 16
SEND_MESSAGES = 1 << 11
SEND_MESSAGES_IN_THREADS = 1 << 38
USE_APPLICATION_COMMANDS = 1 << 31
USE_EXTERNAL_EMOJIS = 1 << 18
VIEW_CHANNEL = 1 << 10
ALL_PERMISSIONS = (1 << 51) - 1

EVERYONE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | ADD_REACTIONS | EMBED_LINKS | ATTACH_FILES | USE_APPLICATION_COMMANDS | USE_EXTERNAL_EMOJIS
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | SEND_MESSAGES_IN_THREADS

# Gateway intents that Discord gates behind the developer portal switches.
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT


class Snowflakes:
    """Hands out ids that increase strictly and carry a real creation time, as Discord's do."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(self._last + 1, now)
        return self._last


def iso_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int
    position: int = 0

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": True,
            "flags": 0,
            "icon": None,
            "unicode_emoji": None,
        }


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    dms_closed: bool = False
    """The user accepts no direct messages from this bot: Discord answers 403, code 50007."""

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.username,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeMember:
    """A user's membership of one guild; permissions come from its roles, as in Discord."""

    user: FakeUser
    guild: FakeGuild
    roles: list[FakeRole] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def permissions(self) -> int:
        return self.guild.permissions_of(self)

    def payload(self, *, with_user: bool = True, with_permissions: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r.id) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if with_permissions:
            data["permissions"] = str(self.permissions)
        return data


@dataclass
class FakeChannel:
    id: int
    name: str
    guild: FakeGuild | None
    type: int = 0  # 0 text, 1 DM
    position: int = 0
    recipient: FakeUser | None = None

    def payload(self) -> dict[str, Any]:
        if self.guild is None:
            assert self.recipient is not None
            return {"id": str(self.id), "type": 1, "last_message_id": None, "recipients": [self.recipient.payload()]}
        return {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild.id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
        }


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: list[FakeRole] = field(default_factory=list)
    channels: list[FakeChannel] = field(default_factory=list)
    members: dict[int, FakeMember] = field(default_factory=dict)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[0]

    def role(self, name: str) -> FakeRole:
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(f"guild {self.name!r} has no role {name!r}; roles: {[r.name for r in self.roles]}")

    def channel(self, name: str) -> FakeChannel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(f"guild {self.name!r} has no channel {name!r}; channels: {[c.name for c in self.channels]}")

    def member(self, who: FakeMember | FakeUser | int | str) -> FakeMember:
        if isinstance(who, FakeMember):
            return who
        if isinstance(who, FakeUser):
            who = who.id
        if isinstance(who, str):
            for m in self.members.values():
                if m.username == who:
                    return m
            raise KeyError(f"guild {self.name!r} has no member named {who!r}")
        return self.members[who]

    def permissions_of(self, member: FakeMember) -> int:
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for role in member.roles:
            perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def payload(self, *, include_members: bool) -> dict[str, Any]:
        """The full GUILD_CREATE body; without the members intent Discord sends only the bot's own member."""
        members = list(self.members.values())
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.owner_id),
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "member_count": len(members),
            "roles": [r.payload() for r in self.roles],
            "channels": [c.payload() for c in self.channels],
            "members": [m.payload() for m in members if include_members or m.user.bot],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "emojis": [],
            "stickers": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass
class RecordedFile:
    field: str
    filename: str
    content_type: str | None
    data: bytes


@dataclass
class RecordedCall:
    """One REST request the client made, kept so tests can assert on exactly what was sent."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    status: int = 0
    response: Any = None
    known_route: bool = True

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


_counter = itertools.count(1)


def unique_token() -> str:
    return f"itoken-{next(_counter)}-{time.monotonic_ns()}"
