"""The /daily commands: set, off, show and now."""

from __future__ import annotations

from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Deckhand
from bot.daily import DailyAnswers, next_post_time, parse_local_time
from bot.decks import DeckNotFound, choose_deck
from bot.shared.text import relative_time
from bot.shared.zones import TimeInputError, local_date, parse_zone, zone
from bot.storage import DAILY_PICKS, DailySchedule, SettingsError
from cogs.daily.embeds import PICK_WORDS, schedules_embed
from cogs.daily.posts import CountShower, daily_runner
from cogs.daily.views import DYNAMIC_ITEMS
from cogs.shared import (
    MESSAGE,
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

MANAGER_ONLY = manager_only("change daily questions")
NEEDED = ("view_channel", "send_messages", "embed_links")


class DailyCog(commands.Cog):
    daily = manager_group("daily", "A question of the day in a channel")

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.poster = daily_runner(bot)
        bot.daily_answers = DailyAnswers(bot.store, self.poster.question_for, clock=bot.clock)
        self.counts = CountShower(bot)
        bot.daily_counts = self.counts

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)
        self.poster.start()

    async def cog_unload(self) -> None:
        await self.counts.stop()
        self.bot.daily_counts = None
        await self.poster.stop()
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)
        self.bot.daily_answers = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_manager(interaction, MANAGER_ONLY)

    async def run_due(self, now: datetime | None = None) -> list[int]:
        """Make every post due at ``now`` (default: the bot's clock); returns the channels posted in."""
        return await self.poster.run_due(now)

    # -- commands -------------------------------------------------------------------------------------

    @daily.command(name="set", description="Post a question of the day in a channel at a local time")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, HH:MM on a 24-hour clock (e.g. 09:00)",
        timezone="IANA time zone (default: the server's, see /settings)",
        deck="Which deck (default: the server's default deck)",
        pick="Which card: what the group knows least (default), cards few have met, or random without repeats",
    )
    @app_commands.choices(pick=[app_commands.Choice(name=p, value=p) for p in DAILY_PICKS])
    async def set_daily(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str | None = None,
        deck: str | None = None,
        pick: str | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        store = self.bot.store
        settings = await store.get_settings(guild_id)
        existing = await store.get_schedule(channel.id)
        try:
            local = parse_local_time(time)
            tz = parse_zone(timezone or settings.time_zone)
        except TimeInputError as exc:
            await send_private(interaction, str(exc))
            return
        kept = existing.deck if existing and existing.guild_id == guild_id else None
        name = choose_deck(deck, kept, settings.default_deck, builtin=self.bot.library.builtin_names())
        if name is None:
            await send_private(interaction, "There are no decks yet: add one with /deck import first.")
            return
        try:
            loaded = await self.bot.library.get(guild_id, name)
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, guild_id, name))
            return
        missing = self._missing_permissions(interaction, channel)
        if missing:
            await send_private(interaction, f"I can't post in {channel.mention}: give me {', '.join(missing)} there, then try again.")
            return
        try:
            schedule = await store.set_schedule(guild_id, channel.id, local, loaded.name, time_zone=tz.key, pick=pick)
        except SettingsError as exc:
            await send_private(interaction, f"Couldn't save that: {exc}.")
            return
        await self.poster.refresh(channel.id)
        now = self.bot.clock()
        day, at = next_post_time(local, tz, now, schedule.last_posted)
        if at <= now:
            first = "Today's time has passed and today's question isn't out yet, so it is posted now."
            self.poster.run_soon()
        else:
            first = f"First question: {relative_time(at)}."
        text = (
            f"📅 Question of the day in {channel.mention} every day at **{local}** ({tz.key}) "
            f"from **{quiet(loaded.deck.title)}**, {PICK_WORDS[schedule.pick]}. {first}"
        )
        await respond(interaction, shorten(text, MESSAGE), ephemeral=True)
        await notify_paused(self.bot, interaction)

    @staticmethod
    def _missing_permissions(interaction: discord.Interaction, channel: discord.TextChannel) -> list[str]:
        """What the bot lacks to post in ``channel``, as Discord's settings name it."""
        me = interaction.guild.me if interaction.guild else None
        if me is None:
            return []
        perms = channel.permissions_for(me)
        return [p.replace("_", " ").title() for p in NEEDED if not getattr(perms, p)]

    @set_daily.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        first = (await self.bot.store.get_settings(interaction.guild_id)).time_zone if interaction.guild_id else None
        return zone_choices(current, first=first)

    @set_daily.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    async def _schedule_named(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None, missing: str
    ) -> DailySchedule | None:
        """The schedule of the channel named (default: this one), or None after telling the member ``missing``."""
        channel_id = channel.id if channel else interaction.channel_id
        schedule = await self.bot.store.get_schedule(channel_id) if channel_id else None
        if schedule is None or schedule.guild_id != interaction.guild_id:
            await send_private(interaction, missing.format(channel=f"<#{channel_id}>"))
            return None
        return schedule

    @daily.command(name="off", description="Stop the question of the day in a channel")
    @app_commands.describe(channel="Which channel (default: this one)")
    async def off(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        schedule = await self._schedule_named(
            interaction, channel, "There is no question of the day in {channel}. See them all with /daily show."
        )
        if schedule is None:
            return
        await self.bot.store.remove_schedule(schedule.channel_id)
        await self.poster.refresh(schedule.channel_id)
        await respond(
            interaction,
            f"Question of the day in <#{schedule.channel_id}> is off. An open question closes now with its results.",
            ephemeral=True,
        )
        now = self.bot.clock()
        for post in await self.bot.store.open_daily_posts(guild_id):
            if post.channel_id == schedule.channel_id:
                await self.poster.close_quietly(post, now)
        await notify_paused(self.bot, interaction)

    @daily.command(name="show", description="List this server's questions of the day")
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        schedules = await self.bot.store.schedules(guild_id)
        if not schedules:
            await send_private(interaction, "No question of the day is set on this server. Add one with /daily set.")
            return
        now = self.bot.clock()
        next_posts = [
            next_post_time(s.local_time, zone(s.time_zone), now, s.last_posted)[1] if s.enabled else None
            for s in schedules[:25]
        ]
        await respond(interaction, embed=schedules_embed(schedules, next_posts), ephemeral=True)
        await notify_paused(self.bot, interaction)

    @daily.command(name="now", description="Post today's question of the day now instead of at its time")
    @app_commands.describe(channel="Which channel (default: this one)")
    async def now(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        schedule = await self._schedule_named(
            interaction, channel, "There is no question of the day in {channel}; set one with /daily set first."
        )
        if schedule is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        tz = zone(schedule.time_zone)
        now = self.bot.clock()
        today = local_date(now, tz)
        existing = await self.bot.store.get_daily_post(schedule.channel_id, today)
        if existing is not None:
            text = f"Today's question is already out in <#{schedule.channel_id}>."
        elif await self.poster.post(schedule, today, now):
            if not schedule.enabled:
                await self.bot.store.resume_schedule(schedule.channel_id)
            await self.poster.refresh(schedule.channel_id)
            _, at = next_post_time(schedule.local_time, tz, now, today)
            text = f"Posted today's question in <#{schedule.channel_id}>. Next one: {relative_time(at)}."
        else:
            fresh = await self.bot.store.get_schedule(schedule.channel_id)
            reason = fresh.paused_reason if fresh and fresh.paused_reason else "another process posted it first"
            text = f"Couldn't post in <#{schedule.channel_id}>: {reason}."
        await respond(interaction, shorten(text, MESSAGE), ephemeral=True)
        await notify_paused(self.bot, interaction)
