"""``/daily``: a question of the day per channel, answered privately.

The scheduling rules, card choice and results maths live in
:mod:`bot.daily`; this cog only turns them into posts, buttons and modals.
The database decides everything that must happen once (the day's post,
closing it, each member's one answer), so a restart, a reconnect or a
second bot process never posts or counts anything twice.

The Answer and choice buttons carry the post's date in their custom id and
are registered as dynamic items, so they keep working after a restart: the
question is rebuilt from the stored card and the channel/date seed.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Deckhand, send_private
from bot.daily import (
    TICK_SECONDS,
    DailyInputError,
    DailyResults,
    DuePlanner,
    answered_key,
    answered_prefix,
    choose_card,
    daily_question,
    find_card,
    local_date,
    next_post_time,
    parse_local_time,
    parse_zone,
    right_key,
    right_prefix,
    seed_for,
    send_plan,
    stale,
    suggest_zones,
    summarize,
    zone,
)
from bot.decks import DeckNotFound, LoadedDeck
from bot.errors import DeckError
from bot.grading import grade
from bot.questions import NoQuestionError, Question
from bot.storage import Attempt, DailyPost, DailySchedule, SettingsError
from cogs.common import EMBED_DESCRIPTION, EMBED_FIELD, EMBED_TITLE, NO_PINGS, fit, quiet

log = logging.getLogger(__name__)

LETTERS = "ABCD"
COLOUR = discord.Colour.gold()
RESULTS = discord.Colour.green()
MANAGER_ONLY = "Only members with the **Manage Server** permission can change daily questions."
NEEDED = ("view_channel", "send_messages", "embed_links")
_STREAK_LOOKUPS = 50


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
    paused = [s for s in await bot.store.schedules(interaction.guild_id) if not s.enabled and s.paused_reason]
    if not paused:
        return
    lines = [f"• <#{s.channel_id}>: {s.paused_reason}" for s in paused[:15]]
    if len(paused) > 15:
        lines.append(f"… and {len(paused) - 15} more")
    text = "⚠️ **Paused daily questions**\n" + "\n".join(lines) + "\nFix the problem, then run `/daily set` for that channel to resume."
    await interaction.followup.send(fit(text, 2000), ephemeral=True, allowed_mentions=NO_PINGS)


def when(instant: datetime) -> str:
    stamp = int(instant.timestamp())
    return f"<t:{stamp}:F> (<t:{stamp}:R>)"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


# -- buttons that survive restarts ------------------------------------------------------------


def _cog(interaction: discord.Interaction) -> DailyCog:
    cog = interaction.client.get_cog("DailyCog")  # type: ignore[union-attr]
    assert isinstance(cog, DailyCog)
    return cog


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=r"daily:answer:(?P<day>\d{4}-\d{2}-\d{2})"):
    def __init__(self, day: date) -> None:
        super().__init__(
            discord.ui.Button(label="Answer", emoji="✏️", style=discord.ButtonStyle.primary, custom_id=f"daily:answer:{day.isoformat()}")
        )
        self.day = day

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> AnswerButton:
        return cls(date.fromisoformat(match["day"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _cog(interaction).open_answer(interaction, self.day)


class ChoiceButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"daily:choice:(?P<day>\d{4}-\d{2}-\d{2}):(?P<index>[0-3])"
):
    def __init__(self, day: date, index: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[index], style=discord.ButtonStyle.secondary, custom_id=f"daily:choice:{day.isoformat()}:{index}"
            )
        )
        self.day = day
        self.index = index

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: Any) -> ChoiceButton:
        return cls(date.fromisoformat(match["day"]), int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _cog(interaction).answer(interaction, self.day, index=self.index)


class AnswerModal(discord.ui.Modal):
    reply: discord.ui.TextInput = discord.ui.TextInput(label="Your answer", max_length=200)

    def __init__(self, cog: DailyCog, day: date, question: Question, custom_id: str) -> None:
        super().__init__(title="Question of the day", timeout=900, custom_id=custom_id)
        self.cog = cog
        self.day = day
        self.reply.placeholder = fit(question.prompt.replace("\n", " "), 100)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.answer(interaction, self.day, reply=self.reply.value)


# -- the cog ----------------------------------------------------------------------------------------


class DailyCog(commands.Cog):
    daily = app_commands.Group(
        name="daily",
        description="A question of the day in a channel",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: Deckhand) -> None:
        self.bot = bot
        self.planner = DuePlanner()
        self._lock = asyncio.Lock()
        self._questions: dict[tuple[int, date], tuple[LoadedDeck, Question] | None] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._background: set[asyncio.Task[Any]] = set()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(AnswerButton, ChoiceButton)
        self._ticker = asyncio.create_task(self._tick_forever(), name="daily-scheduler")

    async def cog_unload(self) -> None:
        """Let a tick in progress finish its post, so nothing claimed is left unsent."""
        self._closing = True
        self._wake.set()
        if self._ticker is not None and not self._lock.locked():
            self._ticker.cancel()  # idle (or still waiting for ready): nothing to finish
        tasks = [t for t in (self._ticker, *self._background) if t is not None and not t.done()]
        for task in tasks:
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=10)
            except (TimeoutError, asyncio.CancelledError, Exception):
                task.cancel()
        self.bot.remove_dynamic_items(AnswerButton, ChoiceButton)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return require_manager(interaction, MANAGER_ONLY)

    # -- the scheduler ---------------------------------------------------------------------------

    async def _tick_forever(self) -> None:
        await self.bot.wait_until_ready()
        await self._warm_open_questions()
        while not self._closing:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("daily scheduler tick failed")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=TICK_SECONDS * self.bot.time_scale)
            except TimeoutError:
                pass

    async def _warm_open_questions(self) -> None:
        """Rebuild open questions before members press Answer: a modal must open within 3 s,
        and loading a big imported deck after a restart can take longer."""
        try:
            for post in await self.bot.store.open_daily_posts():
                await self._question_for(post)
        except Exception:
            log.exception("could not prepare the open daily questions")

    async def run_due(self, now: datetime | None = None) -> list[int]:
        """Make every post due at ``now`` (default: the bot's clock); returns the channels posted in.

        Posts are spaced to stay under Discord's global request limit; a
        failure in one channel never stops the others.
        """
        now = now or self.bot.clock()
        posted: list[int] = []
        async with self._lock:
            due = self.planner.due(await self.bot.store.schedules(enabled_only=True), now)
            loop = asyncio.get_running_loop()
            started = loop.time()
            for item, send_at in zip(due, send_plan(len(due), now)):
                if self._closing:
                    break
                offset = (send_at - now).total_seconds()
                delay = offset * self.bot.time_scale - (loop.time() - started)
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    if await self._post(item.schedule, item.day, send_at):
                        posted.append(item.schedule.channel_id)
                except Exception:
                    log.exception("daily post in channel %s failed", item.schedule.channel_id)
            await self._close_stale(now)
        return posted

    async def _post(self, schedule: DailySchedule, day: date, at: datetime) -> bool:
        """Claim, close yesterday's, send today's. False when another process posted or it failed."""
        store = self.bot.store
        channel_id, guild_id = schedule.channel_id, schedule.guild_id
        try:
            loaded = await self.bot.library.get(guild_id, schedule.deck)
        except DeckNotFound:
            await self._pause(schedule, f"its deck “{quiet(schedule.deck)}” no longer exists; pick another with /daily set")
            return False
        except DeckError as exc:
            await self._pause(schedule, fit(f"its deck could not be read ({exc})", 300))
            return False
        seed = seed_for(channel_id, day)
        used = await store.used_cards(channel_id, loaded.name)
        try:
            choice = await asyncio.to_thread(choose_card, loaded.name, loaded.deck, used, seed)
        except NoQuestionError:
            await self._pause(schedule, f"its deck “{quiet(loaded.name)}” cannot make questions; pick another with /daily set")
            return False
        if choice.reset:
            await store.reset_used_cards(channel_id, loaded.name)
        if not await store.claim_daily_post(guild_id, channel_id, day, loaded.name, choice.key, at=at):
            return False
        question = daily_question(loaded.deck, choice.card, seed)
        self._questions[(channel_id, day)] = (loaded, question)
        tz = zone(schedule.time_zone)
        _, closes = next_post_time(schedule.local_time, tz, at, day)
        channel = self._channel(channel_id, guild_id)
        try:
            for post in await self._earlier_open(guild_id, channel_id, day):
                await self._close(post, at)
            message = await channel.send(
                embed=self._question_embed(loaded, question, day, closes), view=self._question_view(question, day),
                allowed_mentions=NO_PINGS,
            )
        except (discord.Forbidden, discord.NotFound) as exc:
            reason = self._send_problem(channel_id, exc)
            await store.close_daily_post(channel_id, day, {"not_posted": reason}, at=at)
            await self._pause(schedule, reason)
            return False
        await store.set_daily_message(channel_id, day, message.id)
        return True

    async def _earlier_open(self, guild_id: int, channel_id: int, day: date) -> list[DailyPost]:
        return [p for p in await self.bot.store.open_daily_posts(guild_id) if p.channel_id == channel_id and p.post_date < day]

    async def _close_stale(self, now: datetime) -> None:
        for post in await self.bot.store.open_daily_posts():
            if stale(post.opened_at, now):
                try:
                    await self._close(post, now)
                except (discord.Forbidden, discord.NotFound):
                    log.info("could not show results of the daily question in channel %s", post.channel_id)

    async def _close(self, post: DailyPost, now: datetime) -> bool:
        """Close a post once (the database decides who) and show its results."""
        store = self.bot.store
        question = await self._question_for(post)
        answered = await store.question_claims(post.guild_id, post.channel_id, answered_prefix(post.id))
        right = await store.question_claims(post.guild_id, post.channel_id, right_prefix(post.id))
        streaks = {}
        for _, member, _ in right[:_STREAK_LOOKUPS]:
            streaks[member] = (await store.streaks(post.guild_id, member, at=now)).daily.current
        results = summarize(
            question[1] if question else None, post.opened_at,
            [member for _, member, _ in answered], [(member, at) for _, member, at in right], streaks,
        )
        if not await store.close_daily_post(post.channel_id, post.post_date, results.to_json(), at=now):
            return False
        self._questions.pop((post.channel_id, post.post_date), None)
        if post.message_id is None:
            return True
        channel = self._channel(post.channel_id, post.guild_id)
        reference = discord.MessageReference(message_id=post.message_id, channel_id=post.channel_id, fail_if_not_exists=False)
        await channel.send(embed=self._results_embed(results, question[1] if question else None, post), reference=reference, allowed_mentions=NO_PINGS)
        try:
            await channel.get_partial_message(post.message_id).edit(view=None)
        except discord.HTTPException:
            log.debug("could not remove the buttons of daily question %s", post.message_id)
        return True

    async def _pause(self, schedule: DailySchedule, reason: str) -> None:
        await self.bot.store.pause_schedule(schedule.channel_id, reason)
        self.planner.forget(schedule.channel_id)
        log.warning("paused the daily question in channel %s: %s", schedule.channel_id, reason)

    def _send_problem(self, channel_id: int, exc: discord.HTTPException) -> str:
        if isinstance(exc, discord.NotFound):
            return f"the channel <#{channel_id}> was deleted or I can no longer see it"
        return f"I am missing permission to post in <#{channel_id}>: give me View Channel, Send Messages and Embed Links there"

    def _channel(self, channel_id: int, guild_id: int) -> Any:
        return self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id, guild_id=guild_id)

    # -- showing questions and results ---------------------------------------------------------

    def _question_embed(self, loaded: LoadedDeck, question: Question, day: date, closes: datetime) -> discord.Embed:
        description = fit(question.prompt, EMBED_DESCRIPTION - 800)
        if question.choices is not None:
            description += "\n\n" + "\n".join(f"**{LETTERS[i]}.** {fit(c, 300)}" for i, c in enumerate(question.choices))
            how = "Pick one answer with the buttons. One try each; only you see the verdict."
        else:
            how = "Press **Answer** to reply privately. One try each; nothing is spoiled."
        embed = discord.Embed(title=f"❓ Question of the day · {day:%A %d %B}", description=description, colour=COLOUR)
        embed.add_field(name="How", value=how, inline=False)
        embed.add_field(name="Results", value=f"With the next question, {when(closes)}", inline=False)
        embed.set_footer(text=fit(f"{loaded.deck.title} · {question.basis or question.kind}", 2048))
        return embed

    def _question_view(self, question: Question, day: date) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        if question.choices is None:
            view.add_item(AnswerButton(day))
        else:
            for index in range(len(question.choices)):
                view.add_item(ChoiceButton(day, index))
        return view

    def _results_embed(self, results: DailyResults, question: Question | None, post: DailyPost) -> discord.Embed:
        if results.answered == 0:
            headline = "Nobody answered this one."
        else:
            headline = f"✅ **{results.correct}** of **{results.answered}** got it right."
        prompt = fit(question.prompt.replace("\n", " "), 300) if question else ""
        embed = discord.Embed(
            title=fit(f"Answer: {results.answer or 'unavailable'}", EMBED_TITLE),
            description=fit(f"Question of the day, {post.post_date:%A %d %B}: {prompt}\n\n{headline}", EMBED_DESCRIPTION),
            colour=RESULTS,
        )
        if results.fastest:
            medals = ["🥇", "🥈", "🥉"]
            lines = [f"{medals[i]} <@{member}> in {duration(seconds)}" for i, (member, seconds) in enumerate(results.fastest)]
            embed.add_field(name="Fastest", value="\n".join(lines), inline=True)
        if results.streaks:
            lines = [f"🔥 <@{member}>: {days} days" for member, days in results.streaks]
            embed.add_field(name="Daily streaks", value="\n".join(lines), inline=True)
        if results.explanation:
            embed.add_field(name=fit(results.front or "Why", EMBED_TITLE), value=fit(results.explanation, EMBED_FIELD), inline=False)
        return embed

    # -- answering ----------------------------------------------------------------------------------

    async def _question_for(self, post: DailyPost) -> tuple[LoadedDeck, Question] | None:
        """The posted question, rebuilt from the stored card and seed after a restart."""
        cache_key = (post.channel_id, post.post_date)
        if cache_key in self._questions:
            return self._questions[cache_key]
        found: tuple[LoadedDeck, Question] | None = None
        try:
            loaded = await self.bot.library.get(post.guild_id, post.deck)
            card = find_card(loaded.name, loaded.deck, post.card_key)
            if card is not None:
                found = (loaded, daily_question(loaded.deck, card, seed_for(post.channel_id, post.post_date)))
        except (DeckNotFound, DeckError, NoQuestionError):
            found = None
        self._questions[cache_key] = found
        return found

    async def _open_question(self, interaction: discord.Interaction, day: date) -> tuple[DailyPost, LoadedDeck, Question] | None:
        if interaction.guild_id is None or interaction.channel_id is None:
            return None
        post = await self.bot.store.get_daily_post(interaction.channel_id, day)
        if post is None:
            await send_private(interaction, "This question of the day is no longer available.")
            return None
        if not post.open:
            answer = DailyResults.from_json(post.results or {}).answer
            said = f" The answer was **{quiet(answer)}**." if answer else ""
            await send_private(interaction, fit(f"This question of the day has closed.{said}", 2000))
            return None
        found = await self._question_for(post)
        if found is None:
            await send_private(interaction, "This question's deck was removed, so it can't be answered any more.")
            return None
        return post, found[0], found[1]

    async def open_answer(self, interaction: discord.Interaction, day: date) -> None:
        opened = await self._open_question(interaction, day)
        if opened is None:
            return
        post, _, question = opened
        if await self.bot.store.question_winner(post.guild_id, post.channel_id, answered_key(post.id, interaction.user.id)):
            await send_private(interaction, "You've already answered today's question. Results come with the next one.")
            return
        custom_id = f"daily:modal:{post.id}:{interaction.user.id}:{interaction.id}"
        await interaction.response.send_modal(AnswerModal(self, day, question, custom_id))

    async def answer(self, interaction: discord.Interaction, day: date, *, reply: str | None = None, index: int | None = None) -> None:
        """Grade a member's one answer, store it (source "daily") and tell them privately."""
        opened = await self._open_question(interaction, day)
        if opened is None:
            return
        post, loaded, question = opened
        store = self.bot.store
        member = interaction.user.id
        now = self.bot.clock()
        if not await store.claim_question_win(post.guild_id, post.channel_id, answered_key(post.id, member), member, at=now):
            await send_private(interaction, "You've already answered today's question. Results come with the next one.")
            return
        settings = await store.get_settings(post.guild_id)
        if index is not None and question.choices is not None:
            picked = question.choices[index] if index < len(question.choices) else ""
            correct = picked == question.answers[0]
            kind, feedback, text = ("exact" if correct else "wrong"), "", picked
        else:
            text = reply or ""
            verdict = grade(text, question.answers, context=loaded.context, strictness=settings.strictness)
            correct, kind = verdict.correct, verdict.kind
            feedback = verdict.feedback if (kind == "typo" or not correct) else ""
        points = settings.base_points if correct else 0
        elapsed_ms = max(0, int((now - post.opened_at).total_seconds() * 1000))
        await store.record_attempt(
            Attempt(
                guild_id=post.guild_id, channel_id=post.channel_id, member_id=member, deck=loaded.name,
                card_key=post.card_key, question_kind=question.basis or question.kind, reply=text[:500],
                verdict=kind, correct=correct, points=points, time_ms=elapsed_ms, source="daily", at=now,
                question_id=right_key(post.id, member),
            )
        )
        answer = quiet(question.answers[0])
        if correct:
            message = f"✅ Correct! +{points} points."
            if feedback:
                message += f" {feedback}"
        else:
            lead = f"❌ {feedback}" if feedback else "❌ Not this time."
            message = f"{lead} The answer is **{answer}**."
        message += " Results come with the next question."
        await interaction.response.send_message(fit(message, 2000), ephemeral=True, allowed_mentions=NO_PINGS)

    # -- commands -------------------------------------------------------------------------------------

    @daily.command(name="set", description="Post a question of the day in a channel at a local time")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, HH:MM on a 24-hour clock (e.g. 09:00)",
        timezone="IANA time zone (default: the server's, see /settings)",
        deck="Which deck (default: the server's default deck)",
    )
    async def set_daily(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str | None = None,
        deck: str | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        store = self.bot.store
        settings = await store.get_settings(guild_id)
        existing = await store.get_schedule(channel.id)
        try:
            local = parse_local_time(time)
            tz = parse_zone(timezone or settings.time_zone)
        except DailyInputError as exc:
            await send_private(interaction, str(exc))
            return
        name = deck or (existing.deck if existing and existing.guild_id == guild_id else None) or settings.default_deck
        name = name or next(iter(self.bot.library.builtin_names()), None)
        if name is None:
            await send_private(interaction, "There are no decks yet: add one with /deck import first.")
            return
        try:
            loaded = await self.bot.library.get(guild_id, name)
        except DeckNotFound:
            names = ", ".join((await self.bot.library.names(guild_id))[:10])
            await send_private(interaction, fit(f"There is no deck called “{quiet(name)}”. Decks here: {names}.", 2000))
            return
        me = interaction.guild.me if interaction.guild else None
        if me is not None:
            perms = channel.permissions_for(me)
            missing = [p.replace("_", " ").title() for p in NEEDED if not getattr(perms, p)]
            if missing:
                await send_private(interaction, f"I can't post in {channel.mention}: give me {', '.join(missing)} there, then try again.")
                return
        try:
            schedule = await store.set_schedule(guild_id, channel.id, local, loaded.name, time_zone=tz.key)
        except SettingsError as exc:
            await send_private(interaction, f"Couldn't save that: {exc}.")
            return
        self.planner.forget(channel.id)
        now = self.bot.clock()
        day, at = next_post_time(local, tz, now, schedule.last_posted)
        if at <= now:
            first = "Today's time has passed and today's question isn't out yet, so it is posted now."
            self._spawn(self.run_due())
        else:
            first = f"First question: {when(at)}."
        text = (
            f"📅 Question of the day in {channel.mention} every day at **{local}** ({tz.key}) "
            f"from **{quiet(loaded.deck.title)}**. {first}"
        )
        await interaction.response.send_message(fit(text, 2000), ephemeral=True, allowed_mentions=NO_PINGS)
        await notify_paused(self.bot, interaction)

    @set_daily.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        first = (await self.bot.store.get_settings(interaction.guild_id)).time_zone if interaction.guild_id else None
        return [app_commands.Choice(name=n, value=n) for n in suggest_zones(current, first=first)]

    @set_daily.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await deck_choices(self.bot, interaction.guild_id, current)

    @daily.command(name="off", description="Stop the question of the day in a channel")
    @app_commands.describe(channel="Which channel (default: this one)")
    async def off(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        channel_id = channel.id if channel else interaction.channel_id
        schedule = await self.bot.store.get_schedule(channel_id) if channel_id else None
        if schedule is None or schedule.guild_id != guild_id:
            await send_private(interaction, f"There is no question of the day in <#{channel_id}>. See them all with /daily show.")
            return
        await self.bot.store.remove_schedule(schedule.channel_id)
        self.planner.forget(schedule.channel_id)
        await interaction.response.send_message(
            f"Question of the day in <#{schedule.channel_id}> is off. An open question closes now with its results.",
            ephemeral=True, allowed_mentions=NO_PINGS,
        )
        now = self.bot.clock()
        for post in await self.bot.store.open_daily_posts(guild_id):
            if post.channel_id == schedule.channel_id:
                try:
                    await self._close(post, now)
                except (discord.Forbidden, discord.NotFound):
                    log.info("could not show results in channel %s", post.channel_id)
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
        lines = []
        for s in schedules[:25]:
            head = f"<#{s.channel_id}> · **{s.local_time}** {s.time_zone} · {quiet(s.deck)}"
            if not s.enabled:
                lines.append(f"⏸️ {head}\n   paused: {s.paused_reason or 'paused'}")
            else:
                _, at = next_post_time(s.local_time, zone(s.time_zone), now, s.last_posted)
                lines.append(f"▶️ {head}\n   next: {when(at)}")
        embed = discord.Embed(title="Questions of the day", description=fit("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR)
        if len(schedules) > 25:
            embed.set_footer(text=f"and {len(schedules) - 25} more")
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)
        await notify_paused(self.bot, interaction)

    @daily.command(name="now", description="Post today's question of the day now instead of at its time")
    @app_commands.describe(channel="Which channel (default: this one)")
    async def now(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        channel_id = channel.id if channel else interaction.channel_id
        schedule = await self.bot.store.get_schedule(channel_id) if channel_id else None
        if schedule is None or schedule.guild_id != guild_id:
            await send_private(interaction, f"There is no question of the day in <#{channel_id}>; set one with /daily set first.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        tz = zone(schedule.time_zone)
        now = self.bot.clock()
        today = local_date(now, tz)
        existing = await self.bot.store.get_daily_post(schedule.channel_id, today)
        if existing is not None:
            text = f"Today's question is already out in <#{schedule.channel_id}>."
        elif await self._post(schedule, today, now):
            if not schedule.enabled:
                await self.bot.store.resume_schedule(schedule.channel_id)
            self.planner.forget(schedule.channel_id)
            _, at = next_post_time(schedule.local_time, tz, now, today)
            text = f"Posted today's question in <#{schedule.channel_id}>. Next one: {when(at)}."
        else:
            fresh = await self.bot.store.get_schedule(schedule.channel_id)
            reason = fresh.paused_reason if fresh and fresh.paused_reason else "another process posted it first"
            text = f"Couldn't post in <#{schedule.channel_id}>: {reason}."
        await interaction.followup.send(fit(text, 2000), ephemeral=True, allowed_mentions=NO_PINGS)
        await notify_paused(self.bot, interaction)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


async def deck_choices(bot: Deckhand, guild_id: int | None, current: str) -> list[app_commands.Choice[str]]:
    names = await bot.library.names(guild_id)
    wanted = current.lower().strip()
    starts = [n for n in names if n.lower().startswith(wanted)]
    rest = [n for n in names if wanted in n.lower() and n not in starts]
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in starts + rest][:25]


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(DailyCog(bot))
