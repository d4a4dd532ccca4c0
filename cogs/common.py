"""Small helpers every cog shares: Discord's size limits and safe sending."""

from __future__ import annotations

import discord

NO_PINGS = discord.AllowedMentions.none()
"""Nothing a member typed, nor card text, may ever ping anyone."""

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD = 1024
MESSAGE = 2000
BUTTON_LABEL = 80


def fit(text: str, limit: int) -> str:
    """Cut text to Discord's limit at a word boundary, marking the cut with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def quiet(text: str) -> str:
    """Escape markdown and mentions in member-typed text we show back."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


async def respond(interaction: discord.Interaction, text: str, **kwargs: object) -> None:
    """Answer an interaction, or follow up if it was deferred while slow work ran."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    if interaction.response.is_done():
        await interaction.followup.send(text, **kwargs)
    else:
        await interaction.response.send_message(text, **kwargs)
