"""The fake refuses what Discord refuses: each documented limit, one payload over it and one within it."""

from __future__ import annotations

import pytest

from tests.fake_discord import validate


def row(*children):
    return {"type": 1, "components": list(children)}


def button(label="Go", custom_id="b", **extra):
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id, **extra}


def select(options=1, **extra):
    return {"type": 3, "custom_id": "s", "options": [{"label": f"o{i}", "value": f"v{i}"} for i in range(options)], **extra}


GOOD_EMBED = {"title": "t", "description": "d", "fields": [{"name": "n", "value": "v"}]}


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"content": "x" * 2001}, "content"),
        ({"embeds": [GOOD_EMBED] * 11}, "embeds"),
        ({"embeds": [{"title": "x" * 257}]}, "embeds.0.title"),
        ({"embeds": [{"description": "x" * 4097}]}, "embeds.0.description"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds.0.fields"),
        ({"embeds": [{"fields": [{"name": "n", "value": "x" * 1025}]}]}, "embeds.0.fields.0.value"),
        ({"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]}, "embeds"),
        ({"embeds": [{"title": "t", "image": {"url": "https://x/" + "a" * 2048}}]}, "embeds.0.image.url"),
        ({"content": "x", "components": [row(button())] * 6}, "components"),
        ({"content": "x", "components": [row(*[button(custom_id=f"b{i}") for i in range(6)])]}, "components.0"),
        ({"content": "x", "components": [row(button(label="x" * 81))]}, "components.0.0.label"),
        ({"content": "x", "components": [row(select(), button())]}, "components.0"),
        ({"content": "x", "components": [row(select(options=26))]}, "components.0.0.options"),
        ({"content": "x", "components": [row(select(options=0))]}, "components.0.0.options"),
        ({"content": "x", "components": [row(select(placeholder="x" * 151))]}, "components.0.0.placeholder"),
        ({"content": "x", "components": [row(select(options=2, max_values=3))]}, "components.0.0.max_values"),
        ({"content": "x", "components": [row({**select(), "options": [{"label": "x" * 101, "value": "v"}]})]},
         "components.0.0.options.0.label"),
        ({"content": "x", "components": [row({**select(), "custom_id": ""})]}, "components.0.0.custom_id"),
    ],
)
def test_a_message_over_a_limit_is_refused_and_one_within_is_not(payload, field):
    assert field in validate.message(payload)
    fine = {"content": "x", "embeds": [GOOD_EMBED], "components": [row(select(options=25, max_values=25)), row(button())]}
    assert validate.message(fine) == {}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 46}, "title"),
        ({"components": [row({"type": 4, "custom_id": "a", "style": 1, "label": ""})]}, "components.0.label"),
        ({"components": [row({"type": 4, "custom_id": "a", "style": 1, "label": "x" * 46})]}, "components.0.label"),
        ({"components": [row({"type": 4, "custom_id": "a", "style": 1, "label": "l", "placeholder": "x" * 101})]},
         "components.0.placeholder"),
        ({"components": [row({"type": 4, "custom_id": "a", "style": 1, "label": "l", "max_length": 4001})]},
         "components.0.max_length"),
        ({"components": [row({"type": 4, "custom_id": f"a{i}", "style": 1, "label": "l"}) for i in range(41)]}, "components"),
        ({"components": [{"type": 10, "content": ""}, row({"type": 4, "custom_id": "a", "style": 1, "label": "l"})]},
         "components.0.content"),
        ({"components": [{"type": 10, "content": "x" * 4001}]}, "components.0.content"),
    ],
)
def test_modal_limits(change, field):
    good = {"custom_id": "m", "title": "Answer", "components": [row({"type": 4, "custom_id": "a", "style": 1, "label": "Your answer"})]}
    assert validate.modal(good) == {}
    assert field in validate.modal({**good, **change})


def command(**extra):
    return {"name": "quiz", "description": "Play", "type": 1, **extra}


def option(name="deck", **extra):
    return {"type": 3, "name": name, "description": "Which", **extra}


@pytest.mark.parametrize(
    "cmd, field",
    [
        (command(name="Quiz"), "0.name"),
        (command(name="x" * 33), "0.name"),
        (command(description="x" * 101), "0.description"),
        (command(options=[option(f"o{i}") for i in range(26)]), "0.options"),
        (command(options=[option("a"), option("b", required=True)]), "0.options.1.required"),
        (command(options=[{"type": 1, "name": "start", "description": "s"}, option()]), "0.options"),
        (command(options=[option(choices=[{"name": "", "value": "v"}])]), "0.options.0.choices.0.name"),
        (command(options=[option(choices=[{"name": "n", "value": "x" * 101}])]), "0.options.0.choices.0.value"),
        (command(options=[option(choices=[{"name": f"n{i}", "value": "v"} for i in range(26)])]), "0.options.0.choices"),
    ],
)
def test_command_rules(cmd, field):
    assert validate.commands([command(options=[option(required=True), option("mode")])]) == {}
    assert field in validate.commands([cmd])
