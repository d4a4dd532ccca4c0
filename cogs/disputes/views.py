"""The "I was right" buttons, the moderators' Accept / Reject, and what each press does on Discord.

The buttons carry what they are about in their custom id and are dynamic
items, so they keep working after a restart. Every decision is the core's
(:mod:`bot.disputes`); this module finds the answers a press is about, asks
the core, and words the outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.daily import right_key
from bot.disputes import (
    DisputeRefused,
    accept,
    asked_by_card,
    dispute_attempt,
    reject,
)
from bot.storage import Dispute, Settlement, StorageError, StoredAttempt
from cogs.disputes.embeds import dispute_embed, member_notice
from cogs.shared import DISPUTE_SENT, NO_PINGS, answer_moderator, respond, send_private

if TYPE_CHECKING:
    from bot.app.client import Deckhand

log = logging.getLogger(__name__)

NOT_YOURS = "Only a member whose typed answer to this question was refused can dispute it."
UNSAVED = "⚠️ I couldn't save that just now (the bot's storage is not working). Please try again in a little while."


def _bot(interaction: discord.Interaction) -> Deckhand:
    return interaction.client  # type: ignore[return-value]


# -- raising a dispute ----------------------------------------------------------------------------------


async def dispute_answers(interaction: discord.Interaction, answers: list[StoredAttempt]) -> None:
    """The presser's refused answers to one question: dispute the one, or ask which."""
    if not answers:
        await send_private(interaction, NOT_YOURS)
        return
    if len(answers) == 1:
        await dispute_one(interaction, answers[0])
        return
    await respond(interaction, "Which of your answers was right?", view=WhichAnswer(interaction.user.id, answers), ephemeral=True)


async def dispute_one(interaction: discord.Interaction, stored: StoredAttempt) -> None:
    bot = _bot(interaction)
    a = stored.attempt
    asked = bot.recent_questions.get(a.channel_id, a.question_id) or await asked_by_card(
        bot.library, a.guild_id, a.deck, a.card_key
    )
    await raise_dispute(interaction, lambda: dispute_attempt(bot.store, stored, interaction.user.id, asked, bot.clock()))


async def raise_dispute(
    interaction: discord.Interaction,
    opening: Callable[[], Awaitable[Dispute]],
    then: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Open a dispute through the core; ``then`` runs once it is stored (before the member is told); the
    moderators see it in the disputes channel."""
    try:
        dispute = await opening()
    except DisputeRefused as refused:
        await send_private(interaction, str(refused))
        return
    except StorageError:
        await send_private(interaction, UNSAVED)
        return
    if then is not None:
        await then()
    await send_private(interaction, DISPUTE_SENT)
    await post_to_queue(_bot(interaction), dispute)


async def post_to_queue(bot: Deckhand, dispute: Dispute) -> None:
    """Post a new dispute in the server's disputes channel, when it has one (quietly skipped otherwise)."""
    settings = await bot.store.get_settings(dispute.guild_id)
    if settings.disputes_channel is None:
        return
    channel = bot.get_channel(settings.disputes_channel)
    if not isinstance(channel, discord.abc.Messageable):
        log.info("disputes channel %s of server %s is gone", settings.disputes_channel, dispute.guild_id)
        return
    same = sum(1 for d in await bot.store.open_disputes(dispute.guild_id)
               if (d.deck, d.card_key, d.reply_key) == (dispute.deck, dispute.card_key, dispute.reply_key))
    try:
        await channel.send(embed=dispute_embed(dispute, same=same), view=settle_view(dispute.id), allowed_mentions=NO_PINGS)
    except discord.HTTPException as error:
        log.info("could not post dispute %s in channel %s (%s)", dispute.id, settings.disputes_channel, error.status)


class WhichAnswer(discord.ui.View):
    """A member's several refused answers to one question: they pick the one that was right."""

    def __init__(self, owner: int, answers: list[StoredAttempt]) -> None:
        super().__init__(timeout=300)
        self.owner = owner
        self.answers = {str(s.id): s for s in answers}
        select: discord.ui.Select[WhichAnswer] = discord.ui.Select(
            placeholder="Your answer",
            options=[discord.SelectOption(label=(s.attempt.reply or "?")[:100], value=str(s.id)) for s in answers[-25:]],
        )
        select.callback = self.picked  # type: ignore[method-assign]
        self.select = select
        self.add_item(select)

    async def picked(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.owner:
            await send_private(interaction, NOT_YOURS)
            return
        self.stop()
        await dispute_one(interaction, self.answers[self.select.values[0]])


class QuizDisputeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"dispute:quiz:(?P<question>[\w-]+:\d+)"):
    """Under a quiz question's answer card: any member whose typed reply was refused may dispute it."""

    def __init__(self, question_id: str) -> None:
        super().__init__(_right_button(f"dispute:quiz:{question_id}"))
        self.question_id = question_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> QuizDisputeButton:
        return cls(match["question"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None or interaction.channel_id is None:
            return
        found = await _bot(interaction).store.refused_attempts(
            interaction.guild_id, interaction.channel_id, self.question_id, interaction.user.id
        )
        await dispute_answers(interaction, found)


class AnswerDisputeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"dispute:attempt:(?P<id>\d+)"):
    """Under a member's private daily verdict: their one answer."""

    def __init__(self, attempt_id: int) -> None:
        super().__init__(_right_button(f"dispute:attempt:{attempt_id}"))
        self.attempt_id = attempt_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> AnswerDisputeButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            return
        stored = await _bot(interaction).store.stored_attempt(interaction.guild_id, self.attempt_id)
        await dispute_answers(interaction, [stored] if stored is not None else [])


class DailyDisputeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"dispute:daily:(?P<post>\d+)"):
    """Under a question of the day's results: the presser's own answer to it (private verdicts vanish on reload)."""

    def __init__(self, post_id: int) -> None:
        super().__init__(_right_button(f"dispute:daily:{post_id}"))
        self.post_id = post_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> DailyDisputeButton:
        return cls(int(match["post"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None or interaction.channel_id is None:
            return
        member = interaction.user.id
        found = await _bot(interaction).store.refused_attempts(
            interaction.guild_id, interaction.channel_id, right_key(self.post_id, member), member
        )
        await dispute_answers(interaction, found)


def _right_button(custom_id: str) -> discord.ui.Button:
    return discord.ui.Button(label="I was right", emoji="🙋", style=discord.ButtonStyle.secondary, custom_id=custom_id)


# -- settling ------------------------------------------------------------------------------------------------


async def settle(
    interaction: discord.Interaction, dispute_id: int, *, accepted: bool, reason: str | None = None, reply: str = "edit"
) -> Settlement | None:
    """Accept or reject a dispute (and its identical ones), then tell the members; None when refused.

    ``reply``: "edit" turns the pressed dispute message into its decision, "private" tells the moderator in a
    private message, "none" leaves the answer to the caller."""
    bot = _bot(interaction)
    assert interaction.guild_id is not None
    editing = reply == "edit" and interaction.message is not None
    if not interaction.response.is_done() and reply != "none":
        # Checking an alias against a big deck takes a moment: answer the press now.
        if editing:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        if accepted:
            settled = await accept(bot.store, bot.library, interaction.guild_id, dispute_id, interaction.user.id, bot.clock())
        else:
            settled = await reject(bot.store, interaction.guild_id, dispute_id, interaction.user.id, reason, bot.clock())
    except DisputeRefused as refused:
        await send_private(interaction, str(refused))
        return None
    except StorageError:
        await send_private(interaction, UNSAVED)
        return None
    first = settled.disputes[0]
    if editing:
        await interaction.edit_original_response(embed=dispute_embed(first, same=len(settled.disputes)), view=None)
    elif reply != "none":
        await send_private(interaction, settled_text(settled))
    await notify(bot, settled, interaction.guild.name if interaction.guild else "")
    return settled


def settled_text(settled: Settlement) -> str:
    first = settled.disputes[0]
    members = len({d.member_id for d in settled.disputes})
    who = f"{members} member{'s' if members != 1 else ''}"
    if first.status == "accepted":
        return (f"✅ Accepted for {who}: {len(settled.regraded)} answer(s) re-graded"
                f"{', and it counts for this card from now on' if settled.alias_added else ''}.")
    return f"❌ Rejected for {who}."


async def notify(bot: Deckhand, settled: Settlement, guild_name: str) -> None:
    """Tell each member of the decision, privately; where direct messages are closed, in the disputes channel."""
    settings = await bot.store.get_settings(settled.disputes[0].guild_id)
    for dispute in settled.disputes:
        text = member_notice(dispute, guild_name)
        try:
            user = bot.get_user(dispute.member_id) or await bot.fetch_user(dispute.member_id)
            await user.send(text, allowed_mentions=NO_PINGS)
            continue
        except discord.HTTPException:
            pass
        channel = bot.get_channel(settings.disputes_channel) if settings.disputes_channel else None
        if isinstance(channel, discord.abc.Messageable):
            try:
                await channel.send(
                    f"<@{dispute.member_id}> {text}",
                    allowed_mentions=discord.AllowedMentions(users=[discord.Object(dispute.member_id)]),
                )
            except discord.HTTPException:
                log.info("could not tell member %s of dispute %s", dispute.member_id, dispute.id)


class SettleButton(discord.ui.DynamicItem[discord.ui.Button], template=r"disputes:(?P<action>accept|reject):(?P<id>\d+)"):
    """Accept or Reject under a dispute posted in the disputes channel."""

    def __init__(self, action: str, dispute_id: int) -> None:
        accepting = action == "accept"
        super().__init__(
            discord.ui.Button(
                label="Accept" if accepting else "Reject",
                style=discord.ButtonStyle.success if accepting else discord.ButtonStyle.danger,
                custom_id=f"disputes:{action}:{dispute_id}",
            )
        )
        self.action = action
        self.dispute_id = dispute_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> SettleButton:
        return cls(match["action"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None or not await answer_moderator(_bot(interaction), interaction):
            return
        if self.action == "accept":
            await settle(interaction, self.dispute_id, accepted=True)
        else:
            await interaction.response.send_modal(RejectModal(self.dispute_id))


def settle_view(dispute_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SettleButton("accept", dispute_id))
    view.add_item(SettleButton("reject", dispute_id))
    return view


class RejectModal(discord.ui.Modal):
    """An optional reason, told to the members. ``after`` answers the submit once the dispute is rejected
    (by default the dispute's message shows the decision)."""

    def __init__(self, dispute_id: int, *, after: Callable[[discord.Interaction], Awaitable[None]] | None = None) -> None:
        super().__init__(title=f"Reject dispute #{dispute_id}"[:45], timeout=600)
        self.dispute_id = dispute_id
        self.after = after
        self.reason: discord.ui.TextInput = discord.ui.TextInput(
            label="Reason (optional; the member sees it)", required=False, max_length=300, style=discord.TextStyle.paragraph
        )
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        reply = "edit" if self.after is None else "none"
        settled = await settle(interaction, self.dispute_id, accepted=False, reason=self.reason.value, reply=reply)
        if settled is not None and self.after is not None:
            await self.after(interaction)


DYNAMIC_ITEMS = (QuizDisputeButton, AnswerDisputeButton, DailyDisputeButton, SettleButton)

__all__ = [
    "DYNAMIC_ITEMS", "AnswerDisputeButton", "DailyDisputeButton", "QuizDisputeButton", "RejectModal", "SettleButton",
    "dispute_answers", "post_to_queue", "raise_dispute", "settle", "settle_view",
]
