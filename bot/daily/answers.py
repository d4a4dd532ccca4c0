"""A member's one answer to a question of the day: the rule, the grade and the claims.

Each member answers a post once; a right answer earns the server's base
points. The claims a member's answer makes are what the results count.
:class:`DailyAnswers` is what a front end calls when a member presses Answer
or submits a reply; it says what happened, and the front end words it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from bot.daily.claims import answered_key, right_key
from bot.daily.results import DailyResults
from bot.decks import LoadedDeck, answer_record
from bot.grading import GradingContext, grade
from bot.questions import Question
from bot.srs import BOOK
from bot.storage import Attempt, DailyPost, StorageError, Store


@dataclass(frozen=True)
class DailyVerdict:
    """How a member's one answer went. A daily answer earns the base points only:
    there is no race to be fast at and no hint to pay for."""

    reply: str
    """What the member answered: the text typed, or the choice picked."""
    correct: bool
    kind: str
    feedback: str
    """The grader's note, kept only for a wrong answer."""
    points: int
    spelled: str | None = None
    """For a right answer with a slip, the answer as it is spelled."""


def grade_daily(
    question: Question,
    *,
    base_points: int,
    reply: str | None = None,
    index: int | None = None,
    context: GradingContext | None = None,
    strictness: str = "normal",
) -> DailyVerdict:
    """Grade a typed ``reply`` or a picked choice ``index`` (an index past the choices is wrong)."""
    if index is not None and question.choices is not None:
        picked = question.choices[index] if index < len(question.choices) else ""
        correct = picked == question.answers[0]
        return DailyVerdict(picked, correct, "exact" if correct else "wrong", "", base_points if correct else 0)
    text = reply or ""
    context = context.for_language(question.english) if context else None
    verdict = grade(text, question.answers, context=context, strictness=strictness)
    feedback = "" if verdict.correct else verdict.feedback
    spelled = verdict.matched if verdict.kind == "typo" else None
    return DailyVerdict(text, verdict.correct, verdict.kind, feedback, base_points if verdict.correct else 0, spelled)


def daily_attempt(post: DailyPost, member_id: int, deck: str, question: Question, verdict: DailyVerdict, at: datetime) -> Attempt:
    """The stored answer. Its question id is the member's own right-answer claim,
    which is what the results count; the time is measured from the post."""
    return answer_record(
        question, guild_id=post.guild_id, channel_id=post.channel_id, member_id=member_id, deck=deck,
        card_key=post.card_key, reply=verdict.reply, verdict=verdict.kind, correct=verdict.correct,
        points=verdict.points, time_ms=max(0, int((at - post.opened_at).total_seconds() * 1000)), source="daily",
        at=at, question_id=right_key(post.id, member_id),
    )


# -- the rule a front end calls ----------------------------------------------------------------

Refusal = Literal["gone", "closed", "deck_removed", "already_answered", "not_an_answer", "unsaved"]
"""Why an answer was not taken: the post is not there, it has closed, its deck was removed,
the member already answered, the reply had no answer in it (which costs no try), or the
answer could not be saved (storage is failing; it costs no try either)."""


@dataclass(frozen=True)
class OpenQuestion:
    post: DailyPost
    deck: LoadedDeck
    question: Question


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    answer: str = ""
    """For a closed post: the answer its results showed."""


@dataclass(frozen=True)
class Answered:
    """A stored answer: only now may the member be told how it went."""

    verdict: DailyVerdict
    answer: str
    """The question's canonical answer."""
    post: DailyPost | None = None
    """The post answered, whose count of answers is now one more."""
    attempt_id: int | None = None
    """The stored answer, which the member may dispute when it was refused."""
    typed: bool = False
    """The answer was typed (a choice is right or wrong by its button)."""


QuestionSource = Callable[[DailyPost], Awaitable[tuple[LoadedDeck, Question] | None]]
"""The posted question of a post, rebuilt after a restart (the runner's cache)."""


class DailyAnswers:
    """Members' answers to open questions of the day, one each, graded and stored."""

    def __init__(self, store: Store, questions: QuestionSource, *, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.questions = questions
        self.clock = clock

    async def find(self, channel_id: int, day: date) -> OpenQuestion | Refused:
        """The open question a channel posted on ``day``, or why it cannot be answered."""
        post = await self.store.get_daily_post(channel_id, day)
        if post is None:
            return Refused("gone")
        if not post.open:
            return Refused("closed", DailyResults.from_json(post.results or {}).answer)
        found = await self.questions(post)
        if found is None:
            return Refused("deck_removed")
        return OpenQuestion(post, found[0], found[1])

    async def start(self, channel_id: int, day: date, member_id: int) -> OpenQuestion | Refused:
        """Before a member types an answer: the question, unless they have used their one try."""
        opened = await self.find(channel_id, day)
        if isinstance(opened, Refused):
            return opened
        post = opened.post
        if await self.store.question_winner(post.guild_id, post.channel_id, answered_key(post.id, member_id)):
            return Refused("already_answered")
        return opened

    async def answer(
        self, channel_id: int, day: date, member_id: int, *, reply: str | None = None, index: int | None = None
    ) -> Answered | Refused:
        """Grade a member's one answer (typed ``reply`` or choice ``index``), claim it and store it (source "daily")."""
        opened = await self.find(channel_id, day)
        if isinstance(opened, Refused):
            return opened
        post, loaded, question = opened.post, opened.deck, opened.question
        now = self.clock()
        settings = await self.store.get_settings(post.guild_id)
        verdict = grade_daily(
            question, base_points=settings.base_points, reply=reply, index=index,
            context=loaded.context, strictness=settings.strictness,
        )
        if verdict.kind == "empty":
            return Refused("not_an_answer")
        try:
            attempt = daily_attempt(post, member_id, loaded.name, question, verdict, now)
            stored = await self.store.record_attempt(
                attempt, once=answered_key(post.id, member_id), review=BOOK.for_guild(post.guild_id).reviewer(attempt, timed=False)
            )
        except StorageError:
            # Nothing was kept, not even the claim: the verdict is not shown, and the member may answer again.
            return Refused("unsaved")
        if stored is None:
            return Refused("already_answered")
        return Answered(verdict, question.answers[0], post, stored.id, question.choices is None)
