"""An embed as data always fits Discord's limits."""

from __future__ import annotations

from bot.shared.embeds import EmbedText, Field, fit_embed


def test_fit_applies_every_limit() -> None:
    huge = EmbedText(
        title="t" * 300,
        description="d" * 5000,
        fields=tuple(Field("n" * 300, "v" * 2000) for _ in range(30)),
        footer="f" * 3000,
    )
    out = fit_embed(huge)
    assert len(out.title) == 256 and len(out.footer) == 2048
    assert len(out.fields) <= 25
    assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in out.fields)
    assert out.size() <= 6000
    assert out.description == "" or out.description.endswith("…")


def test_fit_leaves_small_embeds_alone_and_fills_blank_fields() -> None:
    small = EmbedText("title", "body", (Field("a", "b", True),), "foot")
    assert fit_embed(small) == small
    assert fit_embed(EmbedText("t", fields=(Field("", ""),))).fields[0] == Field("\u200b", "\u200b")
