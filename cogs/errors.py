"""What a member hears when a slash command fails: a short private message; the details go to the log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from cogs.shared import send_private

if TYPE_CHECKING:
    from bot.app.client import Deckhand

log = logging.getLogger(__name__)


async def on_app_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """A short private message for the member; the details go to the log."""
    if isinstance(error, app_commands.MissingPermissions):
        message = "You need the " + ", ".join(p.replace("_", " ").title() for p in error.missing_permissions) + " permission for that."
    elif isinstance(error, app_commands.NoPrivateMessage):
        message = "That command only works in a server."
    elif isinstance(error, app_commands.CheckFailure):
        message = str(error) or "You can't use that here."
    elif isinstance(error, app_commands.CommandOnCooldown):
        message = f"Slow down: try again in {error.retry_after:.0f} s."
    else:
        log.error("command %s failed", interaction.command and interaction.command.qualified_name, exc_info=error)
        message = "Something went wrong on my side; it has been logged. Please try again."
    await send_private(interaction, message)


async def setup(bot: Deckhand) -> None:
    bot.tree.on_error = on_app_command_error  # type: ignore[method-assign]
