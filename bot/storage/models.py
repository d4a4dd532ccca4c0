"""Plain records passed in and out of a :class:`~bot.storage.base.Store`.

Callers never see rows or SQL, only these dataclasses, so a different backend
can be added behind the same interface. Ids are Discord snowflakes (int64);
times are timezone-aware ``datetime`` objects in UTC; local calendar days are
``datetime.date`` objects.

Long because every record any store takes or gives is here, one short
dataclass after another, so a backend has one file of shapes to implement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Literal

from bot.shared.ids import check_id

Period = Literal["today", "week", "month", "all"]
PERIODS: tuple[str, ...] = ("today", "week", "month", "all")

Source = Literal["quiz", "daily", "study"]
SOURCES: tuple[str, ...] = ("quiz", "daily", "study")


@dataclass(frozen=True, slots=True)
class Attempt:
    """One graded answer: the source of truth every score is derived from.

    ``deck`` and ``card_key`` are stable strings chosen by the caller (for
    example an imported deck id and a hash of the card front), so removing or
    renaming a deck never loses history. ``question_id`` marks a quiz question
    where the first correct answer wins: only the first correct attempt for
    that (guild, channel, question_id) keeps its points. ``at`` defaults to the
    store's clock.
    """

    guild_id: int
    channel_id: int
    member_id: int
    deck: str
    card_key: str
    question_kind: str
    reply: str
    verdict: str
    correct: bool
    points: int
    time_ms: int
    source: Source = "quiz"
    at: datetime | None = None
    question_id: str | None = None

    def __post_init__(self) -> None:
        check_id("guild_id", self.guild_id)
        check_id("channel_id", self.channel_id)
        check_id("member_id", self.member_id)
        if not self.deck:
            raise ValueError("deck key must not be empty")
        if not self.card_key:
            raise ValueError("card_key must not be empty")
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {self.source!r}")
        if isinstance(self.points, bool) or not isinstance(self.points, int):
            raise ValueError(f"points must be an int, got {self.points!r}")
        if not isinstance(self.time_ms, int) or self.time_ms < 0:
            raise ValueError(f"time_ms must be a non-negative int, got {self.time_ms!r}")
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("at must be timezone-aware (use datetime.now(timezone.utc))")


@dataclass(frozen=True)
class AttemptResult:
    """What was stored. ``won`` is None when the attempt was not a race.

    ``points`` is what was actually credited: a correct answer that lost the
    race for a question is recorded as correct with 0 points.
    """

    id: int
    won: bool | None
    points: int
    local_day: date
    season: int


class _Accuracy:
    """Share of attempts answered correctly, for every record that counts both."""

    correct: int
    attempts: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class Standing(_Accuracy):
    """One member's line on a leaderboard."""

    member_id: int
    rank: int
    points: int
    correct: int
    attempts: int


@dataclass(frozen=True)
class LeaderboardPage:
    """A slice of a leaderboard plus how many members it has in all."""

    period: str
    rows: list[Standing]
    total: int
    offset: int
    limit: int
    deck: str | None = None
    season: int | None = None


@dataclass(frozen=True)
class Streak:
    """Consecutive local days with a correct answer.

    ``current`` counts only while the last such day is today or yesterday in
    the guild's time zone, so a streak is not broken until a whole day passes.
    """

    current: int = 0
    best: int = 0
    last_day: date | None = None


@dataclass(frozen=True)
class Streaks:
    daily: Streak = field(default_factory=Streak)
    """Days with a correct answer to the daily question."""
    any: Streak = field(default_factory=Streak)
    """Days with any correct answer (quiz, daily or study)."""


@dataclass(frozen=True)
class CardStat(_Accuracy):
    deck: str
    card_key: str
    correct: int
    attempts: int


@dataclass(frozen=True)
class MemberStats(_Accuracy):
    member_id: int
    period: str
    points: int
    correct: int
    attempts: int
    rank: int | None
    """None when the member has no attempts in the period."""
    streaks: Streaks
    strongest_cards: list[CardStat]
    weakest_cards: list[CardStat]


@dataclass(frozen=True)
class Season:
    guild_id: int
    number: int
    started_at: datetime
    ended_at: datetime | None

    @property
    def current(self) -> bool:
        return self.ended_at is None


DAILY_PICKS = ("weakest", "new", "random")
"""How a daily question picks its card."""


@dataclass(frozen=True)
class DailySchedule:
    guild_id: int
    channel_id: int
    local_time: str
    """"HH:MM" in ``time_zone``."""
    time_zone: str
    deck: str
    enabled: bool = True
    paused_reason: str | None = None
    last_posted: date | None = None
    pick: str = "weakest"
    """How the card is picked: "weakest" (what the group knows least), "new" or "random"."""


@dataclass(frozen=True)
class DailyPost:
    id: int
    guild_id: int
    channel_id: int
    post_date: date
    deck: str
    card_key: str
    opened_at: datetime
    message_id: int | None = None
    closed_at: datetime | None = None
    results: dict[str, Any] | None = None

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class DeckInfo:
    """An imported deck without its content (for listings)."""

    id: int
    guild_id: int
    name: str
    format: str
    filename: str
    card_count: int
    imported_by: int
    imported_at: datetime
    size: int
    direction: str | None = None
    """Which side of a two-sided card is shown ('front', 'back', 'both'); None: the deck's own shape decides."""


@dataclass(frozen=True)
class StoredDeck:
    info: DeckInfo
    content: bytes
    """The file exactly as uploaded; the caller re-reads it with ``bot.decks.readers``."""


@dataclass(frozen=True)
class ScheduledReview:
    """What one answer did to a member's memory of a card: the rating it counts as, and the new state."""

    rating: int
    """1 again, 2 hard, 3 good, 4 easy."""
    state: dict[str, Any]
    due: datetime
    time_ms: int | None = None
    """How long the member took to answer, when that says how hard recall was (a quiz question, a study
    card); None when it does not (a question of the day, answered hours after it was posted)."""
    stability: float | None = None
    """Days until recall falls to 90%: kept beside the state, so the group's memory is read without it."""
    review_id: int | None = None
    """The stored review's id, once stored."""


@dataclass(frozen=True)
class CardMemory:
    """One member's memory of one card, as the group's memory of a deck is worked out from."""

    card_key: str
    member_id: int
    stability: float | None
    reviewed_at: datetime | None


Reschedule = Callable[[dict[str, Any] | None, int | None, datetime], ScheduledReview]
"""Works out an answer's review inside the answer's own transaction, from the member's memory of the card
until now (None for a card they never met), their usual time in milliseconds for that kind of question
(None until they have answered enough of them), and when the answer was given."""


@dataclass(frozen=True)
class ReviewRecord:
    """One stored review: what a member's memory of a card was updated from."""

    attempt_id: int | None
    guild_id: int
    member_id: int
    card_key: str
    deck: str
    kind: str
    rating: int
    time_ms: int | None
    source: str
    at: datetime
    id: int | None = None


@dataclass(frozen=True)
class DeckRecall:
    """A deck's recall summed per card in the database: (members who met it, their summed chance of recall)."""

    group: int
    """Members who met any card of the deck."""
    cards: dict[str, tuple[int, float]]


@dataclass(frozen=True)
class FittedParameters:
    """A server's own FSRS parameters, fitted from its members' reviews."""

    guild_id: int
    parameters: tuple[float, ...]
    reviews: int
    """How many reviews they were fitted from."""
    fitted_at: datetime


@dataclass(frozen=True)
class StudyReminder:
    """A member's opt-in direct message on days they have cards due."""

    guild_id: int
    member_id: int
    enabled: bool
    local_time: str
    """"HH:MM" in ``time_zone``."""
    time_zone: str
    reminded_on: date | None = None
    """The member's local day of the last reminder (each fires at most once a day)."""
    off_reason: str | None = None
    """Why the bot turned it off ("closed_dm"), until the member has been told."""


@dataclass(frozen=True)
class SrsState:
    """Spaced-repetition state of one card for one member.

    ``state`` is opaque to storage (the scheduler owns its fields); only
    ``due`` is indexed, to list what is due.
    """

    guild_id: int
    member_id: int
    card_key: str
    deck: str
    state: dict[str, Any]
    due: datetime


@dataclass(frozen=True)
class SavedRound:
    """A quiz round kept while it runs (see :mod:`bot.storage.rounds`)."""

    guild_id: int
    channel_id: int
    round_id: str
    questions: str
    progress: str
    updated_at: datetime


@dataclass(frozen=True)
class DayScore:
    """One local day of a member's answers, all decks together."""

    day: date
    points: int
    correct: int
    attempts: int


@dataclass(frozen=True)
class KindScore:
    """A member's answers to one kind of question (as stored: recall, date, cloze, explicit, flip)."""

    kind: str
    correct: int
    attempts: int


@dataclass(frozen=True)
class MemberHistory:
    """What a member's progress picture shows: their days and their kinds of question over a window."""

    member_id: int
    today: date
    """The server's local day the window ends on."""
    first_day: date
    days: list[DayScore]
    """Only days with answers, oldest first."""
    kinds: list[KindScore]
    """Most answered first."""

    @cached_property
    def _by_day(self) -> dict[date, DayScore]:
        return {d.day: d for d in self.days}

    def day(self, day: date) -> DayScore:
        """That day's answers (all zero for a day without any)."""
        found = self._by_day.get(day)
        return found if found is not None else DayScore(day, 0, 0, 0)


# -- disputes and aliases ------------------------------------------------------------------------------

DISPUTE_STATES = ("open", "accepted", "rejected")


@dataclass(frozen=True)
class StoredAttempt:
    """A stored answer read back, with its id: what a dispute is about."""

    id: int
    attempt: Attempt
    """As it was stored (``at`` set, ``points`` as credited)."""
    local_day: date
    season: int


@dataclass(frozen=True)
class Dispute:
    """A member's "I was right" on a refused answer, and what a moderator decided.

    ``reply_key`` is the reply as the grader compares it (case, accents and
    punctuation set aside): identical open disputes of one card share it and
    are settled together. A quiz or daily answer is an attempt; a study answer
    is only a review."""

    guild_id: int
    channel_id: int
    member_id: int
    deck: str
    card_key: str
    kind: str
    prompt: str
    answers: tuple[str, ...]
    reply: str
    reply_key: str
    source: str
    attempt_id: int | None = None
    review_id: int | None = None
    opened_at: datetime | None = None
    id: int = 0
    status: str = "open"
    decided_by: int | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    credited: int = 0
    """Points the accepted answer was credited with (0 for a study answer, or one already credited)."""


@dataclass(frozen=True)
class CardAlias:
    """An answer a server accepts for one card of one deck, beside the card's own ``alias_of``."""

    guild_id: int
    deck: str
    card_key: str
    answer: str
    alias_of: str
    """The card's accepted answer this one stands beside: it counts wherever that answer is asked."""
    added_by: int
    added_at: datetime | None = None
    dispute_id: int | None = None


@dataclass(frozen=True)
class Regraded:
    """An answer re-graded correct when a dispute was accepted."""

    attempt_id: int
    member_id: int
    channel_id: int
    source: str
    points: int
    """Points credited now (0 when the member already had that question right)."""


@dataclass(frozen=True)
class Settlement:
    """What settling a group of identical disputes did."""

    disputes: tuple[Dispute, ...]
    regraded: tuple[Regraded, ...] = ()
    rescheduled: int = 0
    """Members whose memory of the card was worked out again from their corrected reviews."""
    alias_added: bool = False


Replay = Callable[[str, "list[ReviewRecord]"], "ScheduledReview | None"]
"""A member's memory of a card worked out again from all their reviews of it, oldest first (card key, reviews):
run inside the transaction that corrects a verdict."""

SameReply = Callable[[str], bool]
"""Whether a stored reply is the disputed one, compared as the grader compares replies."""


CHANGE_KINDS = ("deck", "aliases", "settings", "parameters")


@dataclass(frozen=True)
class Change:
    """Another process changed what this one may hold in memory: a server's deck (``name``), a deck's aliases
    (``name``), a server's settings or its fitted scheduler parameters."""

    kind: str
    guild_id: int
    name: str = ""
