"""INTERACTION_CREATE payloads as Discord builds them, and the handle a test uses to await the bot's answer.

Options are checked against the command the bot actually synced (its id, option types,
choices, required flags), so a test cannot invoke something a real user could not.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from . import messages
from .state import FakeChannel, FakeMember, FakeRole, FakeUser, RecordedFile, unique_token

if TYPE_CHECKING:
    from .server import FakeDiscord

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class InteractionHandle:
    """One interaction sent to the bot; collects its callback, follow-ups and edits."""

    def __init__(self, fake: FakeDiscord, kind: int, channel: FakeChannel, user: FakeUser, member: FakeMember | None, source_message_id: int | None = None) -> None:
        self.fake = fake
        self.id = fake.ids.next()
        self.token = unique_token()
        self.type = kind
        self.channel = channel
        self.user = user
        self.member = member
        self.source_message_id = source_message_id
        self.created = time.monotonic()
        self.payload: dict[str, Any] = {}
        self.response: dict[str, Any] | None = None
        self.response_files: list[RecordedFile] = []
        self.response_message_id: int | None = None
        self.followup_ids: list[int] = []
        self.edits: list[dict[str, Any]] = []

    def __repr__(self) -> str:
        return f"<InteractionHandle id={self.id} type={self.type} response_type={self.response_type}>"

    # -- what the bot answered ------------------------------------------

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else int(self.response["type"])

    @property
    def response_data(self) -> dict[str, Any]:
        return (self.response or {}).get("data") or {}

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.response_data if self.response_type == 9 else None

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        return self.response_data.get("choices", []) if self.response_type == 8 else None

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [self.fake.public(self.fake.messages[i]) for i in self.followup_ids]

    def original_message(self) -> dict[str, Any] | None:
        msg = self.fake.messages.get(self.response_message_id or 0)
        return None if msg is None else self.fake.public(msg)

    async def wait_response(self, timeout: float = 5.0) -> dict[str, Any]:
        """The callback body {"type": ..., "data": ...} once the bot has answered."""
        await self.fake.wait_until(lambda: self.response is not None, timeout, f"a response to {self!r}")
        assert self.response is not None
        return self.response

    async def wait_original(self, predicate: Callable[[dict[str, Any]], bool] | None = None, timeout: float = 5.0) -> dict[str, Any]:
        """The original response message once it exists and satisfies predicate (e.g. a deferred reply got its edit)."""

        def ready() -> bool:
            msg = self.original_message()
            return msg is not None and (predicate is None or predicate(msg))

        await self.fake.wait_until(ready, timeout, f"the original response of {self!r} to match")
        msg = self.original_message()
        assert msg is not None
        return msg

    async def wait_followup(self, index: int = 0, timeout: float = 5.0) -> dict[str, Any]:
        await self.fake.wait_until(lambda: len(self.followup_ids) > index, timeout, f"follow-up #{index} of {self!r}")
        return self.followups[index]

    # -- used by the REST layer -----------------------------------------

    def record_response(self, body: dict[str, Any], files: list[RecordedFile], msg: dict[str, Any] | None) -> None:
        self.response = body
        self.response_files = files
        if msg is not None:
            self.response_message_id = int(msg["id"])

    def create_message(self, payload: dict[str, Any], files: list[RecordedFile], *, extra_flags: int = 0, followup: bool = False) -> dict[str, Any]:
        fake = self.fake
        metadata = {
            "id": str(self.id),
            "type": self.type,
            "user": self.user.payload(),
            "authorizing_integration_owners": self.payload.get("authorizing_integration_owners", {}),
        }
        if followup and self.response_message_id is not None:
            metadata["original_response_message_id"] = str(self.response_message_id)
        message_type = 20 if self.type == APPLICATION_COMMAND and not followup else 0
        msg = messages.build(
            fake, self.channel, fake.bot_user, payload, files,
            webhook_id=fake.application_id, message_type=message_type,
            interaction_metadata=metadata, extra_flags=extra_flags,
        )
        fake.add_message(msg)
        if followup:
            self.followup_ids.append(int(msg["id"]))
        return msg


def base_payload(fake: FakeDiscord, handle: InteractionHandle, data: dict[str, Any], locale: str) -> dict[str, Any]:
    channel = handle.channel
    payload: dict[str, Any] = {
        "id": str(handle.id),
        "application_id": str(fake.application_id),
        "type": handle.type,
        "data": data,
        "channel_id": str(channel.id),
        "channel": channel.payload() | {"permissions": str(handle.member.permissions if handle.member else 0)},
        "token": handle.token,
        "version": 1,
        "locale": locale,
        "app_permissions": str(fake.bot_permissions(channel)),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if channel.guild is not None:
        assert handle.member is not None
        payload["guild_id"] = str(channel.guild.id)
        payload["guild"] = {"id": str(channel.guild.id), "locale": "en-US", "features": []}
        payload["guild_locale"] = "en-US"
        payload["member"] = handle.member.payload(with_permissions=True)
        payload["authorizing_integration_owners"] = {"0": str(channel.guild.id)}
        payload["context"] = 0
    else:
        payload["user"] = handle.user.payload()
        payload["authorizing_integration_owners"] = {"0": "0"}
        payload["context"] = 1
    handle.payload = payload
    return payload


def command_data(
    fake: FakeDiscord,
    cmd: dict[str, Any],
    channel: FakeChannel,
    options: dict[str, Any],
    subcommand: str | None,
    focused: str | None,
) -> dict[str, Any]:
    """data for a chat-input command, walking into the named subcommand (e.g. "deck add")."""
    resolved: dict[str, dict[str, Any]] = {}
    defs = cmd.get("options") or []
    leaf_path: list[tuple[str, int]] = []
    for part in (subcommand or "").split():
        found = next((o for o in defs if o["name"] == part and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
        if found is None:
            subs = [o["name"] for o in defs if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            raise ValueError(f"/{cmd['name']} has no subcommand {part!r}; it has {subs}")
        leaf_path.append((part, found["type"]))
        defs = found.get("options") or []
    if defs and defs[0]["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP):
        raise ValueError(f"/{cmd['name']} {subcommand or ''} needs a subcommand: {[o['name'] for o in defs]}")
    leaf = _leaf_options(fake, cmd, defs, channel, options, focused, resolved)
    for name, kind in reversed(leaf_path):
        leaf = [{"name": name, "type": kind, "options": leaf}]
    data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": cmd.get("type", 1), "options": leaf}
    if cmd.get("guild_id"):
        data["guild_id"] = cmd["guild_id"]
    if resolved:
        data["resolved"] = resolved
    return data


def _leaf_options(
    fake: FakeDiscord,
    cmd: dict[str, Any],
    defs: list[dict[str, Any]],
    channel: FakeChannel,
    options: dict[str, Any],
    focused: str | None,
    resolved: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    by_name = {d["name"]: d for d in defs}
    unknown = set(options) - set(by_name)
    if unknown:
        raise ValueError(f"/{cmd['name']} has no option(s) {sorted(unknown)}; it has {sorted(by_name)}")
    if focused is None:
        missing = [d["name"] for d in defs if d.get("required") and d["name"] not in options]
        if missing:
            raise ValueError(f"/{cmd['name']} requires option(s) {missing}; Discord would not let the user send it")
    out: list[dict[str, Any]] = []
    for name, value in options.items():
        d = by_name[name]
        kind = d["type"]
        entry: dict[str, Any] = {"name": name, "type": kind}
        if name == focused:
            entry["value"], entry["focused"] = str(value), True
        else:
            entry["value"] = _option_value(fake, d, channel, value, resolved)
        out.append(entry)
    if focused is not None and focused not in options:
        out.append({"name": focused, "type": by_name[focused]["type"], "value": "", "focused": True})
    return out


def _option_value(fake: FakeDiscord, d: dict[str, Any], channel: FakeChannel, value: Any, resolved: dict[str, dict[str, Any]]) -> Any:
    kind = d["type"]
    if kind in (3, 4, 5, 10):
        value = {3: str, 4: int, 5: bool, 10: float}[kind](value)
        choices = [c["value"] for c in d.get("choices") or []]
        if choices and value not in choices:
            raise ValueError(f"option {d['name']!r} must be one of {choices}, got {value!r}")
        return value
    if kind in (6, 9) and not isinstance(value, FakeRole):
        user = value.user if isinstance(value, FakeMember) else value if isinstance(value, FakeUser) else fake.find_user(int(value))
        if user is None:
            raise ValueError(f"option {d['name']!r}: unknown user {value!r}")
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if channel.guild is not None and user.id in channel.guild.members:
            resolved.setdefault("members", {})[str(user.id)] = channel.guild.members[user.id].payload(with_user=False, with_permissions=True)
        return str(user.id)
    if kind in (8, 9):
        role = value if isinstance(value, FakeRole) else None
        if role is None:
            raise ValueError(f"option {d['name']!r} needs a FakeRole, got {value!r}")
        resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)
    if kind == 7:
        target = value if isinstance(value, FakeChannel) else fake.get_channel(int(value))
        resolved.setdefault("channels", {})[str(target.id)] = target.payload() | {"permissions": str(fake.bot_permissions(target))}
        return str(target.id)
    if kind == 11:
        if isinstance(value, dict):
            att = value
        else:
            filename, data, *rest = value
            att = messages.make_attachment(fake, channel.id, filename, data, content_type=rest[0] if rest else None)
        resolved.setdefault("attachments", {})[att["id"]] = att
        return att["id"]
    raise ValueError(f"option type {kind} of {d['name']!r} is not supported by the fake")


def find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    """Searches action rows and the newer layout components (containers, sections, labels)."""
    for comp in components:
        if comp.get("custom_id") == custom_id:
            return comp
        children = list(comp.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(comp.get(key), dict):
                children.append(comp[key])
        found = find_component(children, custom_id)
        if found is not None:
            return found
    return None


def modal_submit_components(modal: dict[str, Any], values: dict[str, str]) -> list[dict[str, Any]]:
    """Mirrors the modal's layout: action rows (type 1) stay rows, labels (type 18) stay labels."""
    from .validate import modal_inputs

    inputs = {i.get("custom_id"): i for i in modal_inputs(modal)}
    unknown = set(values) - set(inputs)
    if unknown:
        raise ValueError(f"modal {modal.get('custom_id')!r} has no field(s) {sorted(unknown)}; it has {sorted(inputs)}")
    for cid, inp in inputs.items():
        if inp.get("type") != 4:
            continue
        value = str(values.get(cid, ""))
        if inp.get("required", True) and not value:
            raise ValueError(f"modal field {cid!r} is required; Discord would not let the user submit it empty")
        if inp.get("max_length") is not None and len(value) > int(inp["max_length"]):
            raise ValueError(f"modal field {cid!r} allows at most {inp['max_length']} characters")
        if value and inp.get("min_length") is not None and len(value) < int(inp["min_length"]):
            raise ValueError(f"modal field {cid!r} needs at least {inp['min_length']} characters")
    out: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == 1:
            out.append({"type": 1, "components": [_submitted(c, values) for c in top.get("components") or []]})
        elif top.get("type") == 18:
            out.append({"type": 18, "component": _submitted(top["component"], values)})
    return out


def _submitted(component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Text inputs submit a "value"; selects inside labels submit a list of "values"."""
    cid = component["custom_id"]
    if component["type"] == 4:
        return {"type": 4, "custom_id": cid, "value": str(values.get(cid, ""))}
    raw = values.get(cid, [])
    return {"type": component["type"], "custom_id": cid, "values": [raw] if isinstance(raw, str) else list(raw)}
