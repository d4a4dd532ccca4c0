"""/leaderboard and /stats: a server's boards and a member's record.

The numbers come from the store, the wording from :mod:`bot.boards.texts`; this
module only speaks Discord. Nothing here ever pings: members appear as
mentions inside embeds, and every message is sent with no allowed mentions.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.boards import BoardQuery, BoardRequestError, archived_season, board_query, texts
from bot.cards import DeckError
from bot.decks import DeckNotFound, card_key
from bot.pictures import progress_card, render, standings_card, summary
from bot.srs import BOOK, memory_summary
from bot.storage import LeaderboardPage, MemberStats, Season
from cogs.shared import NO_PINGS, deck_choices, respond, send_private, to_embed, with_picture

if TYPE_CHECKING:
    from bot.app.client import Deckhand

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 180.0
"""Seconds the page buttons stay live after the last click."""
CARD_POOL = 1000
"""Card records fetched for /stats, so the minimum-attempts rule is applied before the top few are picked."""
EMBED_COLOUR = discord.Colour.gold()
STATS_PICTURE = "progress.png"
BOARD_PICTURE = "standings.png"


def _name(guild: discord.Guild | None, member_id: int) -> str | None:
    """A member's name as the server shows it, for a picture (where a mention cannot be drawn)."""
    member = guild.get_member(member_id) if guild is not None else None
    return member.display_name if member is not None else None

PERIOD_CHOICES = [
    app_commands.Choice(name="Today", value="today"),
    app_commands.Choice(name="This week", value="week"),
    app_commands.Choice(name="This month", value="month"),
    app_commands.Choice(name="All time (this season, or the season you pick)", value="all"),
]


class BoardPager(discord.ui.View):
    """◀ page ▶ under a board; only the member who asked can turn the pages."""

    def __init__(self, cog: LeaderboardCog, query: BoardQuery, origin: discord.Interaction, page: int, pages: int) -> None:
        super().__init__(timeout=cog.page_timeout)
        self.cog = cog
        self.query = query
        self.origin = origin
        self.page = page
        self.pages = pages
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page <= 0
        self.next.disabled = self.page >= self.pages - 1
        self.position.label = f"{self.page + 1}/{self.pages}"

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.query.viewer_id:
            await send_private(interaction, "Run /leaderboard yourself to browse.")
            return False
        return True

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, self.page - 1)

    @discord.ui.button(label="1/1", style=discord.ButtonStyle.secondary, disabled=True)
    async def position(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        """Shows the page number; never clickable."""

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, self.page + 1)

    async def _turn(self, interaction: discord.Interaction, page: int) -> None:
        embed, self.page, self.pages, picture = await self.cog.render_board(self.query, page, interaction.guild)
        self._sync()
        await interaction.response.edit_message(
            embed=embed, view=self, allowed_mentions=NO_PINGS, attachments=[picture] if picture is not None else []
        )

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            await self.origin.edit_original_response(view=self, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("could not disable the leaderboard buttons: %s", exc)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        log.error("leaderboard page button failed", exc_info=error)
        await send_private(interaction, "Something went wrong on my side; it has been logged. Please try again.")


class LeaderboardCog(commands.Cog, name="Leaderboard"):
    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.page_timeout = PAGE_TIMEOUT
        self._pagers: weakref.WeakSet[BoardPager] = weakref.WeakSet()

    async def cog_unload(self) -> None:
        for pager in list(self._pagers):
            pager.stop()

    # -- /leaderboard --------------------------------------------------------------

    @app_commands.command(name="leaderboard", description="Who has the most points on this server")
    @app_commands.guild_only()
    @app_commands.describe(
        period=f"Which board (default: {texts.PERIOD_PHRASES[texts.DEFAULT_PERIOD]})",
        deck="Only answers from this deck",
        season="An earlier season's final standings (with period: all time)",
    )
    @app_commands.choices(period=PERIOD_CHOICES)
    async def leaderboard(
        self,
        interaction: discord.Interaction,
        period: app_commands.Choice[str] | None = None,
        deck: app_commands.Range[str, 1, 100] | None = None,
        season: app_commands.Range[int, 1, None] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        try:
            query = await board_query(
                self.bot.store, self.bot.library, interaction.guild_id, interaction.user.id,
                period.value if period else None, deck, season,
            )
        except BoardRequestError as exc:
            await send_private(interaction, str(exc))
            return
        embed, page, pages, picture = await self.render_board(query, 0, interaction.guild)
        extra: dict[str, Any] = {"files": [picture]} if picture is not None else {}
        if pages > 1:
            pager = BoardPager(self, query, interaction, page, pages)
            self._pagers.add(pager)
            await respond(interaction, embed=embed, view=pager, **extra)
        else:
            await respond(interaction, embed=embed, **extra)

    async def render_board(
        self, query: BoardQuery, page: int, guild: discord.Guild | None = None
    ) -> tuple[discord.Embed, int, int, discord.File | None]:
        """The embed for a page (clamped to the pages that exist), the page shown, the page count,
        and the page's standings picture (None for an empty board), referenced by the embed."""
        store = self.bot.store
        board = await self._page(query, max(0, page))
        pages = texts.page_count(board.total)
        if board.total and not board.rows:
            board = await self._page(query, pages - 1)
        mine = await store.member_rank(query.guild_id, query.viewer_id, query.period, deck=query.deck, season=query.season)
        settings = await store.get_settings(query.guild_id)
        current = await store.current_season(query.guild_id)
        season = current.number if current else 1
        archived = await self._archived(query)
        text = texts.board_embed(board, mine, time_zone=settings.time_zone, current_season=season, archived=archived)
        embed = to_embed(text, EMBED_COLOUR)
        if not board.rows:
            return embed, board.offset // texts.PAGE_SIZE, pages, None
        names = {row.member_id: _name(guild, row.member_id) for row in board.rows}
        heading = texts.board_heading(board.period, board.deck, board.season, season)
        data = await render(standings_card, heading, texts.picture_rows(board, names), subtitle=text.footer)
        [picture] = with_picture(embed, BOARD_PICTURE, {BOARD_PICTURE: data})
        return embed, board.offset // texts.PAGE_SIZE, pages, picture

    async def _page(self, query: BoardQuery, page: int) -> LeaderboardPage:
        return await self.bot.store.leaderboard(
            query.guild_id, query.period, deck=query.deck, season=query.season,
            offset=page * texts.PAGE_SIZE, limit=texts.PAGE_SIZE,
        )

    async def _archived(self, query: BoardQuery) -> Season | None:
        if query.season is None:
            return None
        return archived_season(await self.bot.store.seasons(query.guild_id), query.season)

    @leaderboard.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    @leaderboard.autocomplete("season")
    async def season_autocomplete(self, interaction: discord.Interaction, current: Any) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        typed = str(current or "").strip()
        seasons = sorted(await self.bot.store.seasons(interaction.guild_id), key=lambda s: -s.number)
        return [
            app_commands.Choice(name=texts.season_choice_name(s)[:100], value=s.number)
            for s in seasons if str(s.number).startswith(typed)
        ][:25]

    # -- /stats --------------------------------------------------------------------------

    @app_commands.command(name="stats", description="Points, rank, streaks and best and worst cards")
    @app_commands.guild_only()
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        await self.show_stats(interaction, member or interaction.user)

    async def show_stats(self, interaction: discord.Interaction, target: discord.abc.User, *, ephemeral: bool = False) -> None:
        """A member's stats, for /stats and for the daily post's My stats button (privately)."""
        guild_id = interaction.guild_id
        assert guild_id is not None
        store = self.bot.store
        stats = await store.member_stats(guild_id, target.id, cards=CARD_POOL)
        settings = await store.get_settings(guild_id)
        memory = memory_summary(
            await store.member_cards(guild_id, target.id), self.bot.clock(), settings.time_zone, BOOK.for_guild(guild_id)
        )
        if not texts.has_history(stats) and not memory.cards:
            text = texts.no_history_text(target.id, self_view=target.id == interaction.user.id)
            await respond(interaction, text, ephemeral=ephemeral)
            return
        week = await store.member_rank(guild_id, target.id, "week")
        current = await store.current_season(guild_id)
        history = await store.member_history(guild_id, target.id)
        recent = summary(history)
        text = texts.stats_embed(
            target.display_name, stats, week,
            fronts=await self._card_fronts(guild_id, stats),
            time_zone=settings.time_zone, season=current.number if current else 1, recent=recent, memory=memory,
        )
        embed = to_embed(text, EMBED_COLOUR)
        data = await render(progress_card, target.display_name, history)
        files = with_picture(embed, STATS_PICTURE, {STATS_PICTURE: data})
        await respond(interaction, embed=embed, ephemeral=ephemeral, files=files)

    async def _card_fronts(self, guild_id: int, stats: MemberStats) -> dict[str, str]:
        """card key -> front, for the decks the member's cards come from; a removed deck is skipped."""
        fronts: dict[str, str] = {}
        for deck in {c.deck for c in (*stats.strongest_cards, *stats.weakest_cards)}:
            try:
                loaded = await self.bot.library.get(guild_id, deck)
            except DeckNotFound:
                continue
            except DeckError as exc:
                log.warning("cannot read deck %r for card names: %s", deck, exc)
                continue
            for card in loaded.deck.cards:
                fronts[card_key(loaded.name, card)] = card.front
        return fronts


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(LeaderboardCog(bot))
