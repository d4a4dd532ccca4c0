"""``/deck``: import a server's own decks, list them, inspect and remove them.

An upload is read with the same readers (and so the same error messages) as
every other deck, in a worker thread because a big Anki package takes
seconds. The file is stored as uploaded, for this server only, so any bot
process can load it and a later reader improvement applies to it.
"""

from __future__ import annotations

import asyncio
import io
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Deckhand
from bot.cards import Deck, DeckError
from bot.daily import schedules_using
from bot.decks import (
    DeckNotFound,
    DeckQuota,
    HowAsked,
    ImportRefused,
    check_quota,
    how_asked,
    how_asked_text,
    over_quota,
    plan_import,
    sample_questions,
    size_text,
    usage_text,
)
from bot.decks.export import export_deck
from bot.decks.readers import read_deck
from bot.disputes import DisputeRefused, add_alias, list_aliases, remove_alias
from bot.pictures import knowledge_map, render
from bot.questions import Question
from bot.storage import DeckExistsError, QuotaExceededError, SettingsError
from bot.study import DeckKnowledge, KnownCard, read_deck_knowledge
from bot.shared.text import card_line, code_span, deck_path, fit_card_markdown, format_name, one_line, relative_time
from cogs.shared import (
    AUTOCOMPLETE,
    answer_moderator,
    CHOICE_NAME,
    DIRECTION_CHOICES,
    DIRECTION_WORDS,
    EMBED_DESCRIPTION,
    EMBED_FIELD,
    EMBED_TITLE,
    MESSAGE,
    Confirm,
    deck_choices,
    manager_only,
    quiet,
    require_manager,
    respond,
    send_private,
    shorten,
    unknown_deck,
    with_picture,
)

log = logging.getLogger(__name__)

COLOUR = discord.Colour.teal()
MANAGER_ONLY = manager_only("import or remove decks")
NOTES_SHOWN = 8


def refusal(exc: ImportRefused) -> str:
    """What a manager is told when an upload is turned away before downloading it."""
    if exc.reason == "unnamed":
        return "Give the deck a name with the `name` option."
    if exc.reason == "builtin":
        return f"“{quiet(exc.detail)}” is a built-in deck; choose another name with the `name` option."
    return exc.detail


def _samples_and_kinds(deck: Deck, direction: str | None) -> tuple[list[Question], HowAsked]:
    """The sample questions and how the deck's cards are asked: both read every card, so in one worker thread."""
    return sample_questions(deck, direction=direction), how_asked(deck, direction)


def about(deck: Deck) -> list[str]:
    """The deck's own description and author, where its file says."""
    lines = [f"*{fit_card_markdown(deck.description, 300)}*"] if deck.description else []
    if deck.author:
        lines.append(f"By {fit_card_markdown(deck.author, 100)}.")
    return lines


KNOWLEDGE_PICTURE = "knowledge.png"


def knowledge_subtitle(known: DeckKnowledge) -> str:
    members = f"{known.members:,} member{'s' if known.members != 1 else ''} studied it"
    return f"{members} · {known.never_met:,} card{'s' if known.never_met != 1 else ''} nobody has met"


def knowledge_text(known: DeckKnowledge) -> str:
    """The group's memory of the deck in words: every figure the knowledge map shows."""
    if not known.members:
        return "Nobody has studied this deck yet: answers in quizzes, the question of the day and /study count."
    recall = f"{int(known.recall * 100)}%" if known.recall is not None else "—"
    lines = [f"{knowledge_subtitle(known)} · group recall **{recall}**"]

    def named(cards: tuple[KnownCard, ...]) -> str:
        return ", ".join(f"“{fit_card_markdown(one_line(c.front), 60)}” ({int((c.knowledge or 0) * 100)}%)" for c in cards)

    if known.weakest:
        lines.append(f"Weakest: {named(known.weakest)}")
    if known.strongest:
        lines.append(f"Strongest: {named(known.strongest)}")
    return shorten("\n".join(lines), EMBED_FIELD)


def deck_title(name: str, deck: Deck) -> str:
    """A deck reply's title: the name members pick it by, then the deck's own path, both shown as written."""
    return card_line(f"{name}: {deck_path(deck.title)}", EMBED_TITLE)


def deck_embed(title: str, deck: Deck, samples: list[Question], *, lines: list[str], asked: HowAsked) -> discord.Embed:
    embed = discord.Embed(title=title, description=shorten("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR)
    how = how_asked_text(asked)
    if asked.unasked:
        shown = ", ".join(f"“{quiet(shorten(front, 60))}”" for front in asked.unasked[:5])
        how += f"\nNot asked (each side gives the other away, or nothing to ask): {shown}"
    embed.add_field(name="How cards are asked", value=shorten(how, EMBED_FIELD), inline=False)
    if samples:
        shown = "\n".join(
            f"• {fit_card_markdown(one_line(q.prompt), 200)} → ||{fit_card_markdown(q.answers[0], 80)}||" for q in samples
        )
        embed.add_field(name="Sample questions", value=shorten(shown, EMBED_FIELD), inline=False)
    else:
        embed.add_field(name="Sample questions", value="This deck can't make questions yet: check its format.", inline=False)
    if deck.notes:
        notes = [f"• {shorten(note, 180)}" for note in deck.notes[:NOTES_SHOWN]]
        if len(deck.notes) > NOTES_SHOWN:
            notes.append(f"… and {len(deck.notes) - NOTES_SHOWN} more")
        embed.add_field(name=f"Left out ({len(deck.notes)})", value=shorten("\n".join(notes), EMBED_FIELD), inline=False)
    return embed


class DeckCog(commands.Cog):
    deck = app_commands.Group(name="deck", description="This server's decks", guild_only=True)

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot

    @property
    def quota(self) -> DeckQuota:
        return DeckQuota(self.bot.settings.deck_quota_decks, self.bot.settings.deck_quota_bytes)

    @deck.command(name="import", description="Add a deck from a file (notes, Quizlet, CSV, Anki .apkg, YAML)")
    @app_commands.describe(
        file="The deck file, up to 10 MB",
        name="What members pick it by (default: the file name)",
        replace="Replace this server's deck of the same name",
        direction="For two-sided cards: which side members are shown (default: both for vocabulary, back for terms)",
    )
    @app_commands.choices(direction=DIRECTION_CHOICES)
    async def import_deck(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        name: str | None = None,
        replace: bool = False,
        direction: str | None = None,
    ) -> None:
        require_manager(interaction, MANAGER_ONLY)
        guild_id = interaction.guild_id
        assert guild_id is not None
        try:
            plan = plan_import(file.filename, file.size, name, self.bot.library.builtin_names())
        except ImportRefused as exc:
            await send_private(interaction, refusal(exc))
            return
        filename, wanted = plan.filename, plan.name
        quota = self.quota
        refused = check_quota(await self.bot.store.list_decks(guild_id), wanted.casefold(), file.size, replace, quota)
        if refused:
            await send_private(interaction, refused)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            await respond(interaction, "I couldn't download that file from Discord; please upload it again.", ephemeral=True)
            return
        try:
            deck = await asyncio.to_thread(read_deck, data, filename)
        except DeckError as exc:
            await respond(interaction, shorten(f"❌ {exc}", MESSAGE), ephemeral=True)
            return
        try:
            info = await self.bot.store.add_deck(
                guild_id, wanted, deck.format, filename, data,
                imported_by=interaction.user.id, card_count=len(deck.cards), replace=replace, direction=direction,
                max_decks=quota.decks, max_bytes=quota.bytes,
            )
        except QuotaExceededError as exc:  # another import took the room while this one was read
            await respond(interaction, over_quota(exc.limit, exc.used, exc.allowed, exc.adding), ephemeral=True)
            return
        except DeckExistsError:
            await respond(
                interaction,
                shorten(f"This server already has a deck named “{quiet(wanted)}”. Import again with `replace: True` to replace it, "
                    "or choose another `name`.", MESSAGE),
                ephemeral=True,
            )
            return
        except SettingsError as exc:
            await respond(interaction, shorten(f"❌ {exc}", MESSAGE), ephemeral=True)
            return
        # The deck read here is kept, indexed: the first /quiz start on it reads nothing again.
        await self.bot.library.adopt(guild_id, info.name, data, filename, deck, direction)
        samples, asked = await asyncio.to_thread(_samples_and_kinds, deck, direction)
        verb = "Replaced" if replace else "Imported"
        lines = [
            f"**{len(deck.cards):,}** cards · {format_name(deck.format)} · from {code_span(filename)}",
            *about(deck),
            f"Members can play it with {code_span(f'/quiz start deck: {info.name}')}.",
        ]
        embed = deck_embed(deck_title(f"{verb} deck “{info.name}”", deck), deck, samples, lines=lines, asked=asked)
        await respond(interaction, embed=embed, ephemeral=True)

    @deck.command(name="list", description="The decks members can play here")
    async def list_decks(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        lines = []
        for name in self.bot.library.builtin_names():
            loaded = await self.bot.library.get(guild_id, name)
            lines.append(f"📘 **{quiet(name)}**: {len(loaded.deck.cards):,} cards (built in)")
        imported = await self.bot.store.list_decks(guild_id)
        for info in imported:
            if self.bot.library.is_builtin(info.name):
                continue
            lines.append(
                f"📗 **{quiet(info.name)}**: {info.card_count:,} cards ({format_name(info.format)}, {size_text(info.size)}, "
                f"imported {relative_time(info.imported_at)})"
            )
        if not lines:
            text = "No decks yet. A manager can add one with /deck import."
        else:
            text = "\n".join(lines)
        embed = discord.Embed(title="Decks", description=shorten(text, EMBED_DESCRIPTION), colour=COLOUR)
        embed.set_footer(text=f"Imported: {usage_text(imported, self.quota)}")
        await respond(interaction, embed=embed, ephemeral=True)

    @deck.command(name="info", description="Cards, format and sample questions of a deck")
    @app_commands.describe(name="Which deck")
    async def info(self, interaction: discord.Interaction, name: str) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            loaded = await self.bot.library.get(guild_id, name)
        except DeckNotFound:
            await respond(interaction, shorten(f"There is no deck called “{quiet(name)}”. See /deck list.", MESSAGE), ephemeral=True)
            return
        except DeckError as exc:
            await respond(interaction, shorten(f"That deck can no longer be read: {exc}", MESSAGE), ephemeral=True)
            return
        deck = loaded.deck
        lines = [f"**{len(deck.cards):,}** cards · {format_name(deck.format)}", *about(deck)]
        if loaded.builtin:
            lines.append("Built in: shipped with the bot.")
        else:
            stored = await self.bot.store.get_deck(guild_id, loaded.name)
            if stored is not None:
                meta = stored.info
                lines.append(
                    f"Imported by <@{meta.imported_by}> {relative_time(meta.imported_at)} "
                    f"from {code_span(meta.filename)} ({meta.size / 1024:.0f} KB)"
                )
        if loaded.direction:
            lines.append(f"Shows the **{loaded.direction}** of two-sided cards ({DIRECTION_WORDS[loaded.direction]}).")
        samples, asked = await asyncio.to_thread(_samples_and_kinds, deck, loaded.direction)
        embed = deck_embed(deck_title(loaded.name, deck), deck, samples, lines=lines, asked=asked)
        known = await read_deck_knowledge(self.bot.store, guild_id, loaded, self.bot.clock())
        embed.add_field(name="The group's memory", value=knowledge_text(known), inline=False)
        files: list[discord.File] = []
        if known.members:
            weakest = [(c.front, c.knowledge or 0.0) for c in known.weakest]
            groups = [(label, [c.knowledge for c in cards]) for label, cards in known.groups]
            data = await render(knowledge_map, f"{deck.title} · what the group knows", groups, weakest,
                                subtitle=knowledge_subtitle(known))
            files = with_picture(embed, KNOWLEDGE_PICTURE, {KNOWLEDGE_PICTURE: data})
        await respond(interaction, embed=embed, ephemeral=True, files=files)

    @deck.command(name="remove", description="Remove an imported deck (scores are kept)")
    @app_commands.describe(name="Which imported deck")
    async def remove(self, interaction: discord.Interaction, name: str) -> None:
        require_manager(interaction, MANAGER_ONLY)
        guild_id = interaction.guild_id
        assert guild_id is not None
        if self.bot.library.is_builtin(name):
            await send_private(interaction, f"“{quiet(name)}” is built in and can't be removed.")
            return
        stored = await self.bot.store.get_deck(guild_id, name)
        if stored is None:
            await send_private(interaction, shorten(f"This server has no imported deck called “{quiet(name)}”. See /deck list.", MESSAGE))
            return
        uses = schedules_using(await self.bot.store.schedules(guild_id), stored.info.name)
        warning = ""
        if uses:
            channels = ", ".join(f"<#{s.channel_id}>" for s in uses[:5])
            warning = f"\nThe question of the day in {channels} uses it and will pause until you pick another deck."
        deck = stored.info.name
        view = Confirm(
            interaction.user.id,
            refusal="Only the member who asked to remove this deck can confirm.",
            confirm_label="Remove deck",
            cancel_label="Keep it",
            on_confirm=lambda: self._remove(guild_id, deck),
            cancelled=f"Kept **{quiet(deck)}**.",
            timed_out="Nothing removed (no answer within two minutes).",
        )
        await respond(
            interaction,
            shorten(f"Remove **{quiet(stored.info.name)}** ({stored.info.card_count:,} cards)? Scores that used it are kept.{warning}", MESSAGE),
            view=view,
        )
        view.message = await interaction.original_response()

    @deck.command(name="export", description="The deck as a file to import elsewhere, with every alias learned here")
    @app_commands.describe(name="Which deck")
    async def export(self, interaction: discord.Interaction, name: str) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        if not await answer_moderator(self.bot, interaction):  # the file holds every answer
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            loaded = await self.bot.library.get(guild_id, name)
        except DeckNotFound:
            await respond(interaction, await unknown_deck(self.bot, guild_id, name), ephemeral=True)
            return
        except DeckError as exc:
            await respond(interaction, shorten(f"That deck can no longer be read: {exc}", MESSAGE), ephemeral=True)
            return
        # The server's aliases came with the deck (the library lays them over it).
        learned = {key: [answer for answer, _ in found] for key, found in loaded.aliases.by_key.items()}
        exported = await asyncio.to_thread(export_deck, loaded.deck, loaded.name, learned)
        limit = interaction.guild.filesize_limit if interaction.guild is not None else 10 * 1024 * 1024
        if len(exported.data) > limit:
            await respond(interaction, shorten(
                f"The exported deck is {size_text(len(exported.data))}, over this server's upload limit of "
                f"{size_text(limit)}, so Discord would refuse it. Export the deck file on a computer instead: "
                "`python -m bot cards FILE --export OUT`.", MESSAGE), ephemeral=True)
            return
        media = f", {exported.media} pictures and sounds" if exported.media else ""
        text = (f"**{quiet(loaded.name)}**: {exported.cards:,} cards, {exported.aliases:,} aliases{media}. "
                "Import it on any server with /deck import.")
        await respond(interaction, shorten(text, MESSAGE), ephemeral=True,
                      file=discord.File(io.BytesIO(exported.data), filename=exported.filename))

    alias = app_commands.Group(name="alias", description="Answers this server accepts for a card", parent=deck)

    @alias.command(name="add", description="Accept another answer for one card (answer moderators)")
    @app_commands.describe(
        name="Which deck", card="The card: its front as /deck info shows it, or a part of it", answer="The answer to accept"
    )
    async def alias_add(self, interaction: discord.Interaction, name: str, card: str, answer: str) -> None:
        assert interaction.guild_id is not None
        if not await answer_moderator(self.bot, interaction):
            return
        await interaction.response.defer(ephemeral=True, thinking=True)  # a big deck takes a moment to check
        try:
            added = await add_alias(self.bot.store, self.bot.library, interaction.guild_id, name, card, answer,
                                    interaction.user.id, self.bot.clock())
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, interaction.guild_id, name))
            return
        except DisputeRefused as refused:
            await send_private(interaction, shorten(f"Not added: {refused}", MESSAGE))
            return
        await respond(interaction, shorten(
            f"✅ “{quiet(added.alias.answer)}” now counts wherever “{quiet(added.alias.alias_of)}” is asked for "
            f"the card {card_line(added.card.front, 200)}.", MESSAGE), ephemeral=True)

    @alias.command(name="remove", description="Stop accepting an alias of one card (answer moderators)")
    @app_commands.describe(name="Which deck", card="The card: its front, or a part of it", answer="The alias to remove")
    async def alias_remove(self, interaction: discord.Interaction, name: str, card: str, answer: str) -> None:
        assert interaction.guild_id is not None
        if not await answer_moderator(self.bot, interaction):
            return
        try:
            removed = await remove_alias(self.bot.store, self.bot.library, interaction.guild_id, name, card, answer)
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, interaction.guild_id, name))
            return
        except DisputeRefused as refused:
            await send_private(interaction, shorten(f"Not removed: {refused}", MESSAGE))
            return
        await respond(interaction, shorten(
            f"Removed: “{quiet(removed.alias.answer)}” no longer counts for {card_line(removed.card.front, 200)}.", MESSAGE
        ), ephemeral=True)

    @alias.command(name="list", description="The answers this server accepts beside a deck's own")
    @app_commands.describe(name="Which deck")
    async def alias_list(self, interaction: discord.Interaction, name: str) -> None:
        assert interaction.guild_id is not None
        try:
            loaded, found = await list_aliases(self.bot.store, self.bot.library, interaction.guild_id, name)
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, interaction.guild_id, name))
            return
        embed = discord.Embed(title=card_line(f"Aliases · {loaded.name}", EMBED_TITLE), colour=COLOUR)
        if not found:
            embed.description = "No aliases yet. Answer moderators add them with /deck alias add, or by accepting a dispute."
        else:
            lines = [f"• {card_line(a.card.front, 80)}: “{quiet(a.alias.answer)}” beside “{quiet(a.alias.alias_of)}”"
                     for a in found]
            embed.description = shorten("\n".join(lines), EMBED_DESCRIPTION)
            embed.set_footer(text=f"{len(found)} alias{'es' if len(found) != 1 else ''}")
        await respond(interaction, embed=embed, ephemeral=True)

    @alias_add.autocomplete("card")
    @alias_remove.autocomplete("card")
    async def card_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        deck = str(getattr(interaction.namespace, "name", "") or "")
        try:
            loaded = await self.bot.library.get(interaction.guild_id, deck)
        except (DeckNotFound, DeckError):
            return []
        wanted = current.casefold().strip()
        fronts = [one_line(c.front) for c in loaded.deck.cards if c.answers and wanted in c.front.casefold()]
        return [app_commands.Choice(name=f[:CHOICE_NAME], value=f[:CHOICE_NAME]) for f in dict.fromkeys(fronts)][:AUTOCOMPLETE]

    @info.autocomplete("name")
    @export.autocomplete("name")
    @remove.autocomplete("name")
    @alias_add.autocomplete("name")
    @alias_remove.autocomplete("name")
    @alias_list.autocomplete("name")
    async def name_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    async def _remove(self, guild_id: int, name: str) -> str:
        removed = await self.bot.store.remove_deck(guild_id, name)
        self.bot.library.forget(guild_id, name)
        if removed:
            return f"🗑️ Removed **{quiet(name)}**. Scores and leaderboards that used it are kept."
        return f"**{quiet(name)}** was already removed."


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(DeckCog(bot))
