"""/study start: a member's own review session, in private messages only they see.

The session itself (which card, what an answer did) is :class:`bot.study.StudySession`;
this cog shows each card with its buttons and a form for typed answers, and
turns presses into calls on the session.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.app.client import Deckhand
from bot.decks import DeckNotFound, choose_deck
from bot.disputes import Asked, DisputeRefused, dispute_review
from bot.shared.text import LETTERS, card_line, deck_path, fit_card_markdown, one_line, relative_time
from bot.srs import AGAIN, BOOK, EASY, GOOD, HARD
from bot.storage import StorageError
from bot.daily import parse_local_time
from bot.shared.zones import TimeInputError, parse_zone
from bot.storage import Dispute, StudyReminder
from bot.study import (
    CLOSED_DM, DEFAULT_NEW_PER_DAY, DEFAULT_TIME, MAX_NEW_PER_DAY, Reminders, StudyCard, StudyResult, StudySession,
    comes_back,
)
from bot.study.reminders import Sent
from cogs.shared import EMBED_DESCRIPTION, EMBED_TITLE, NO_PINGS, deck_choices, quiet, send_private, shorten, unknown_deck

log = logging.getLogger(__name__)

COLOUR = discord.Colour.blurple()
RIGHT = discord.Colour.green()
MISSED = discord.Colour.orange()
IDLE_SECONDS = 15 * 60
"""A session nobody touches for this long ends; its answers are already stored."""
NOT_YOURS = "This is someone else's study session. Start your own with /study start."
UNSAVED = "⚠️ I couldn't save that answer (the bot's storage is not working). Try again in a moment."
DMS_CLOSED_NOTE = (
    "I couldn't send you a study reminder: your direct messages are closed to me, so I turned reminders off. "
    "Allow direct messages from this server's members, then run /study remind state:on."
)
STUDY_PREFIX = "study:"
ENDED = "This study session has ended (its answers are saved). Start again with /study start."
REMIND_EVERY = 60.0
"""Seconds between looks for reminders whose time has come."""


def card_embed(session: StudySession, study: StudyCard, *, revealed: bool = False) -> discord.Embed:
    """One card as the member sees it: the question, its choices, and how many cards are left."""
    question = study.question
    first, _, rest = question.prompt.strip().partition("\n")
    title = fit_card_markdown(one_line(first), EMBED_TITLE)
    lines = [fit_card_markdown(rest.strip(), 2000)] if rest.strip() else []
    if question.choices is not None:
        lines.append("\n".join(f"**{letter}.** {fit_card_markdown(one_line(c), 300)}" for letter, c in zip(LETTERS, question.choices)))
    if revealed:
        lines.append(f"**Answer:** {fit_card_markdown(question.answers[0], 1000)}")
        if question.explanation:
            lines.append(fit_card_markdown(question.explanation, 1500))
        lines.append("How well did you know it?")
    embed = discord.Embed(title=title, description=shorten("\n\n".join(lines), EMBED_DESCRIPTION) or None, colour=COLOUR)
    embed.set_footer(text=shorten(f"{deck_path(session.loaded.deck.title)} · {'new card' if study.new else 'review'} · "
                                  f"{session.left} left", 2048))
    return embed


def result_embed(session: StudySession, result: StudyResult, now: datetime) -> discord.Embed:
    """After an answer: the verdict, the answer and facts, and when the card comes back."""
    question = result.card.question
    if question.kind == "flip":
        verdict = "Noted."
    elif result.correct:
        verdict = "✅ Correct."
    else:
        verdict = f"❌ {result.feedback.rstrip('.') + '.' if result.feedback else 'Not quite.'}"
    lines = [verdict, f"**Answer:** {fit_card_markdown(question.answers[0], 1000)}"]
    if question.explanation:
        lines.append(fit_card_markdown(question.explanation, 1500))
    lines.append(f"🔁 This card comes back {comes_back(result.due, now)} ({relative_time(result.due)}).")
    embed = discord.Embed(
        title=fit_card_markdown(one_line(question.prompt.strip().partition("\n")[0]), EMBED_TITLE),
        description=shorten("\n\n".join(lines), EMBED_DESCRIPTION),
        colour=RIGHT if result.correct else MISSED,
    )
    embed.set_footer(text=shorten(f"{deck_path(session.loaded.deck.title)} · {session.left} left", 2048))
    return embed


def summary_embed(session: StudySession, next_due: datetime | None) -> discord.Embed:
    done = session.summary
    if done.reviewed == 0:
        text = "Nothing to study in this deck right now."
    else:
        text = f"You reviewed **{done.reviewed}** card{'s' if done.reviewed != 1 else ''}, **{done.correct}** correct."
    if next_due is not None:
        text += f"\nYour next card is due {relative_time(next_due)}."
    return discord.Embed(title="Study session: " + card_line(session.loaded.name, EMBED_TITLE - 15), description=text, colour=COLOUR)


class AnswerForm(discord.ui.Modal, title="Your answer"):
    answer: discord.ui.TextInput = discord.ui.TextInput(label="Answer", max_length=200)

    def __init__(self, view: StudyView) -> None:
        super().__init__(timeout=IDLE_SECONDS)
        self.view = view

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.view.answered(interaction, reply=str(self.answer.value))


class StudyView(discord.ui.View):
    """The buttons under a member's current card, or under the result of their last answer."""

    def __init__(self, session: StudySession, member_id: int, live: set[str] | None = None) -> None:
        super().__init__(timeout=IDLE_SECONDS)
        self.live = live if live is not None else set()
        """The tokens of the sessions the cog still holds; this one's leaves it when the session ends."""
        self.session = session
        self.member_id = member_id
        self.token = secrets.token_hex(6)
        """In every button's custom id ("study:<token>:<n>"), so a press on a session the bot no longer holds
        (after a restart, or once it ended) gets an answer instead of Discord's "interaction failed"."""
        self._made = 0
        self.live.add(self.token)

    def end(self, *, at_once: bool) -> None:
        """No more presses: the token leaves the live set at once, or after a minute when the last press is still
        being answered (so the cog's listener never answers it too)."""
        self.stop()
        if at_once:
            self.live.discard(self.token)
        else:
            asyncio.get_running_loop().call_later(60, self.live.discard, self.token)

    async def on_timeout(self) -> None:
        self.live.discard(self.token)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.member_id:
            await send_private(interaction, NOT_YOURS)
            return False
        return True

    def _button(self, label: str, style: discord.ButtonStyle, callback) -> None:  # type: ignore[no-untyped-def]
        self._made += 1
        button: discord.ui.Button[StudyView] = discord.ui.Button(
            label=label, style=style, custom_id=f"{STUDY_PREFIX}{self.token}:{self._made}"
        )
        button.callback = callback
        self.add_item(button)

    def for_card(self, study: StudyCard) -> StudyView:
        self.clear_items()
        question = study.question
        if question.kind == "flip":
            self._button("Show answer", discord.ButtonStyle.primary, self._reveal)
        elif question.choices is not None:
            for index in range(len(question.choices)):
                self._button(LETTERS[index], discord.ButtonStyle.secondary, self._pick(index))
        else:
            self._button("Answer", discord.ButtonStyle.primary, self._open_form)
            self._button("Show answer", discord.ButtonStyle.secondary, self._give_up)
        return self

    def for_rating(self) -> StudyView:
        self.clear_items()
        for label, rating, style in (("Again", AGAIN, discord.ButtonStyle.danger), ("Hard", HARD, discord.ButtonStyle.secondary),
                                     ("Good", GOOD, discord.ButtonStyle.success), ("Easy", EASY, discord.ButtonStyle.primary)):
            self._button(label, style, self._rate(rating))
        return self

    def for_result(self, result: StudyResult | None = None) -> StudyView:
        self.clear_items()
        self._button("Next card" if self.session.left else "Finish", discord.ButtonStyle.primary, self._next)
        if self.session.left:
            self._button("Stop", discord.ButtonStyle.secondary, self._stop)
        if result is not None and result.disputable:
            self._button("I was right", discord.ButtonStyle.secondary, self._dispute(result))
        return self

    def _dispute(self, result: StudyResult):  # type: ignore[no-untyped-def]
        async def dispute(interaction: discord.Interaction) -> None:
            bot: Deckhand = interaction.client  # type: ignore[assignment]
            disputes = bot.get_cog("Disputes")
            if disputes is None:
                await send_private(interaction, "Disputes are not available right now.")
                return
            assert result.review_id is not None and result.reply is not None
            question = result.card.question

            async def opening() -> Dispute:
                review = await bot.store.stored_review(self.session.guild_id, result.review_id)  # type: ignore[arg-type]
                if review is None:
                    raise DisputeRefused("That answer is no longer stored.")
                return await dispute_review(
                    bot.store, review, interaction.user.id, result.reply or "", Asked(question.prompt, question.answers),
                    interaction.channel_id or 0, bot.clock(),
                )

            async def disputed() -> None:
                await interaction.response.edit_message(view=self.for_result())  # disputed once

            await disputes.raise_dispute(interaction, opening, disputed)  # type: ignore[attr-defined]
        return dispute

    async def _open_form(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(AnswerForm(self))

    async def _give_up(self, interaction: discord.Interaction) -> None:
        await self.answered(interaction, give_up=True)

    def _pick(self, index: int):  # type: ignore[no-untyped-def]
        async def pick(interaction: discord.Interaction) -> None:
            await self.answered(interaction, index=index)
        return pick

    async def _reveal(self, interaction: discord.Interaction) -> None:
        study = self.session.current
        if study is None:
            return await self._gone(interaction)
        await interaction.response.edit_message(embed=card_embed(self.session, study, revealed=True), view=self.for_rating())

    def _rate(self, rating: int):  # type: ignore[no-untyped-def]
        async def rate(interaction: discord.Interaction) -> None:
            await self.answered(interaction, rating=rating)
        return rate

    async def answered(
        self, interaction: discord.Interaction, *, reply: str | None = None, index: int | None = None,
        give_up: bool = False, rating: int | None = None,
    ) -> None:
        """Grade and store the answer, then show what it did; nothing is shown before it is stored."""
        if self.session.current is None:
            return await self._gone(interaction)
        try:
            if rating is not None:
                result = await self.session.rate(rating)
            else:
                result = await self.session.answer(reply, index=index, give_up=give_up)
        except StorageError:
            await send_private(interaction, UNSAVED)
            return
        embed = result_embed(self.session, result, self.session.clock())
        await interaction.response.edit_message(embed=embed, view=self.for_result(result), allowed_mentions=NO_PINGS)

    async def _next(self, interaction: discord.Interaction) -> None:
        study = self.session.next()
        if study is None:
            return await self._finish(interaction)
        await interaction.response.edit_message(embed=card_embed(self.session, study), view=self.for_card(study))

    async def _stop(self, interaction: discord.Interaction) -> None:
        await self._finish(interaction)

    async def _finish(self, interaction: discord.Interaction) -> None:
        self.end(at_once=False)
        embed = summary_embed(self.session, await self.session.next_due())
        await interaction.response.edit_message(embed=embed, view=None)

    async def _gone(self, interaction: discord.Interaction) -> None:
        await send_private(interaction, "This card was already answered. Press **Next card**, or start again with /study start.")


class StudyCog(commands.Cog):
    """Private spaced-repetition review, one session per member."""

    study = app_commands.Group(name="study", description="Review your own cards, privately, when they are due")

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.sessions: dict[tuple[int, int], StudyView] = {}
        self.live: set[str] = set()
        """Tokens of the session views still answering presses."""
        self.reminders = Reminders(bot.store, self._send_reminder, bot.clock, bot.owns if bot.shard_plan.sharded else None)

    async def cog_load(self) -> None:
        self._remind_loop.start()
        self._fit_loop.start()

    async def cog_unload(self) -> None:
        self._remind_loop.cancel()
        self._fit_loop.cancel()

    @tasks.loop(hours=6)
    async def _fit_loop(self) -> None:
        """Servers with enough reviews get their own scheduler parameters, at most once a month each (fitted by the
        process that runs shard 0; the others hear of it)."""
        if not self.bot.shard_plan.first:
            return
        try:
            await BOOK.fit_due(self.bot.store, self.bot.clock())
        except StorageError as exc:
            log.warning("could not fit scheduler parameters: %s", exc)

    @_fit_loop.before_loop
    async def _before_fitting(self) -> None:
        await self.bot.wait_until_ready()

    @tasks.loop(seconds=REMIND_EVERY)
    async def _remind_loop(self) -> None:
        try:
            await self.reminders.run_due()
        except StorageError as exc:
            log.warning("could not send study reminders: %s", exc)

    @_remind_loop.before_loop
    async def _before_reminders(self) -> None:
        await self.bot.wait_until_ready()

    async def _send_reminder(self, reminder: StudyReminder, due: int) -> Sent:
        guild = self.bot.get_guild(reminder.guild_id)
        where = f" in **{quiet(guild.name)}**" if guild is not None else ""
        text = (f"📚 You have **{due}** card{'s' if due != 1 else ''} due{where}. Review them there with /study start. "
                "(Turn these off with /study remind state:off.)")
        try:
            user = self.bot.get_user(reminder.member_id) or await self.bot.fetch_user(reminder.member_id)
            await user.send(text, allowed_mentions=NO_PINGS)
        except discord.Forbidden:
            return "closed"
        except discord.HTTPException as exc:
            log.warning("could not send a study reminder: %s", exc)
            return "failed"
        return "sent"

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A press on a study card whose session is gone: say so, privately (a live session's view answers it)."""
        if interaction.type != discord.InteractionType.component:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if not custom_id.startswith(STUDY_PREFIX):
            return
        if custom_id[len(STUDY_PREFIX):].split(":", 1)[0] in self.live:
            return  # its own view answers
        await send_private(interaction, ENDED)

    async def _closed_dm_note(self, guild_id: int, member_id: int) -> str:
        """The note, once, that reminders were turned off because direct messages are closed."""
        reminder = await self.bot.store.study_reminder(guild_id, member_id)
        if reminder is None or reminder.off_reason != CLOSED_DM:
            return ""
        await self.bot.store.stop_study_reminder(guild_id, member_id, None)
        return DMS_CLOSED_NOTE

    @study.command(name="start", description="Review your due cards, then new ones, in private")
    @app_commands.describe(
        deck="Which deck to study (default: the server's default deck)",
        new=f"New cards a day (0-{MAX_NEW_PER_DAY}; remembered; default {DEFAULT_NEW_PER_DAY})",
    )
    async def start(
        self, interaction: discord.Interaction, deck: str | None = None,
        new: app_commands.Range[int, 0, MAX_NEW_PER_DAY] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        guild, member = interaction.guild_id, interaction.user.id
        settings = await self.bot.store.get_settings(guild)
        name = choose_deck(deck, settings.default_deck, builtin=self.bot.library.builtin_names())
        if name is None:
            await send_private(interaction, "There are no decks yet. A manager can add one with /deck import.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            loaded = await self.bot.library.get(guild, name)
        except DeckNotFound:
            await send_private(interaction, await unknown_deck(self.bot, guild, name))
            return
        if new is not None:
            await self.bot.store.set_study_new_per_day(guild, member, new)
        per_day = new if new is not None else (await self.bot.store.study_new_per_day(guild, member) or DEFAULT_NEW_PER_DAY)
        session = StudySession(self.bot.store, loaded, guild, member, self.bot.clock, scheduler=BOOK.for_guild(guild))
        await session.open(per_day, settings.time_zone)
        old = self.sessions.pop((guild, member), None)
        if old is not None:
            old.end(at_once=True)
        note = await self._closed_dm_note(guild, member)
        study = session.next()
        if study is None:
            next_due = await session.next_due()
            text = f"Nothing to study in **{quiet(loaded.name)}** right now"
            text += f": your next card is due {relative_time(next_due)}." if next_due else "."
            await interaction.followup.send(f"{note}\n\n{text}" if note else text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        view = StudyView(session, member, self.live).for_card(study)
        self.sessions[(guild, member)] = view
        await interaction.followup.send(note or None, embed=card_embed(session, study), view=view, ephemeral=True,
                                        allowed_mentions=NO_PINGS)

    @study.command(name="remind", description="A direct message at your time on days you have cards due")
    @app_commands.describe(
        state="on or off",
        time=f"Your local time, HH:MM on a 24-hour clock (default {DEFAULT_TIME}, or the time you set before)",
        timezone="Your IANA time zone, e.g. Europe/Paris (default: the server's; Discord does not tell bots yours)",
    )
    @app_commands.choices(state=[app_commands.Choice(name="on", value="on"), app_commands.Choice(name="off", value="off")])
    async def remind(
        self, interaction: discord.Interaction, state: str, time: str | None = None, timezone: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        guild, member = interaction.guild_id, interaction.user.id
        store = self.bot.store
        settings = await store.get_settings(guild)
        before = await store.study_reminder(guild, member)
        try:
            local = parse_local_time(time) if time else (before.local_time if before else DEFAULT_TIME)
            zone = parse_zone(timezone or (before.time_zone if before else settings.time_zone))
        except TimeInputError as exc:
            await send_private(interaction, str(exc))
            return
        reminder = await store.set_study_reminder(guild, member, enabled=state == "on", local_time=local, time_zone=zone.key)
        if reminder.enabled:
            text = (f"⏰ I'll send you a direct message at **{reminder.local_time}** ({reminder.time_zone}) on days you "
                    "have cards due. Keep direct messages from this server open to get it.")
        else:
            text = "🔕 Study reminders are off."
        await send_private(interaction, text)

    @start.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(StudyCog(bot))
