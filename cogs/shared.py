"""What every cog shares: Discord's limits, private replies, safe sending, the Manage Server rule,
autocomplete, embeds from core text and the confirm buttons. One place, so each command behaves alike."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.cards import is_picture
from bot.daily import paused_schedules
from bot.disputes import can_moderate
from bot.shared.embeds import EmbedText
from bot.shared.limits import (
    AUTOCOMPLETE,
    BUTTON_LABEL,
    CHOICE_NAME,
    EMBED_DESCRIPTION,
    EMBED_FIELD,
    EMBED_TITLE,
    MESSAGE,
)
from bot.shared.text import LETTERS, shorten
from bot.shared.zones import suggest_zones

if TYPE_CHECKING:
    from bot.app.client import Deckhand

log = logging.getLogger(__name__)

__all__ = [
    "AUTOCOMPLETE", "BUTTON_LABEL", "CHOICE_NAME", "DIRECTION_CHOICES", "DIRECTION_WORDS", "EMBED_DESCRIPTION", "EMBED_FIELD", "EMBED_TITLE", "LETTERS",
    "MESSAGE", "NO_PINGS", "Confirm", "deck_choices", "manager_group", "manager_only",
    "notify_paused", "quiet", "require_manager", "DISPUTE_SENT", "MODERATORS_ONLY", "answer_moderator", "dispute_view", "respond", "send_private", "shorten", "sounds_of", "with_picture", "to_embed", "unknown_deck", "zone_choices",
]

NO_PINGS = discord.AllowedMentions.none()
"""Nothing a member typed, nor card text, may ever ping anyone."""


DIRECTION_WORDS = {
    "front": "answer with the back",
    "back": "answer with the front",
    "both": "either side, answer with the other",
}
DIRECTION_CHOICES = [
    app_commands.Choice(name=f"{side}: show the {side}, {words}" if side != "both" else f"both: {words}", value=side)
    for side, words in DIRECTION_WORDS.items()
]
"""The direction option of /deck import and /quiz start: which side of a two-sided card members see."""


def with_picture(embed: discord.Embed, image: str | None, media: Mapping[str, bytes]) -> list[discord.File]:
    """Show a question's picture in its embed: a web address as it is, a deck's file as an attachment.

    Returns the files to send with the message (none for an address or a picture the deck no longer has).
    """
    if not image:
        return []
    if image.startswith(("https://", "http://")):
        embed.set_image(url=image)
        return []
    data = media.get(image)
    if data is None:
        return []
    embed.set_image(url=f"attachment://{image}")
    return [discord.File(io.BytesIO(data), filename=image)]


def sounds_of(names: Sequence[str], media: Mapping[str, bytes]) -> tuple[str, list[discord.File]]:
    """The card's sounds, as a line to show ("🔊 audio: a.mp3") and files Discord can play."""
    found = [name for name in names if name in media and not is_picture(name)]
    if not found:
        return "", []
    line = "🔊 audio: " + ", ".join(found[:3])
    return line, [discord.File(io.BytesIO(media[name]), filename=name) for name in found[:3]]


def quiet(text: str) -> str:
    """Escape markdown and mentions in member-typed text we show back."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """Answer privately whether or not the interaction was already answered; a failure to send is only logged."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not tell member about an error in %s", interaction.command and interaction.command.name)


def to_embed(text: EmbedText, colour: discord.Colour) -> discord.Embed:
    """An embed the core worded (and fitted to Discord's limits), field for field."""
    embed = discord.Embed(title=text.title, description=text.description or None, colour=colour)
    for f in text.fields:
        embed.add_field(name=f.name, value=f.value, inline=f.inline)
    if text.footer:
        embed.set_footer(text=text.footer)
    return embed


async def respond(interaction: discord.Interaction, text: str | None = None, **kwargs: Any) -> None:
    """Answer an interaction, or follow up if it was deferred while slow work ran.

    Unlike :func:`send_private`, a failure to send is raised, so the command's
    error handler logs it.
    """
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    if interaction.response.is_done():
        await interaction.followup.send(text, **kwargs)
    else:
        await interaction.response.send_message(text, **kwargs)


# -- the Manage Server rule ---------------------------------------------------------------


def manager_only(action: str) -> str:
    """The refusal a member without Manage Server sees, naming what they tried."""
    return f"Only members with the **Manage Server** permission can {action}."


def manager_group(name: str, description: str) -> app_commands.Group:
    """A server-only command group hidden by default from members without Manage Server;
    a server can hand it to other roles in its Integrations settings."""
    return app_commands.Group(
        name=name, description=description, guild_only=True, default_permissions=discord.Permissions(manage_guild=True)
    )


def require_manager(interaction: discord.Interaction, message: str) -> bool:
    """The run-time half of the Manage Server rule (servers can loosen the default in Discord)."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.CheckFailure(message)
    return True


async def notify_paused(bot: Deckhand, interaction: discord.Interaction) -> None:
    """Tell a manager, privately, about daily questions paused because of a problem."""
    if interaction.guild_id is None:
        return
    paused = paused_schedules(await bot.store.schedules(interaction.guild_id))
    if not paused:
        return
    lines = [f"• <#{s.channel_id}>: {s.paused_reason}" for s in paused[:15]]
    if len(paused) > 15:
        lines.append(f"… and {len(paused) - 15} more")
    text = "⚠️ **Paused daily questions**\n" + "\n".join(lines) + "\nFix the problem, then run `/daily set` for that channel to resume."
    await interaction.followup.send(shorten(text, MESSAGE), ephemeral=True, allowed_mentions=NO_PINGS)


# -- decks and time zones by name ---------------------------------------------------------------


async def deck_choices(bot: Deckhand, guild_id: int | None, current: str | None) -> list[app_commands.Choice[str]]:
    """Deck names for autocomplete: names starting with the text, then names containing it."""
    names = await bot.library.names(guild_id)
    wanted = str(current or "").lower().strip()
    starts = [n for n in names if n.lower().startswith(wanted)]
    rest = [n for n in names if wanted in n.lower() and n not in starts]
    return [app_commands.Choice(name=n[:CHOICE_NAME], value=n[:CHOICE_NAME]) for n in starts + rest][:AUTOCOMPLETE]


def zone_choices(current: str, *, first: str | None = None) -> list[app_commands.Choice[str]]:
    """Time-zone names for autocomplete; ``first`` leads the list before anything is typed."""
    return [app_commands.Choice(name=n, value=n) for n in suggest_zones(current, first=first)]


async def unknown_deck(bot: Deckhand, guild_id: int, name: str) -> str:
    """The reply to a deck name that matches nothing, listing some that do."""
    names = ", ".join((await bot.library.names(guild_id))[:10])
    return shorten(f"There is no deck called “{quiet(name)}”. Decks here: {names}.", MESSAGE)


# -- confirming a step that cannot be undone --------------------------------------------------------


class Confirm(discord.ui.View):
    """Go ahead or cancel, under a message; only the member who asked can press either.

    ``on_confirm`` does the work and returns what the message then says.
    """

    def __init__(
        self,
        owner: int,
        *,
        refusal: str,
        confirm_label: str,
        cancel_label: str,
        on_confirm: Callable[[], Awaitable[str]],
        cancelled: str,
        timed_out: str | None = None,
    ) -> None:
        super().__init__(timeout=120)
        self.owner = owner
        self.refusal = refusal
        self.on_confirm = on_confirm
        self.cancelled = cancelled
        self.timed_out = timed_out
        self.confirm.label = confirm_label
        self.cancel.label = cancel_label
        self.message: discord.InteractionMessage | None = None
        """Set by the command after sending, so a timeout can say nothing happened."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner:
            await send_private(interaction, self.refusal)
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Confirm]) -> None:
        self.stop()
        text = await self.on_confirm()
        await interaction.response.edit_message(content=text, view=None, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Confirm]) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.cancelled, view=None, allowed_mentions=NO_PINGS)

    async def on_timeout(self) -> None:
        if self.timed_out is None or self.message is None:
            return
        try:
            await self.message.edit(content=self.timed_out, view=None)
        except discord.HTTPException:
            pass


# -- disputes: the "I was right" button other features put under a refused answer ------------------------

DISPUTE_SENT = "📨 Sent to the answer moderators. You'll hear when they decide."
MODERATORS_ONLY = "Only answer moderators (Manage Messages, or the server's answer moderator role) can do that."


def dispute_view(custom_id: str) -> discord.ui.View:
    """An "I was right" button; the disputes cog answers its press (``dispute:quiz:<question id>``,
    ``dispute:attempt:<attempt id>``, ``dispute:daily:<post id>``), after a restart too."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="I was right", emoji="🙋", style=discord.ButtonStyle.secondary, custom_id=custom_id))
    view.stop()  # finished: sent as components only, never kept in the client's view store (one per answer card)
    return view


async def answer_moderator(bot: Deckhand, interaction: discord.Interaction) -> bool:
    """True for the server's answer moderators; anyone else is told so, privately."""
    assert interaction.guild_id is not None
    settings = await bot.store.get_settings(interaction.guild_id)
    roles = [role.id for role in getattr(interaction.user, "roles", [])]
    if can_moderate(settings, manage_messages=interaction.permissions.manage_messages, roles=roles):
        return True
    await send_private(interaction, MODERATORS_ONLY)
    return False
