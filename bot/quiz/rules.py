"""The rules of a live quiz round, with no Discord in sight.

One :class:`QuizSession` runs one round in one channel (or one terminal).
The front end feeds it replies and button presses with the time they
arrived, and acts on what it answers: post a question, react "almost",
show the result. Keeping the rules here means the Discord cog, the terminal
quiz and the tests all play exactly the same game.

Times are plain seconds from any monotonic clock the caller chooses, so tests
drive the clock instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.cards import Deck
from bot.grading import SHRUG, GradingContext, Verdict, grade, prepare_answers
from bot.questions import FLIP, Question
from bot.quiz.hints import letter_hint
from bot.quiz.outcomes import (  # the records the rules report, defined beside them
    ActiveQuestion,
    ChoiceOutcome,
    Close,
    GradedAnswer,
    QuestionResult,
    Reply,
    ReplyOutcome,
    RoundStanding,
    Winner,
)
from bot.quiz.scoring import PointsRules, points_for
from bot.settings import GuildSettings

TYPED = "typed"
CHOICE = "choice"
MODES = (TYPED, CHOICE)

MAX_HINTS = 3


@dataclass(frozen=True)
class QuizConfig:
    questions: int = 10
    seconds: int = 30
    mode: str = TYPED
    tries: int = 3
    """Replies each member may make per typed question."""
    points: PointsRules = PointsRules()
    strictness: str = "normal"

    def plays_as_choice(self, question: Question) -> bool:
        """The one rule for "is this question answered with buttons": it has choices and the round plays choices."""
        return question.choices is not None and self.mode == CHOICE


def round_config(settings: GuildSettings, questions: int, mode: str, seconds: int | None = None) -> QuizConfig:
    """A round's rules from the server's settings; ``seconds`` overrides the server's answer time."""
    return QuizConfig(
        questions=questions,
        seconds=seconds or settings.answer_seconds,
        mode=mode,
        points=PointsRules(settings.base_points, settings.speed_bonus, settings.hint_penalty),
        strictness=settings.strictness,
    )


def channel_allowed(channel_id: int, quiz_channels: Collection[int]) -> bool:
    """A server that lists quiz channels keeps rounds out of every other channel; an empty list allows all."""
    return not quiz_channels or channel_id in quiz_channels


class QuizSession:
    """One round: a queue of questions, whoever answers them, and the score."""

    def __init__(
        self,
        deck: Deck,
        questions: Sequence[Question],
        *,
        config: QuizConfig,
        starter: int,
        context: GradingContext | None = None,
    ) -> None:
        if not questions:
            raise ValueError("a quiz needs at least one question")
        self.deck = deck
        self.config = config
        self.starter = starter
        self.context = context
        self._questions = list(questions)
        self._next = 0
        self.current: ActiveQuestion | None = None
        self.results: list[QuestionResult] = []
        self._points: dict[int, int] = {}
        self._correct: dict[int, int] = {}
        self._closed_before = 0
        self.stopped = False

    @property
    def total(self) -> int:
        return len(self._questions)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self._questions)

    @property
    def asked(self) -> int:
        """Questions closed so far, those before a restart included."""
        return self._closed_before + len(self.results)

    def restore(self, closed: int, standings: Sequence[RoundStanding]) -> None:
        """Go on from a kept round: ``closed`` questions done, with these scores (see :mod:`bot.quiz.saved`)."""
        if self.current is not None or self.results or not 0 <= closed < len(self._questions):
            raise ValueError("a round is restored before it starts, at a question it has")
        self._next = self._closed_before = closed
        self._points = {s.member: s.points for s in standings}
        self._correct = {s.member: s.correct for s in standings}

    @property
    def finished(self) -> bool:
        return self.stopped or (self.current is None and self._next >= len(self._questions))

    def can_control(self, member: int, *, manage_messages: bool) -> bool:
        """Hint, skip and stop belong to the starter and to moderators."""
        return manage_messages or member == self.starter

    def start_next(self, now: float) -> ActiveQuestion | None:
        if self.current is not None:
            raise RuntimeError("close the current question first")
        if self.stopped or self._next >= len(self._questions):
            return None
        self._next += 1
        question = self._questions[self._next - 1]
        prepare_answers(question.answers)  # so the first reply is graded as fast as the next
        self.current = ActiveQuestion(self._next, question, now, now + self.config.seconds)
        return self.current

    def reply(self, member: int, text: str, now: float) -> ReplyOutcome:
        """Grade a typed reply; the first correct one wins the question."""
        active = self.current
        if active is None or active.winner is not None or now > active.deadline:
            return ReplyOutcome(Reply.IGNORED)
        if self.config.plays_as_choice(active.question) or active.question.kind == FLIP:
            return ReplyOutcome(Reply.IGNORED)  # buttons answer it, or (a flip card) nothing grades it
        used = active.tries.get(member, 0)
        if used >= self.config.tries:
            return ReplyOutcome(Reply.NO_TRIES)
        context = self.context.for_language(active.question.english) if self.context else None
        verdict = grade(text, active.question.answers, context=context, strictness=self.config.strictness)
        if verdict.kind == "empty":
            shrug = verdict.feedback == SHRUG and member not in active.shrugged
            if shrug:
                active.shrugged.add(member)
            return ReplyOutcome(Reply.IGNORED, verdict, tries_left=self.config.tries - used, shrug=shrug)
        active.tries[member] = used + 1
        tries_left = self.config.tries - used - 1
        elapsed = now - active.started
        if verdict.correct:
            points = points_for(self.config.points, elapsed=elapsed, limit=self.config.seconds, hints=active.hints)
            active.winner = Winner(member, points, elapsed)
            self._award(member, points)
            attempt = self._attempt(member, active, text, verdict, points, elapsed)
            return ReplyOutcome(Reply.WIN, verdict, attempt, tries_left)
        attempt = self._attempt(member, active, text, verdict, 0, elapsed)
        if verdict.kind == "close" and member not in active.nudged:
            active.nudged.add(member)
            return ReplyOutcome(Reply.ALMOST, verdict, attempt, tries_left, react=True)
        return ReplyOutcome(Reply.ALMOST if verdict.kind == "close" else Reply.WRONG, verdict, attempt, tries_left)

    def lock_choice(self, member: int, index: int, now: float) -> ChoiceOutcome:
        """Record a member's one multiple-choice answer; it cannot be changed."""
        active = self.current
        if active is None or active.question.choices is None or now > active.deadline:
            return ChoiceOutcome(False, None, "This question is closed.")
        choices = active.question.choices
        if not 0 <= index < len(choices):
            return ChoiceOutcome(False, None, "That is not one of the choices.")
        if member in active.locks:
            chosen = choices[active.locks[member][0]]
            return ChoiceOutcome(False, chosen, f"You already locked in **{chosen}**.")
        active.locks[member] = (index, now - active.started)
        return ChoiceOutcome(True, choices[index], f"Locked in: **{choices[index]}**.")

    def hint(self) -> str | None:
        """The next, more revealing hint, or None when no more are allowed."""
        active = self.current
        if active is None or active.winner is not None or active.hints >= MAX_HINTS:
            return None
        active.hints += 1
        return letter_hint(active.question.answers[0], active.hints)

    def close(self, now: float, reason: Close | str) -> QuestionResult:
        """End the current question; choice answers are scored here."""
        active = self.current
        if active is None:
            raise RuntimeError("no question is open")
        self.current = None
        reason = Close(reason)
        winners: list[Winner] = []
        attempts: list[GradedAnswer] = []
        if active.winner is not None:
            winners.append(active.winner)
            reason = Close.ANSWERED
        choices = active.question.choices
        if choices is not None and active.locks:
            for member, (index, elapsed) in sorted(active.locks.items(), key=lambda item: item[1][1]):
                chosen = choices[index]
                verdict = grade(chosen, active.question.answers, context=self.context)
                points = 0
                if verdict.correct and reason != Close.STOPPED:
                    points = points_for(self.config.points, elapsed=elapsed, limit=self.config.seconds)
                    winners.append(Winner(member, points, elapsed))
                    self._award(member, points)
                attempts.append(self._attempt(member, active, chosen, verdict, points, elapsed))
            if winners and reason == Close.TIMEOUT:
                reason = Close.ANSWERED
        answered = len(active.tries) + len(active.locks)
        result = QuestionResult(active.number, active.question, reason, tuple(winners), tuple(attempts), answered)
        self.results.append(result)
        if reason == Close.STOPPED:
            self.stopped = True
        return result

    def stop(self) -> None:
        self.stopped = True

    def revoke(self, attempt: GradedAnswer) -> None:
        """Take back what an answer that could not be stored earned: its points, its right answer, its win."""
        if attempt.points or attempt.correct:
            self._points[attempt.member] = self._points.get(attempt.member, 0) - attempt.points
            if attempt.correct:
                self._correct[attempt.member] = self._correct.get(attempt.member, 0) - 1
            if not self._points[attempt.member] and not self._correct.get(attempt.member):
                self._points.pop(attempt.member, None)
                self._correct.pop(attempt.member, None)
        active = self.current
        if active is not None and active.number == attempt.number and active.winner and active.winner.member == attempt.member:
            active.winner = None

    def standings(self) -> list[RoundStanding]:
        members = set(self._points) | set(self._correct)
        rows = [RoundStanding(m, self._points.get(m, 0), self._correct.get(m, 0)) for m in members]
        return sorted(rows, key=lambda s: (-s.points, -s.correct, s.member))

    def _award(self, member: int, points: int) -> None:
        self._points[member] = self._points.get(member, 0) + points
        self._correct[member] = self._correct.get(member, 0) + 1

    @staticmethod
    def _attempt(member: int, active: ActiveQuestion, reply: str, verdict: Verdict, points: int, elapsed: float) -> GradedAnswer:
        return GradedAnswer(
            member=member,
            number=active.number,
            question=active.question,
            reply=reply,
            verdict=verdict.kind,
            correct=verdict.correct,
            points=points,
            elapsed_ms=int(elapsed * 1000),
            hints=active.hints,
        )
