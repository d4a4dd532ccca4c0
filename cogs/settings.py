"""``/settings``: how quizzes run on this server.

Every value is checked by :mod:`bot.settings.changes` first (with the reason
a manager can act on) and again by :mod:`bot.settings.guild` before any
backend stores it. The commands carry the Manage Server default permission
so a server can hand them to other roles in Discord's own Integrations
settings; the run-time check keeps the default safe where that was not
changed.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Deckhand
from bot.decks import DeckNotFound
from bot.settings import STRICTNESS, GuildSettings, SettingsError
from bot.settings.changes import SettingsInputError, changed_names, edit_channels, settings_changes
from bot.shared.zones import TimeInputError
from cogs.shared import (
    EMBED_DESCRIPTION,
    Confirm,
    deck_choices,
    manager_group,
    manager_only,
    notify_paused,
    quiet,
    require_manager,
    respond,
    send_private,
    shorten,
    unknown_deck,
    zone_choices,
)

log = logging.getLogger(__name__)

COLOUR = discord.Colour.dark_teal()
MANAGER_ONLY = manager_only("change settings")


def settings_embed(settings: GuildSettings) -> discord.Embed:
    channels = ", ".join(f"<#{c}>" for c in settings.quiz_channels) or "any channel"
    lines = [
        f"**Time zone:** {settings.time_zone}",
        f"**Default deck:** {quiet(settings.default_deck) if settings.default_deck else 'none (the first built-in deck)'}",
        f"**Answer time:** {settings.answer_seconds} s per question",
        f"**Points:** {settings.base_points} for a correct answer, up to +{settings.speed_bonus} for speed, "
        f"−{settings.hint_penalty} per hint (never below 1)",
        f"**Grading:** {settings.strictness}",
        f"**Quizzes allowed in:** {channels}",
        "**Answer moderators:** members with Manage Messages"
        + (f" and <@&{settings.answer_moderator_role}>" if settings.answer_moderator_role else ""),
        f"**New disputes posted in:** <#{settings.disputes_channel}>" if settings.disputes_channel
        else "**New disputes posted in:** nowhere (see /disputes open)",
    ]
    return discord.Embed(title="Server settings", description=shorten("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR)


class SettingsCog(commands.Cog):
    settings = manager_group("settings", "How quizzes run on this server")

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_manager(interaction, MANAGER_ONLY)

    @settings.command(name="show", description="See this server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.store.get_settings(interaction.guild_id)
        await respond(interaction, embed=settings_embed(settings), ephemeral=True)
        await notify_paused(self.bot, interaction)

    @settings.command(name="set", description="Change one or more settings")
    @app_commands.describe(
        timezone="IANA time zone for days, streaks and daily questions (e.g. Europe/London)",
        default_deck="Deck used when none is named (type none to clear)",
        answer_seconds="Seconds to answer a quiz question (10-120)",
        base_points="Points for a correct answer (1-100)",
        speed_bonus="Extra points for an instant answer, shrinking to 0 at the time limit (0-100)",
        hint_penalty="Points taken off per hint (0-50); a correct answer still earns at least 1",
        strictness="How forgiving typed answers are about spelling",
        answer_moderator_role="A role that settles disputes and manages aliases (beside Manage Messages)",
        disputes_channel="Where new disputes are posted for the answer moderators",
        clear="Clear the answer moderator role or the disputes channel",
    )
    @app_commands.choices(
        strictness=[app_commands.Choice(name=s, value=s) for s in STRICTNESS],
        clear=[app_commands.Choice(name=n.replace("_", " "), value=n) for n in ("answer_moderator_role", "disputes_channel")],
    )
    async def set_settings(
        self,
        interaction: discord.Interaction,
        timezone: str | None = None,
        default_deck: str | None = None,
        answer_seconds: app_commands.Range[int, 10, 120] | None = None,
        base_points: app_commands.Range[int, 1, 100] | None = None,
        speed_bonus: app_commands.Range[int, 0, 100] | None = None,
        hint_penalty: app_commands.Range[int, 0, 50] | None = None,
        strictness: str | None = None,
        answer_moderator_role: discord.Role | None = None,
        disputes_channel: discord.TextChannel | None = None,
        clear: str | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        try:
            changes = await settings_changes(
                self.bot.library, guild_id, time_zone=timezone, default_deck=default_deck,
                answer_seconds=answer_seconds, base_points=base_points, speed_bonus=speed_bonus,
                hint_penalty=hint_penalty, strictness=strictness,
                answer_moderator_role=answer_moderator_role.id if answer_moderator_role else None,
                disputes_channel=disputes_channel.id if disputes_channel else None, clear=clear,
            )
        except (TimeInputError, SettingsInputError) as exc:
            await send_private(interaction, str(exc))
            return
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, guild_id, default_deck or ""))
            return
        try:
            settings = await self.bot.store.update_settings(guild_id, **changes)
        except SettingsError as exc:
            await send_private(interaction, f"Couldn't save that: {exc}.")
            return
        await respond(interaction, f"Saved: {changed_names(changes)}.", embed=settings_embed(settings), ephemeral=True)
        await notify_paused(self.bot, interaction)

    @set_settings.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return zone_choices(current)

    @set_settings.autocomplete("default_deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    @settings.command(name="channels", description="Limit quizzes to some channels (none listed: any channel)")
    @app_commands.describe(action="Add or remove a channel, or clear the list", channel="The channel to add or remove")
    @app_commands.choices(
        action=[
            app_commands.Choice(name="add", value="add"),
            app_commands.Choice(name="remove", value="remove"),
            app_commands.Choice(name="clear (any channel)", value="clear"),
        ]
    )
    async def channels(self, interaction: discord.Interaction, action: str, channel: discord.TextChannel | None = None) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        current = (await self.bot.store.get_settings(guild_id)).quiz_channels
        try:
            updated = edit_channels(current, action, channel.id if channel else interaction.channel_id)
        except SettingsInputError as exc:
            await send_private(interaction, str(exc))
            return
        settings = await self.bot.store.update_settings(guild_id, quiz_channels=updated)
        where = ", ".join(f"<#{c}>" for c in settings.quiz_channels) or "any channel"
        await respond(interaction, f"Quizzes are allowed in: {where}.", ephemeral=True)
        await notify_paused(self.bot, interaction)

    @settings.command(name="new-season", description="End this season (its board is kept) and start the next")
    async def new_season(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        current = await self.bot.store.current_season(guild_id)
        if current is None:
            await send_private(interaction, "Nobody has scored yet, so season 1 is still fresh: no need for a new season.")
            return
        number = current.number
        view = Confirm(
            interaction.user.id,
            refusal="Only the member who asked for a new season can confirm it.",
            confirm_label="Start a new season",
            cancel_label="Cancel",
            on_confirm=lambda: self._start_season(guild_id),
            cancelled="No new season; scores carry on.",
        )
        await respond(
            interaction,
            f"End season {number} and start season {number + 1}? Everyone starts the new season at 0 points; "
            f"season {number}'s final standings stay viewable with /leaderboard.",
            view=view,
        )

    async def _start_season(self, guild_id: int) -> str:
        store = self.bot.store
        before = await store.current_season(guild_id)
        season = await store.start_season(guild_id)
        if before is not None and before.number != season.number:
            return (
                f"🏁 Season {before.number} is over; its final standings stay on "
                f"`/leaderboard period: All time season: {before.number}`. Season {season.number} starts now."
            )
        return f"🏁 Season {season.number} starts now."


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(SettingsCog(bot))
