"""What happens in a round, as the rules report it: replies, closes, results and standings.

Plain records, so a front end can show them and the store can keep them
without knowing the rules that made them (:mod:`bot.quiz.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.grading import Verdict
from bot.questions import Question
from bot.shared.text import correct_text


class Reply(StrEnum):
    """What a typed reply did. The front end decides how to show each one."""

    WIN = "win"
    ALMOST = "almost"
    WRONG = "wrong"
    NO_TRIES = "no_tries"
    IGNORED = "ignored"
    UNSAVED = "unsaved"
    """The reply was graded but could not be stored, so it counts for nothing and the round ends."""


class Close(StrEnum):
    """Why a question closed."""

    ANSWERED = "answered"
    TIMEOUT = "timeout"
    SKIPPED = "skipped"
    STOPPED = "stopped"


@dataclass(frozen=True)
class GradedAnswer:
    """One graded answer in a round, ready to be stored."""

    member: int
    number: int
    question: Question
    reply: str
    verdict: str
    """The grader's verdict kind (exact, typo, close, wrong...)."""
    correct: bool
    points: int
    elapsed_ms: int
    hints: int = 0
    """Hints shown before the answer: a correct answer after one is a Hard review."""


@dataclass(frozen=True)
class ReplyOutcome:
    kind: Reply
    verdict: Verdict | None = None
    attempt: GradedAnswer | None = None
    tries_left: int = 0
    react: bool = False
    """True the first time a member is close on a question: worth a quiet reaction."""
    shrug: bool = False
    """True the first time a member shrugs at a question ("idk", "pass"): worth a short word back."""


@dataclass(frozen=True)
class ChoiceOutcome:
    locked: bool
    choice: str | None
    message: str


@dataclass(frozen=True)
class Winner:
    member: int
    points: int
    elapsed: float


@dataclass(frozen=True)
class QuestionResult:
    number: int
    question: Question
    reason: Close
    winners: tuple[Winner, ...]
    attempts: tuple[GradedAnswer, ...]
    """Choice answers, graded when the question closes; typed ones were returned already."""
    answered: int
    """How many members answered at all."""
    saved: bool = True
    """False when some answer to it could not be stored: it counts for nothing and the round ends."""


@dataclass
class ActiveQuestion:
    number: int
    question: Question
    started: float
    deadline: float
    hints: int = 0
    tries: dict[int, int] = field(default_factory=dict)
    nudged: set[int] = field(default_factory=set)
    shrugged: set[int] = field(default_factory=set)
    locks: dict[int, tuple[int, float]] = field(default_factory=dict)
    winner: Winner | None = None

    def time_left(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    def restart(self, now: float, seconds: float) -> None:
        """Its full time again from ``now``: nobody could see or answer it for a while."""
        self.started, self.deadline = now, now + seconds


@dataclass(frozen=True)
class RoundStanding:
    """A member's points and right answers in this round (not the server's board)."""

    member: int
    points: int
    correct: int


@dataclass(frozen=True)
class RoundFacts:
    """What a podium tells beyond the points: the fastest right answer, and what nobody got."""

    fastest: Winner | None
    missed: tuple[str, ...]
    """The fronts of the cards asked that nobody answered right, in the order asked."""


def round_facts(results: list[QuestionResult]) -> RoundFacts:
    """The facts of the questions this process closed (a resumed round counts from its restart)."""
    winners = [w for r in results if r.saved for w in r.winners]
    fastest = min(winners, key=lambda w: w.elapsed) if winners else None
    missed = tuple(r.question.card.front for r in results if r.saved and not r.winners and r.reason != Close.STOPPED)
    return RoundFacts(fastest, missed)


SHRUG_REPLY = "No worries: the answer comes when time is up."
"""What a member who shrugs at a question ("idk") hears back, once a question."""


def reply_feedback(outcome: ReplyOutcome) -> str:
    """What a member is told privately about a reply sent through a form, not the channel."""
    if outcome.kind == Reply.WIN and outcome.attempt is not None:
        verdict = outcome.verdict
        return correct_text(outcome.attempt.points, verdict.matched if verdict and verdict.kind == "typo" else None)
    if outcome.kind == Reply.UNSAVED:
        return (
            "⚠️ Your answer could not be saved (the bot's storage is not working), so it doesn't count. "
            "This round ends here."
        )
    if outcome.kind == Reply.NO_TRIES:
        return "You've used all your tries for this question."
    if outcome.kind == Reply.IGNORED:
        if outcome.verdict is not None and outcome.verdict.kind == "empty":
            return "There's no answer in that, so it doesn't use up a try."
        return "This question is already closed."
    feedback = outcome.verdict.feedback if outcome.verdict else "Not quite."  # a finished sentence
    left = outcome.tries_left
    return f"{feedback} ({left} {'try' if left == 1 else 'tries'} left)" if left else feedback
