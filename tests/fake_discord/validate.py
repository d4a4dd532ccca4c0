"""Discord's documented size limits, checked so a bot that breaks them fails here and not in production.

Each function returns a dict of field path -> message, empty when the payload is fine;
the REST layer turns a non-empty result into Discord's 400 "Invalid Form Body" (50035).

Checked by hand against Discord's published OpenAPI description (schemas named in brackets):
message content 2,000 characters (the developer docs' limit for bots; the description allows
4,000, Nitro's) and at most 10 embeds [MessageCreateRequest]; an embed's title 256,
description 4,096, at most 25 fields, field name 256 and value 1,024, footer 2,048, author
name 256, URLs 2,048, and 6,000 characters in all [RichEmbed*]; action rows of 1-5
components [ActionRowComponentForMessageRequest], buttons with custom_id 1-100, label 80, URL
512 [ButtonComponentForMessageRequest], select menus alone in their row with custom_id 1-100,
placeholder 150, min_values 0-25, max_values 1-25 and 1-25 options of label and value 1-100
and description 100 [StringSelectComponentForMessageRequest, StringSelectOptionForRequest];
modals with title 1-45, custom_id 1-100 [ModalInteractionCallbackRequestData] and text inputs
of label 1-45, placeholder 100, value 4,000, lengths 0-4,000 [TextInputComponentForModalRequest];
commands named 1-32 lower-case characters, descriptions 1-100, at most 25 options, choices of
name 1-100 [ApplicationCommandCreateRequest, ApplicationCommand*Option*], required options
first, and never subcommands beside plain options.
"""

from __future__ import annotations

import re
from typing import Any

COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")


def _too_long(errors: dict[str, str], where: str, value: Any, limit: int) -> None:
    if isinstance(value, str) and len(value) > limit:
        errors[where] = f"Must be {limit} or fewer in length (got {len(value)})."


def message(payload: dict[str, Any], *, has_files: bool = False) -> dict[str, str]:
    errors: dict[str, str] = {}
    content = payload.get("content")
    _too_long(errors, "content", content, 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", 256), ("description", 4096)):
            _too_long(errors, f"embeds.{i}.{key}", embed.get(key), limit)
            total += len(embed.get(key) or "")
        _too_long(errors, f"embeds.{i}.url", embed.get("url"), 2048)
        for key in ("image", "thumbnail"):
            _too_long(errors, f"embeds.{i}.{key}.url", (embed.get(key) or {}).get("url"), 2048)
        for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
            value = (embed.get(key) or {}).get(sub)
            _too_long(errors, f"embeds.{i}.{key}.{sub}", value, limit)
            total += len(value or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
        for j, f in enumerate(fields):
            _too_long(errors, f"embeds.{i}.fields.{j}.name", f.get("name"), 256)
            _too_long(errors, f"embeds.{i}.fields.{j}.value", f.get("value"), 1024)
            if not f.get("name") or not f.get("value"):
                errors[f"embeds.{i}.fields.{j}"] = "Field name and value are required."
            total += len(f.get("name") or "") + len(f.get("value") or "")
    if total > 6000:
        errors["embeds"] = f"Embed size exceeds maximum size of 6000 (got {total})."
    errors.update(components(payload.get("components") or [], flags=int(payload.get("flags") or 0)))
    empty = not content and not embeds and not payload.get("components") and not has_files and not payload.get("poll")
    if empty and "attachments" not in payload:
        errors["message"] = "Cannot send an empty message (50006)."
    return errors


def components(rows: list[dict[str, Any]], *, flags: int = 0) -> dict[str, str]:
    errors: dict[str, str] = {}
    components_v2 = bool(flags & (1 << 15))
    if not components_v2 and len(rows) > 5:
        errors["components"] = "Must be 5 or fewer in length."
    for i, row in enumerate(rows):
        if row.get("type") == 1:
            children = row.get("components") or []
            if not 1 <= len(children) <= 5:
                errors[f"components.{i}"] = "An action row holds 1 to 5 components."
            if any(child.get("type") in SELECTS for child in children) and len(children) > 1:
                errors[f"components.{i}"] = "A select menu must be alone in its action row."
            for j, child in enumerate(children):
                where = f"components.{i}.{j}"
                _too_long(errors, f"{where}.custom_id", child.get("custom_id"), 100)
                _too_long(errors, f"{where}.label", child.get("label"), 80)
                if child.get("type") == 2:
                    _too_long(errors, f"{where}.url", child.get("url"), 512)
                    if child.get("style") != 5 and child.get("style") != 6 and not child.get("custom_id"):
                        errors[f"{where}.custom_id"] = "A non-link button needs a custom_id."
                elif child.get("type") in SELECTS:
                    errors.update(_select(where, child))
    return errors


SELECTS = (3, 5, 6, 7, 8)
"""String, user, role, mentionable and channel select menus."""


def _select(where: str, menu: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 1 <= len(menu.get("custom_id") or "") <= 100:
        errors[f"{where}.custom_id"] = "Must be between 1 and 100 in length."
    _too_long(errors, f"{where}.placeholder", menu.get("placeholder"), 150)
    low, high = menu.get("min_values"), menu.get("max_values")
    if low is not None and not 0 <= int(low) <= 25:
        errors[f"{where}.min_values"] = "Must be between 0 and 25."
    if high is not None and not 1 <= int(high) <= 25:
        errors[f"{where}.max_values"] = "Must be between 1 and 25."
    if menu.get("type") == 3:
        options = menu.get("options") or []
        if not 1 <= len(options) <= 25:
            errors[f"{where}.options"] = "Must be between 1 and 25 in length."
        for k, option in enumerate(options):
            for key in ("label", "value"):
                if not 1 <= len(option.get(key) or "") <= 100:
                    errors[f"{where}.options.{k}.{key}"] = "Must be between 1 and 100 in length."
            _too_long(errors, f"{where}.options.{k}.description", option.get("description"), 100)
        if high is not None and int(high) > len(options):
            errors[f"{where}.max_values"] = "Cannot be more than the number of options."
    return errors


def modal(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 1 <= len(data.get("title") or "") <= 45:
        errors["title"] = "Must be between 1 and 45 in length."
    _too_long(errors, "custom_id", data.get("custom_id"), 100)
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 40:
        errors["components"] = "A modal holds 1 to 40 components."
    for i, top in enumerate(rows):
        if top.get("type") == 10 and not 1 <= len(top.get("content") or "") <= 4000:
            errors[f"components.{i}.content"] = "Must be between 1 and 4000 in length."
    for i, inp in enumerate(modal_inputs(data)):
        _too_long(errors, f"components.{i}.custom_id", inp.get("custom_id"), 100)
        if not 1 <= len(inp.get("label") or "") <= 45:
            errors[f"components.{i}.label"] = "Must be between 1 and 45 in length."
        _too_long(errors, f"components.{i}.placeholder", inp.get("placeholder"), 100)
        _too_long(errors, f"components.{i}.value", inp.get("value"), 4000)
        for key in ("min_length", "max_length"):
            if inp.get(key) is not None and not 0 <= int(inp[key]) <= 4000:
                errors[f"components.{i}.{key}"] = "Must be between 0 and 4000."
    return errors


def modal_inputs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The inputs of a modal, whether wrapped in action rows (type 1) or labels (type 18)."""
    found: list[dict[str, Any]] = []
    for top in data.get("components") or []:
        if top.get("type") == 1:
            found.extend(top.get("components") or [])
        elif top.get("type") == 18:
            inner = dict(top.get("component") or {})
            inner.setdefault("label", top.get("label"))
            found.append(inner)
        elif top.get("type") == 10:
            continue  # a text display shows text; it takes no input
        else:
            found.append(top)
    return found


def autocomplete(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    choices = data.get("choices") or []
    if len(choices) > 25:
        errors["choices"] = "Must be 25 or fewer in length."
    for i, choice in enumerate(choices):
        name = choice.get("name") or ""
        if not 1 <= len(name) <= 100:
            errors[f"choices.{i}.name"] = "Must be between 1 and 100 in length."
        _too_long(errors, f"choices.{i}.value", choice.get("value"), 100)
    return errors


def commands(payload: list[dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(payload) > 100:
        errors["commands"] = "At most 100 commands."
    names = [(c.get("name"), c.get("type", 1)) for c in payload]
    if len(set(names)) != len(names):
        errors["commands"] = "Command names must be unique per type."
    for i, cmd in enumerate(payload):
        _command(errors, f"{i}", cmd, chat_input=cmd.get("type", 1) == 1)
    return errors


def _command(errors: dict[str, str], where: str, cmd: dict[str, Any], *, chat_input: bool) -> None:
    name = cmd.get("name") or ""
    if chat_input and (not COMMAND_NAME.match(name) or name != name.lower()):
        errors[f"{where}.name"] = f"Invalid command name {name!r}."
    if chat_input and not 1 <= len(cmd.get("description") or "") <= 100:
        errors[f"{where}.description"] = "Must be between 1 and 100 in length."
    options = cmd.get("options") or []
    if len(options) > 25:
        errors[f"{where}.options"] = "Must be 25 or fewer in length."
    kinds = {opt.get("type") in (1, 2) for opt in options}
    if len(kinds) > 1:
        errors[f"{where}.options"] = "Subcommands and options cannot be mixed at the same level."
    seen_optional = False
    for j, opt in enumerate(options):
        if opt.get("type") in (1, 2):
            _command(errors, f"{where}.options.{j}", opt, chat_input=True)
            continue
        _command(errors, f"{where}.options.{j}", {**opt, "options": []}, chat_input=True)
        if opt.get("required"):
            if seen_optional:
                errors[f"{where}.options.{j}.required"] = "Required options must be placed before non-required options."
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        if len(choices) > 25:
            errors[f"{where}.options.{j}.choices"] = "Must be 25 or fewer in length."
        for k, choice in enumerate(choices):
            if not 1 <= len(choice.get("name") or "") <= 100:
                errors[f"{where}.options.{j}.choices.{k}.name"] = "Must be between 1 and 100 in length."
            _too_long(errors, f"{where}.options.{j}.choices.{k}.value", choice.get("value"), 100)
