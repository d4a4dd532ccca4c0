"""How a dispute, a decision and the history look on Discord."""

from __future__ import annotations

import discord

from bot.shared.limits import EMBED_FIELD
from bot.shared.text import card_line, fit_card_markdown, shorten
from bot.storage import Dispute
from cogs.shared import EMBED_TITLE, quiet

OPEN_COLOUR = discord.Colour.orange()
ACCEPTED_COLOUR = discord.Colour.green()
REJECTED_COLOUR = discord.Colour.red()

SOURCE_WORDS = {"quiz": "a quiz", "daily": "the question of the day", "study": "a study session"}


def answers_text(dispute: Dispute) -> str:
    if not dispute.answers:
        return "(none)"
    return shorten(", ".join(f"**{fit_card_markdown(a, 200)}**" for a in dispute.answers[:10]), EMBED_FIELD)


def dispute_embed(dispute: Dispute, *, same: int = 1, position: tuple[int, int] | None = None) -> discord.Embed:
    """A dispute as the answer moderators see it: the question, what counts, and the reply."""
    colour = {"accepted": ACCEPTED_COLOUR, "rejected": REJECTED_COLOUR}.get(dispute.status, OPEN_COLOUR)
    title = f"Dispute #{dispute.id}" + (f" ({position[0]} of {position[1]})" if position else "")
    embed = discord.Embed(title=card_line(title, EMBED_TITLE), colour=colour)
    embed.add_field(name="Question", value=fit_card_markdown(dispute.prompt or "(no question text)", EMBED_FIELD), inline=False)
    embed.add_field(name="Accepted answers", value=answers_text(dispute), inline=False)
    embed.add_field(name="Reply", value=shorten(f"“{quiet(dispute.reply)}”", EMBED_FIELD), inline=False)
    others = f" and {same - 1} other member{'s' if same > 2 else ''} with the same reply" if same > 1 else ""
    opened = f"<t:{int(dispute.opened_at.timestamp())}:R>" if dispute.opened_at else ""
    embed.add_field(
        name="From",
        value=shorten(f"<@{dispute.member_id}>{others}, in {SOURCE_WORDS.get(dispute.source, dispute.source)} "
                      f"in <#{dispute.channel_id}> {opened}", EMBED_FIELD),
        inline=False,
    )
    if dispute.status != "open":
        embed.add_field(name="Decision", value=decision_text(dispute), inline=False)
    embed.set_footer(text=card_line(f"Deck: {dispute.deck}", 200))
    return embed


def decision_text(dispute: Dispute) -> str:
    by = f" by <@{dispute.decided_by}>" if dispute.decided_by else ""
    when = f" <t:{int(dispute.decided_at.timestamp())}:R>" if dispute.decided_at else ""
    if dispute.status == "accepted":
        credit = f" (+{dispute.credited} points)" if dispute.credited else ""
        return f"✅ Accepted{by}{when}{credit}"
    reason = f": {quiet(dispute.reason)}" if dispute.reason else ""
    return shorten(f"❌ Rejected{by}{when}{reason}", EMBED_FIELD)


def member_notice(dispute: Dispute, guild_name: str) -> str:
    """What the member who disputed is told of the decision."""
    where = f" on {quiet(guild_name)}" if guild_name else ""
    reply = f"“{quiet(dispute.reply)}”"
    if dispute.status == "accepted":
        credit = f" You got {dispute.credited} points for it." if dispute.credited else ""
        return shorten(f"✅ Your answer {reply}{where} was accepted: it counts as right from now on.{credit}", 2000)
    reason = f" Reason: {quiet(dispute.reason)}" if dispute.reason else ""
    return shorten(f"❌ Your answer {reply}{where} was not accepted.{reason}", 2000)


def history_embed(disputes: list[Dispute], page: int) -> discord.Embed:
    embed = discord.Embed(title="Settled disputes", colour=discord.Colour.blurple())
    if not disputes:
        embed.description = "No disputes settled yet." if page == 0 else "No more settled disputes."
        return embed
    for d in disputes:
        embed.add_field(
            name=card_line(f"#{d.id} · {d.deck} · “{d.reply}”", 256),
            value=shorten(f"{decision_text(d)}\nFrom <@{d.member_id}>. Counts: {answers_text(d)}", EMBED_FIELD),
            inline=False,
        )
    embed.set_footer(text=f"Page {page + 1}")
    return embed
