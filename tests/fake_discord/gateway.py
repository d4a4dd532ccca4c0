"""The JSON gateway: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, forced drops, and shards.

A client may IDENTIFY with ``shard: [id, count]``, as Discord allows: each shard
is a session of its own, its READY lists only the servers on it, and every
event of a server goes to the session of that server's shard
(``(guild_id >> 22) % count``); direct messages go to shard 0. An event for a
shard nobody runs is dropped, as Discord would not deliver it.

Frames go out as text JSON because discord.py only decompresses binary frames.
Every dispatch is appended to the session's log before it is sent, so a RESUME
can replay whatever the client missed while it was away.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from . import state as s

if TYPE_CHECKING:
    from .server import FakeDiscord

_log = logging.getLogger("fake_discord.gateway")

HELLO, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, REQUEST_MEMBERS, INVALID_SESSION, HEARTBEAT_ACK = 10, 1, 2, 3, 6, 8, 9, 11


@dataclass
class Connection:
    ws: web.WebSocketResponse
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)

    def send(self, frame: dict[str, Any]) -> None:
        self.queue.put_nowait(json.dumps(frame))

    async def pump(self) -> None:
        """Sends queued frames in order; a single writer keeps sequence numbers in order on the wire."""
        while True:
            text = await self.queue.get()
            if text is None or self.ws.closed:
                return
            try:
                await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return


@dataclass
class Session:
    id: str
    intents: int
    shard: int = 0
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    conn: Connection | None = None


class Gateway:
    heartbeat_interval_ms = 41250

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.sessions: dict[int, Session] = {}
        """By shard id; an unsharded client is shard 0 of 1."""
        self.shard_count = 1
        self.dropped_events: list[tuple[str, int]] = []
        """(event, shard) for events of a shard no client runs."""
        self.identify_count = 0
        self.resume_count = 0
        self.identify_payloads: list[dict[str, Any]] = []
        self._sockets: set[web.WebSocketResponse] = set()

    @property
    def session(self) -> Session | None:
        """Shard 0's session (the only one of an unsharded client), or any while shard 0 is down."""
        return self.sessions.get(0) or next(iter(self.sessions.values()), None)

    @property
    def connected(self) -> bool:
        return self.session is not None and self.session.conn is not None

    def shard_of(self, guild_id: int) -> int:
        return (guild_id >> 22) % self.shard_count

    def _target(self, event: str, data: dict[str, Any]) -> int:
        guild = data.get("guild_id")
        if guild is None and event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"):
            guild = data.get("id")
        return 0 if guild is None else self.shard_of(int(guild))

    def dispatch(self, event: str, data: dict[str, Any], *, intent: int = 0) -> bool:
        """Logs and sends one event to its server's shard; False when the session's intents filter it out, as
        Discord would, or when no client runs that shard."""
        if not self.sessions:
            raise RuntimeError(f"cannot dispatch {event}: the bot has not identified on the fake gateway yet")
        shard = self._target(event, data)
        session = self.sessions.get(shard)
        if session is None:
            self.dropped_events.append((event, shard))
            return False
        return self._send(session, event, data, intent)

    def _send(self, session: Session, event: str, data: dict[str, Any], intent: int = 0) -> bool:
        if intent and not session.intents & intent:
            return False
        session.seq += 1
        # Freeze the payload now: frames are serialised later, and a test may edit
        # the same message dict before then (a MESSAGE_CREATE must keep its old text).
        frame = {"op": 0, "t": event, "s": session.seq, "d": copy.deepcopy(data)}
        session.log.append(frame)
        if session.conn is not None:
            session.conn.send(frame)
        return True

    async def drop(self, code: int = 4000, *, shard: int | None = None) -> None:
        """Closes a live socket (shard 0's, or ``shard``'s) with a resumable code; events sent meanwhile wait in the
        log."""
        session = self.session if shard is None else self.sessions.get(shard)
        if session is None or session.conn is None:
            raise RuntimeError("no live gateway connection to drop")
        conn, session.conn = session.conn, None
        conn.queue.put_nowait(None)
        await asyncio.wait_for(conn.ws.close(code=code), timeout=5)

    async def close_all(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(code=1001), timeout=2)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, heartbeat=None, max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        conn = Connection(ws)
        pump = asyncio.create_task(conn.pump())
        conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                await self._on_frame(conn, frame.get("op"), frame.get("d"))
        finally:
            self._sockets.discard(ws)
            for session in self.sessions.values():
                if session.conn is conn:
                    session.conn = None
            conn.queue.put_nowait(None)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(pump, timeout=2)
            self.fake.notify()
        return ws

    async def _on_frame(self, conn: Connection, op: int | None, d: Any) -> None:
        if op == HEARTBEAT:
            conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(conn, d)
        elif op == RESUME:
            await self._resume(conn, d)
        elif op == REQUEST_MEMBERS:
            self._request_members(d)
        elif op == PRESENCE:
            pass
        else:
            _log.warning("fake gateway ignored op %s", op)

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        self.identify_payloads.append(d)
        fake = self.fake
        if fake.reject_token or d.get("token") != fake.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(d.get("intents", 0))
        if intents & s.PRIVILEGED_INTENTS & ~fake.allowed_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard, count = (int(d["shard"][0]), int(d["shard"][1])) if "shard" in d else (0, 1)
        if not 0 <= shard < count:
            await conn.ws.close(code=4010, message=b"Invalid shard.")
            return
        if self.sessions and count != self.shard_count:
            await conn.ws.close(code=4011, message=b"Sharding required.")  # every process must agree on the count
            return
        self.shard_count = count
        old = self.sessions.get(shard)
        if old is not None and old.conn is not None and old.conn is not conn:
            old.conn.queue.put_nowait(None)  # a new IDENTIFY for the shard ends the old session, as on Discord
        self.identify_count += 1
        self.sessions[shard] = session = Session(id=uuid.uuid4().hex, intents=intents, shard=shard, conn=conn)
        guilds = [g for g in fake.guilds if self.shard_of(g.id) == shard]
        ready = {
            "v": 10,
            "user": fake.bot_user.payload() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": fake.gateway_url,
            "application": {"id": str(fake.application_id), "flags": fake.application_flags},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
        }
        if "shard" in d:
            ready["shard"] = d["shard"]
        self._send(session, "READY", ready)
        members = bool(intents & s.INTENT_GUILD_MEMBERS)
        for guild in guilds:
            self._send(session, "GUILD_CREATE", guild.payload(include_members=members), intent=s.INTENT_GUILDS)
        fake.notify()

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        session = next((x for x in self.sessions.values() if x.id == d.get("session_id")), None)
        if session is None or d.get("token") != self.fake.token:
            conn.send({"op": INVALID_SESSION, "d": False})
            return
        self.resume_count += 1
        if session.conn is not None and session.conn is not conn:
            session.conn.queue.put_nowait(None)
        session.conn = conn
        last_seen = d.get("seq") or 0
        for frame in session.log:
            if frame["s"] > last_seen:
                conn.send(frame)
        self._send(session, "RESUMED", {})
        self.fake.notify()

    def _request_members(self, d: dict[str, Any]) -> None:
        guild = self.fake.get_guild(int(d["guild_id"]))
        members = list(guild.members.values())
        if d.get("user_ids"):
            wanted = {int(x) for x in (d["user_ids"] if isinstance(d["user_ids"], list) else [d["user_ids"]])}
            members = [m for m in members if m.id in wanted]
        elif d.get("query"):
            members = [m for m in members if m.username.lower().startswith(d["query"].lower())]
        if d.get("limit"):
            members = members[: int(d["limit"])]
        chunk = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if "nonce" in d:
            chunk["nonce"] = d["nonce"]
        self.dispatch("GUILD_MEMBERS_CHUNK", chunk)
