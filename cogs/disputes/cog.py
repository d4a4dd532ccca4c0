"""``/disputes open`` and ``/disputes history``: the answer moderators' queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.storage import Dispute
from cogs.disputes.embeds import dispute_embed, history_embed
from cogs.disputes.views import RejectModal, raise_dispute, settle
from cogs.shared import NO_PINGS, answer_moderator, respond, send_private

if TYPE_CHECKING:
    from bot.app.client import Deckhand

HISTORY_PAGE = 10


def grouped(disputes: list[Dispute]) -> list[list[Dispute]]:
    """Open disputes as the groups settled together (same card, same reply), oldest first."""
    groups: dict[tuple[str, str, str], list[Dispute]] = {}
    for d in disputes:
        groups.setdefault((d.deck, d.card_key, d.reply_key), []).append(d)
    return sorted(groups.values(), key=lambda g: g[0].id)


class QueuePage(discord.ui.View):
    """One open dispute at a time, oldest first, with Accept, Reject and paging; only its moderator presses."""

    def __init__(self, owner: int, groups: list[list[Dispute]], index: int = 0) -> None:
        super().__init__(timeout=600)
        self.owner = owner
        self.groups = groups
        self.index = index
        self._refresh()

    def _refresh(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.groups) - 1

    def embed(self) -> discord.Embed:
        group = self.groups[self.index]
        return dispute_embed(group[0], same=len(group), position=(self.index + 1, len(self.groups)))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner:
            await send_private(interaction, "Run /disputes open to see the queue yourself.")
            return False
        return await answer_moderator(interaction.client, interaction)  # type: ignore[arg-type]

    def _settled(self) -> None:
        del self.groups[self.index]
        self.index = min(self.index, max(0, len(self.groups) - 1))
        self._refresh()

    def _page(self) -> dict[str, object]:
        """The queue after a decision: the next open dispute, or its end."""
        if not self.groups:
            self.stop()
            return {"content": "✅ No more open disputes.", "embed": None, "view": None}
        return {"embed": self.embed(), "view": self}

    @discord.ui.button(label="Accept", style=discord.ButtonStyle.success)
    async def accept(self, interaction: discord.Interaction, button: discord.ui.Button[QueuePage]) -> None:
        await interaction.response.defer()
        if await settle(interaction, self.groups[self.index][0].id, accepted=True, reply="private") is not None:
            self._settled()
            await interaction.edit_original_response(**self._page())  # type: ignore[arg-type]

    @discord.ui.button(label="Reject", style=discord.ButtonStyle.danger)
    async def reject(self, interaction: discord.Interaction, button: discord.ui.Button[QueuePage]) -> None:
        async def rejected(submitted: discord.Interaction) -> None:
            self._settled()
            await submitted.response.edit_message(allowed_mentions=NO_PINGS, **self._page())  # type: ignore[arg-type]

        await interaction.response.send_modal(RejectModal(self.groups[self.index][0].id, after=rejected))

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[QueuePage]) -> None:
        self.index = max(0, self.index - 1)
        self._refresh()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[QueuePage]) -> None:
        self.index = min(len(self.groups) - 1, self.index + 1)
        self._refresh()
        await interaction.response.edit_message(embed=self.embed(), view=self)


class HistoryPage(discord.ui.View):
    def __init__(self, bot: Deckhand, owner: int, page: int, full: bool) -> None:
        super().__init__(timeout=600)
        self.bot, self.owner, self.page = bot, owner, page
        self.previous.disabled = page == 0
        self.next.disabled = not full

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.owner

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        assert interaction.guild_id is not None
        found = await self.bot.store.dispute_history(interaction.guild_id, limit=HISTORY_PAGE, offset=page * HISTORY_PAGE)
        view = HistoryPage(self.bot, self.owner, page, len(found) == HISTORY_PAGE)
        await interaction.response.edit_message(embed=history_embed(found, page), view=view, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[HistoryPage]) -> None:
        await self._show(interaction, max(0, self.page - 1))

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[HistoryPage]) -> None:
        await self._show(interaction, self.page + 1)


class DisputesCog(commands.Cog, name="Disputes"):
    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot

    async def raise_dispute(
        self,
        interaction: discord.Interaction,
        opening: Callable[[], Awaitable[Dispute]],
        then: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """A dispute another feature opens (a study answer), told and posted like any other."""
        await raise_dispute(interaction, opening, then)

    disputes = app_commands.Group(name="disputes", description="Answers members say were right", guild_only=True)

    @disputes.command(name="open", description="Open disputes, oldest first, to accept or reject")
    async def open(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        if not await answer_moderator(self.bot, interaction):
            return
        groups = grouped(await self.bot.store.open_disputes(interaction.guild_id))
        if not groups:
            await respond(interaction, "No open disputes. 🎉", ephemeral=True)
            return
        page = QueuePage(interaction.user.id, groups)
        await respond(interaction, embed=page.embed(), view=page, ephemeral=True)

    @disputes.command(name="history", description="Settled disputes and what was decided, latest first")
    async def history(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        if not await answer_moderator(self.bot, interaction):
            return
        found = await self.bot.store.dispute_history(interaction.guild_id, limit=HISTORY_PAGE)
        view = HistoryPage(self.bot, interaction.user.id, 0, len(found) == HISTORY_PAGE)
        await respond(interaction, embed=history_embed(found, 0), view=view, ephemeral=True)
