"""Running a quiz round in real time, for any front end that can post messages.

:class:`LiveQuiz` owns the timing: it opens each question, waits until it is
won, skipped, stopped or out of time, closes it, stores every attempt and
moves on. What members see is left to a :class:`Presenter` (the Discord cog
implements one), so the timing and storage rules are tested without Discord.

``time_scale`` shrinks real waiting in tests while keeping the round's own
clock (and so the speed points) exactly as in a real game.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import Final, Protocol

from bot.decks import LoadedDeck, answer_record, card_key
from bot.quiz.outcomes import (
    ActiveQuestion,
    ChoiceOutcome,
    Close,
    GradedAnswer,
    QuestionResult,
    Reply,
    ReplyOutcome,
)
from bot.quiz.rules import QuizSession
from bot.quiz.saved import RoundKeeper
from bot.srs import BOOK
from bot.storage import Store

log = logging.getLogger(__name__)


class _Unstored(Enum):
    UNSTORED = "unstored"


UNSTORED: Final = _Unstored.UNSTORED
"""What storing an answer returns when the write failed."""


class Unreachable(Exception):
    """The front end cannot reach its service right now (Discord down or answering 5xx): the round waits.

    A presenter raises it for failures that pass by themselves; any other
    error is a real one and ends the round."""


MAX_OUTAGE = 600.0
"""Seconds a round waits for its front end to come back before it ends with the saved standings."""
_RETRY_FIRST, _RETRY_MOST = 1.0, 30.0


class Presenter(Protocol):
    async def show_question(self, quiz: LiveQuiz, active: ActiveQuestion) -> None: ...

    async def show_result(self, quiz: LiveQuiz, result: QuestionResult) -> None: ...

    async def show_summary(self, quiz: LiveQuiz) -> None: ...


@dataclass(frozen=True)
class Place:
    """Where a round is played, for storing its attempts."""

    guild_id: int
    channel_id: int
    round_id: str
    """Unique per round, so question ids never collide across rounds."""

    def question_id(self, number: int) -> str:
        """The id a typed question's answers are stored under: its win is claimed by it, its disputes find it."""
        return f"{self.round_id}:{number}"


class LiveQuiz:
    def __init__(
        self,
        session: QuizSession,
        deck: LoadedDeck,
        place: Place,
        presenter: Presenter,
        store: Store,
        *,
        gap: float = 3.0,
        time_scale: float = 1.0,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[object]] | None = None,
        max_outage: float = MAX_OUTAGE,
        keeper: RoundKeeper | None = None,
        resumed: bool = False,
    ) -> None:
        self.session = session
        self.deck = deck
        self.place = place
        self.presenter = presenter
        self.store = store
        self.gap = gap
        self.time_scale = time_scale
        self._clock = clock or asyncio.get_running_loop().time
        self._sleep_for = sleep or asyncio.sleep
        self.max_outage = max_outage
        self.keeper = keeper
        """Keeps the round in the store as it advances, so a restart can resume it (None: not kept)."""
        self.resumed = resumed
        self.gave_up = False
        """True when the front end stayed unreachable past ``max_outage``: the round ended there."""
        self._started = self._clock()
        self._wake = asyncio.Event()
        self._pending_reason: Close | None = None
        self._writes: set[asyncio.Task[None]] = set()
        self.finished = asyncio.Event()
        self.unsaved = False
        """True once an answer could not be stored: the round then ends with what was saved."""
        self._online = asyncio.Event()
        self._online.set()
        self._reask = False

    def now(self) -> float:
        """Seconds of game time since the round began."""
        return (self._clock() - self._started) / self.time_scale

    async def run(self) -> None:
        """Play every question, then the summary. Safe to cancel: attempts already stored stay.

        While the front end is unreachable the round waits: a question not yet
        shown gets its full time once it is, and after ``max_outage`` seconds
        the round ends with what was saved.
        """
        keeper = self.keeper
        try:
            if keeper is not None and not self.resumed:
                await keeper.started(self.session, list(self.session.questions))
            while not self.session.finished:
                active = self.session.start_next(self.now())
                if active is None:
                    break
                self._pending_reason = None
                self._wake.clear()
                if not await self._through_outage(partial(self.presenter.show_question, self, active), active):
                    await self._store_all(self.session.close(self.now(), Close.STOPPED))
                    break
                if keeper is not None:
                    await keeper.advanced(self.session, getattr(self.presenter, "question_message_id", None))
                reason = await self._wait(active)
                result = self.session.close(self.now(), reason)
                result = await self._store_all(result)
                if keeper is not None:
                    await keeper.advanced(self.session)
                if not await self._through_outage(partial(self.presenter.show_result, self, result)):
                    break
                if not self.session.finished and self.gap > 0:
                    await self._sleep(self.gap)
            await self.flush()
            if self.gave_up:
                self.session.stop()
                try:
                    await self.presenter.show_summary(self)
                except Unreachable:
                    log.warning("round in channel %s ended unseen: its scores are saved", self.place.channel_id)
            else:
                await self._through_outage(partial(self.presenter.show_summary, self))
            if keeper is not None:
                await keeper.ended()
        finally:
            self.finished.set()

    async def _through_outage(self, show: Callable[[], Awaitable[None]], active: ActiveQuestion | None = None) -> bool:
        """Show something, waiting out an outage with growing pauses; False if it outlasted ``max_outage``.

        A question tried again after an outage gets a fresh deadline each
        time: nobody could see it while it waited.
        """
        began: float | None = None
        pause = _RETRY_FIRST
        while True:
            try:
                await show()
            except Unreachable as error:
                now = self.now()
                if began is None:
                    began = now
                    log.warning("cannot reach Discord (%s): the round in channel %s waits", error, self.place.channel_id)
                waited = now - began
                if waited >= self.max_outage:
                    log.error("Discord unreachable for %.0f s: ending the round in channel %s", waited, self.place.channel_id)
                    self.gave_up = True
                    return False
                await self._sleep_for(min(pause, self.max_outage - waited) * self.time_scale)
                pause = min(pause * 2, _RETRY_MOST)
                if active is not None:
                    active.restart(self.now(), self.session.config.seconds)
                continue
            if began is not None:
                log.info("Discord reachable again after %.0f s: the round in channel %s goes on", self.now() - began, self.place.channel_id)
            return True

    async def reply(self, member: int, text: str) -> ReplyOutcome:
        """Grade a typed reply, store it, and end the question on a win."""
        outcome = self.session.reply(member, text, self.now())
        if outcome.attempt is not None:
            stored = await self._store(outcome.attempt)
            if stored is UNSTORED:
                # Nothing is announced that was not stored: the reply counts for nothing and the round ends.
                self.session.revoke(outcome.attempt)
                self.unsaved = True
                self._end(Close.STOPPED)
                return replace(outcome, kind=Reply.UNSAVED)
            if outcome.kind == Reply.WIN and stored is False:
                log.warning("another process already won question %s", outcome.attempt.number)
        if outcome.kind == Reply.WIN:
            self._end(Close.ANSWERED)
        return outcome

    def choose(self, member: int, index: int) -> ChoiceOutcome:
        return self.session.lock_choice(member, index, self.now())

    def hint(self) -> str | None:
        return self.session.hint()

    def skip(self) -> bool:
        if self.session.current is None:
            return False
        self._end(Close.SKIPPED)
        return True

    def stop(self) -> None:
        self.session.stop()
        self._end(Close.STOPPED)

    def time_left(self) -> float:
        active = self.session.current
        return active.time_left(self.now()) if active else 0.0

    async def flush(self) -> None:
        """Wait for attempts still being written."""
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)

    def _end(self, reason: Close) -> None:
        if self._pending_reason is None:
            self._pending_reason = reason
        self._wake.set()

    async def _wait(self, active: ActiveQuestion) -> Close:
        """Until the question is won, skipped, stopped or out of time. Time that runs out while the
        connection is down does not count: once it is back, the question is asked again, in full."""
        while True:
            if self._pending_reason is not None:
                return self._pending_reason
            if self._reask:
                self._reask = False
                self._wake.clear()  # resume() woke us to ask again; any win or skip since has its reason set
                active.restart(self.now(), self.session.config.seconds)
                log.info("connection back: asking question %s again in channel %s", active.number, self.place.channel_id)
                if not await self._through_outage(partial(self.presenter.show_question, self, active), active):
                    return Close.STOPPED
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=active.time_left(self.now()) * self.time_scale)
            except TimeoutError:
                if self._online.is_set():
                    return Close.TIMEOUT
                try:
                    await asyncio.wait_for(self._online.wait(), timeout=self.max_outage * self.time_scale)
                except TimeoutError:
                    log.error("connection down for %.0f s: ending the round in channel %s", self.max_outage, self.place.channel_id)
                    self.gave_up = True
                    return Close.STOPPED
                self._reask = True
                continue
            self._wake.clear()
            if self._pending_reason is None and not self._reask:
                return Close.TIMEOUT

    def pause(self) -> None:
        """The connection to members dropped (the gateway is down): an open question's time stops counting."""
        self._online.clear()

    def resume(self) -> None:
        """The connection is back: an open question is asked again with its full time."""
        if self._online.is_set():
            return
        self._online.set()
        if self.session.current is not None and self.session.current.winner is None:
            self._reask = True
            self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds * self.time_scale)
        except TimeoutError:
            pass

    async def _store_all(self, result: QuestionResult) -> QuestionResult:
        """Store the answers graded at the close; the result keeps only the winners whose answers were stored."""
        lost: set[int] = set()
        for attempt in result.attempts:
            if await self._store(attempt) is UNSTORED:
                self.session.revoke(attempt)
                lost.add(attempt.member)
        if lost:
            self.unsaved = True
        if not self.unsaved:
            return result
        self.session.stop()
        return replace(result, winners=tuple(w for w in result.winners if w.member not in lost), saved=False)

    async def _store(self, attempt: GradedAnswer) -> bool | None | _Unstored:
        """Write one attempt; the database decides the winner across processes."""
        question = attempt.question
        record = answer_record(
            question,
            guild_id=self.place.guild_id,
            channel_id=self.place.channel_id,
            member_id=attempt.member,
            deck=self.deck.name,
            card_key=card_key(self.deck.name, question.card),
            reply=attempt.reply,
            verdict=attempt.verdict,
            correct=attempt.correct,
            points=attempt.points,
            time_ms=attempt.elapsed_ms,
            source="quiz",
            question_id=self.place.question_id(attempt.number) if question.choices is None else None,
        )
        review = BOOK.for_guild(self.place.guild_id).reviewer(record, hints=attempt.hints)  # every graded answer is a review of its card
        task = asyncio.ensure_future(self.store.record_attempt(record, review=review))
        self._writes.add(task)
        try:
            result = await asyncio.shield(task)
        except Exception as error:
            # A full disk, a read-only file, a database locked too long. The store logs the failure once;
            # the round is told, and ends with what was saved.
            log.debug("could not store an attempt in channel %s: %s", self.place.channel_id, error)
            return UNSTORED
        finally:
            self._writes.discard(task)
        return result.won if result is not None else None
