"""One member's private study session on one deck: due cards first, then new ones.

A session is the order of cards and what each answer did; the Discord cog
and the terminal only show it. Every answer is stored as a review when it is
given (source "study"), never as a scored attempt: study is practice, and the
leaderboards stay a competition. A card answered wrong comes back in the same
session once it is due again, as Anki's learning steps do (the session looks
up to :data:`LEARN_AHEAD` ahead).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.cards import Card
from bot.decks import LoadedDeck, card_key
from bot.grading import grade
from bot.questions import FLIP, Question, questions_for_card
from bot.shared.zones import day_start, local_date, zone
from bot.srs import AGAIN, DEFAULT, Scheduler, rating_for
from bot.storage import ScheduledReview, Store

DEFAULT_NEW_PER_DAY = 10
MAX_NEW_PER_DAY = 100
LEARN_AHEAD = timedelta(minutes=20)
"""A card due this soon is shown now rather than ending the session: "again in 10 min" comes back today."""
MAX_DUE = 200
"""Due cards one session takes on; a member with more sees the rest next time."""


@dataclass
class StudyCard:
    card: Card
    key: str
    question: Question
    due: datetime | None
    """When it was due (None for a new card)."""
    new: bool


@dataclass(frozen=True)
class StudyResult:
    """What one answer did: its verdict, the answer and facts, and when the card comes back."""

    card: StudyCard
    correct: bool
    rating: int
    feedback: str
    due: datetime
    review_id: int | None = None
    """The stored review, which the member may dispute when a typed answer was refused."""
    reply: str | None = None
    """The typed reply (None for a choice, a flip card or giving up)."""

    @property
    def disputable(self) -> bool:
        return not self.correct and bool(self.reply and self.reply.strip()) and self.review_id is not None


@dataclass
class Summary:
    reviewed: int = 0
    correct: int = 0


def question_for(card: Card, loaded: LoadedDeck, rng: random.Random) -> Question | None:
    """How a card is asked in a study session, as its shape says: a flip card is flipped, anything with a typed
    question is typed, the rest is a choice."""
    questions = questions_for_card(card, loaded.deck, rng, direction=loaded.direction)
    for wanted in (lambda q: q.kind == FLIP, lambda q: q.choices is None, lambda q: True):
        found = [q for q in questions if wanted(q)]
        if found:
            return loaded.accepting(found[0])  # the server's aliases count too
    return None


def study_day_start(at: datetime, zone_name: str) -> datetime:
    """The start of the member's study day (the server's time zone): new cards count per day."""
    tz = zone(zone_name)
    return day_start(local_date(at, tz), tz)


@dataclass
class StudySession:
    store: Store
    loaded: LoadedDeck
    guild_id: int
    member_id: int
    clock: Callable[[], datetime]
    scheduler: Scheduler = DEFAULT
    seed: int | None = None
    queue: list[StudyCard] = field(default_factory=list)
    learning: list[StudyCard] = field(default_factory=list)
    """Cards answered this session that come back soon, in due order."""
    summary: Summary = field(default_factory=Summary)
    current: StudyCard | None = None
    _shown_at: datetime | None = None
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    async def open(self, new_per_day: int, zone: str = "UTC") -> None:
        """Line the cards up: due ones, most overdue first, then up to the day's new cards left."""
        now = self.clock()
        known = {s.card_key: s for s in await self.store.member_cards(self.guild_id, self.member_id, self.loaded.name)}
        cards = {card_key(self.loaded.name, card): card for card in self.loaded.deck.cards}
        due = sorted((s for key, s in known.items() if key in cards and s.due <= now + LEARN_AHEAD), key=lambda s: s.due)
        for state in due[:MAX_DUE]:
            self._enqueue(cards[state.card_key], state.card_key, state.due, new=False)
        met_today = await self.store.first_reviews_since(self.guild_id, self.member_id, self.loaded.name, study_day_start(now, zone))
        room = max(0, new_per_day - met_today)
        for key, card in cards.items():
            if room <= 0:
                break
            if key not in known and self._enqueue(card, key, None, new=True):
                room -= 1

    def _enqueue(self, card: Card, key: str, due: datetime | None, *, new: bool) -> bool:
        question = question_for(card, self.loaded, self._rng)
        if question is None:
            return False
        self.queue.append(StudyCard(card, key, question, due, new))
        return True

    def next(self) -> StudyCard | None:
        """The next card to show, or None when the session is done."""
        now = self.clock()
        if self.learning and (self.learning[0].due or now) <= now:
            self.current = self.learning.pop(0)
        elif self.queue:
            self.current = self.queue.pop(0)
        elif self.learning and (self.learning[0].due or now) <= now + LEARN_AHEAD:
            self.current = self.learning.pop(0)
        else:
            self.current = None
        self._shown_at = now if self.current else None
        return self.current

    @property
    def left(self) -> int:
        return len(self.queue) + len(self.learning) + (self.current is not None)

    async def answer(self, reply: str | None = None, *, index: int | None = None, give_up: bool = False) -> StudyResult:
        """Grade the current card's typed ``reply`` or picked choice ``index`` (or that the member gave up)."""
        study = self._require()
        question = study.question
        if give_up:
            correct, verdict, feedback = False, "wrong", "No matter: now you know it."
        elif index is not None and question.choices is not None:
            correct = 0 <= index < len(question.choices) and question.choices[index] == question.answers[0]
            verdict, feedback = ("exact" if correct else "wrong"), ""
        else:
            context = self.loaded.context.for_language(question.english)
            graded = grade(reply or "", question.answers, context=context)
            correct, verdict, feedback = graded.correct, graded.kind, graded.feedback
        elapsed = self._elapsed_ms()

        def reschedule(state: dict[str, Any] | None, usual: int | None, at: datetime) -> ScheduledReview:
            rating = rating_for(correct=correct, verdict=verdict, hints=0, time_ms=elapsed, usual_ms=usual)
            return self.scheduler.review(state, study.key, rating, at, elapsed)

        typed = reply if not give_up and index is None else None
        return await self._store(study, reschedule, correct, feedback, typed)

    async def rate(self, rating: int) -> StudyResult:
        """A flip card: the member's own rating of how well they knew it (1 again ... 4 easy)."""
        study = self._require()
        if not 1 <= rating <= 4:
            raise ValueError("a rating is 1 (again) to 4 (easy)")
        elapsed = self._elapsed_ms()

        def reschedule(state: dict[str, Any] | None, usual: int | None, at: datetime) -> ScheduledReview:
            return self.scheduler.review(state, study.key, rating, at, elapsed)

        return await self._store(study, reschedule, rating > AGAIN, "")

    def _require(self) -> StudyCard:
        if self.current is None:
            raise RuntimeError("no card is shown")
        return self.current

    def _elapsed_ms(self) -> int:
        return max(0, int((self.clock() - (self._shown_at or self.clock())).total_seconds() * 1000))

    async def _store(
        self, study: StudyCard, reschedule: Any, correct: bool, feedback: str, reply: str | None = None
    ) -> StudyResult:
        scheduled = await self.store.record_review(
            self.guild_id, self.member_id, study.key, self.loaded.name, study.question.label, reschedule, source="study",
            at=self.clock(),
        )
        self.current = None
        self.summary.reviewed += 1
        self.summary.correct += correct
        if scheduled.due <= self.clock() + LEARN_AHEAD:
            self.learning.append(StudyCard(study.card, study.key, study.question, scheduled.due, False))
            self.learning.sort(key=lambda s: s.due or scheduled.due)
        return StudyResult(study, correct, scheduled.rating, feedback, scheduled.due, scheduled.review_id, reply)

    async def next_due(self) -> datetime | None:
        """When the member's next card of this deck is due, for the summary."""
        states = await self.store.member_cards(self.guild_id, self.member_id, self.loaded.name)
        return min((s.due for s in states), default=None)


def comes_back(due: datetime, now: datetime, *, again: bool = True) -> str:
    """When a card comes back, as a person says it: "again in 10 min", "in 4 days" (without "again": "in 10 min")."""
    seconds = max(0, (due - now).total_seconds())
    soon = "again " if again else ""
    if seconds < 45:
        return f"{soon}in a moment"
    if seconds < 3570:
        return f"{soon}in {max(1, round(seconds / 60))} min"
    if seconds < 86400 - 1800:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(seconds / 86400)
    return f"in {days} day{'s' if days != 1 else ''}"
