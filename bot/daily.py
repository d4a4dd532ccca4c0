"""The question of the day: when each channel posts, which card, and the results.

Rules, all in one place so they are tested without Discord:

- A schedule posts once per *local* date, at its ``HH:MM`` in its IANA zone.
  The stored ``last_posted`` date (set by the database when a post is
  claimed) is what stops a second post, not the clock.
- A post missed while the bot was down is made when it comes back, but only
  on the same local day; the next day waits for its own time.
- Daylight saving keeps the local time. A time the clock skips (02:30 on a
  spring-forward night) posts when the skipped hour ends (03:00); a time that
  happens twice (01:30 on a fall-back night) posts at the first one only.
- Cards do not repeat in a channel until every card of the deck was used.
- The card and question are derived from a seed of channel and date, so any
  process (or a restarted one) rebuilds exactly the question that was posted.
- Posts due in the same tick are spread out to stay under Discord's global
  limit of 50 requests per second.
- Each member answers a post once; a right answer earns the server's base
  points, and the results (who answered, the fastest, streaks) come with the
  next post.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.cards import Card, Deck
from bot.decks import card_key
from bot.grading import GradingContext, grade
from bot.questions import CHOICE, NoQuestionError, Question, questions_for_card
from bot.storage import Attempt, DailyPost, DailySchedule, Store

TICK_SECONDS = 30.0
"""How often the scheduler checks for due posts: a post is at most this late."""
DISCORD_GLOBAL_RATE = 50
"""Requests per second Discord allows one bot across all its servers."""
POST_RATE = 40.0
"""Requests per second the scheduler allows itself, leaving room for everything else."""
REQUESTS_PER_POST = 3
"""Closing yesterday's post (results + removing its button) and sending today's."""
CLOSE_AFTER = timedelta(hours=36)
"""A post whose channel stopped posting (schedule off or paused) closes after this long."""
FASTEST_SHOWN = 3
STREAKS_SHOWN = 5
STREAK_LOOKUPS = 50
"""Solvers (earliest first) whose streaks are read when a post closes; bounds the work on a busy day."""

# The author's own question and recall are the heart of a daily question;
# blanks and dates add variety without crowding them out.
_WEIGHTS = {"explicit": 3, "recall": 3, "cloze": 2, "date": 2}


class DailyInputError(ValueError):
    """A time or time zone a manager typed that cannot be used; the message says what to type."""


class ScheduleLike(Protocol):
    channel_id: int
    local_time: str
    time_zone: str
    enabled: bool
    last_posted: date | None


# -- reading what a manager typed -------------------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)


def parse_local_time(text: str) -> str:
    """``"9:05"``, ``"09:05"``, ``"18.30"``, ``"6:30pm"`` or ``"9am"`` as ``"HH:MM"``."""
    match = _TIME.match(text or "")
    if match is None:
        raise DailyInputError(f"“{text}” is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:00 or 18:30.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise DailyInputError(f"“{text}” is not a time of day: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif match.group(2) is None:
        raise DailyInputError(f"“{text}” needs minutes: use HH:MM, e.g. {hour:02d}:00.")
    if hour > 23 or minute > 59:
        raise DailyInputError(f"“{text}” is not a time of day: hours run 00-23 and minutes 00-59.")
    return f"{hour:02d}:{minute:02d}"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted, for autocomplete and case-insensitive lookup."""
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


@lru_cache(maxsize=1)
def _zones_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def parse_zone(text: str) -> ZoneInfo:
    """The IANA zone a manager named, forgiving case and spaces ("europe/london", "New York")."""
    raw = (text or "").strip()
    wanted = raw.replace(" ", "_").casefold()
    name = _zones_by_fold().get(wanted)
    if name is None:
        endings = [n for n in zone_names() if n.casefold().endswith("/" + wanted)]
        name = endings[0] if len(endings) == 1 else None
    if name is None:
        hint = ", ".join(suggest_zones(raw, limit=3))
        more = f" Did you mean {hint}?" if hint else ""
        raise DailyInputError(
            f"“{raw}” is not a time zone I know: use an IANA name such as Europe/London or America/New_York "
            f"(start typing to see suggestions).{more}"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed but not loadable
        raise DailyInputError(f"the time zone {name} cannot be loaded on this machine") from None


def suggest_zones(current: str, *, limit: int = 25, first: str | None = None) -> list[str]:
    """Zone names for autocomplete: names starting with the text, then names containing it."""
    wanted = current.strip().replace(" ", "_").casefold()
    names = zone_names()
    if not wanted:
        picked = [first] if first else []
        common = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
                  "America/Los_Angeles", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney"]
        return list(dict.fromkeys(picked + common))[:limit]
    starts = [n for n in names if n.casefold().startswith(wanted) or n.casefold().split("/")[-1].startswith(wanted)]
    contains = [n for n in names if wanted in n.casefold() and n not in starts]
    return (starts + contains)[:limit]


# -- when to post ------------------------------------------------------------------


@lru_cache(maxsize=2048)
def zone(name: str) -> ZoneInfo:
    """A zone kept loaded: ZoneInfo itself keeps only a few strongly, and
    re-reading tzdata for each of hundreds of zones every tick is slow."""
    return ZoneInfo(name)


@lru_cache(maxsize=2048)
def _clock_time(local_time: str) -> time:
    hour, minute = local_time.split(":")
    return time(int(hour), int(minute))


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def post_time(day: date, local_time: str, tz: ZoneInfo) -> datetime:
    """The UTC instant a schedule posts on local date ``day``.

    A wall time that happens twice (fall-back) means its first occurrence; one
    the clock skips (spring-forward) means the moment the skipped stretch ends.
    """
    naive = datetime.combine(day, _clock_time(local_time))
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if _wall(first, tz) == naive:
        return first
    # In a gap fold=1 reads the time with the later offset, landing before the
    # gap; fold=0 lands after it. The gap ends at the first instant whose wall
    # clock shows ``naive`` or later: find it by halving (transitions fall on
    # whole seconds, so this settles in ~12 steps).
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, tz) >= naive:
            high = middle
        else:
            low = middle
    return high


def day_end(day: date, tz: ZoneInfo) -> datetime:
    """The instant local date ``day`` ends (the next day's first instant)."""
    return post_time(day + timedelta(days=1), "00:00", tz)


def next_post_time(local_time: str, tz: ZoneInfo, after: datetime, last_posted: date | None = None) -> tuple[date, datetime]:
    """The next post still to make: its local date and UTC instant.

    It is today's post while today's is not made yet, even if its time has
    already passed (then it is due now: the missed-post rule); otherwise the
    first day after the last post.
    """
    day = local_date(after, tz)
    if last_posted is not None and last_posted >= day:
        day = last_posted + timedelta(days=1)
    return day, post_time(day, local_time, tz)


def due_day(schedule: ScheduleLike, now: datetime) -> date | None:
    """The local date whose post ``schedule`` should make now, or None.

    Due when today's time has come and today's post is not made; a day that
    ended without its post is skipped for good.
    """
    if not schedule.enabled:
        return None
    tz = zone(schedule.time_zone)
    today = local_date(now, tz)
    if schedule.last_posted is not None and schedule.last_posted >= today:
        return None
    return today if post_time(today, schedule.local_time, tz) <= now else None


@dataclass(frozen=True)
class Due:
    schedule: Any
    day: date
    at: datetime
    """When it was due: the order posts are sent in."""


def due_schedules(schedules: Iterable[ScheduleLike], now: datetime) -> list[Due]:
    """Every schedule due now, earliest first, recomputing each from scratch.

    Correct and simple; :class:`DuePlanner` gives the same answer without
    time-zone maths for schedules that have not changed since the last tick.
    """
    due = []
    for schedule in schedules:
        day = due_day(schedule, now)
        if day is not None:
            due.append(Due(schedule, day, post_time(day, schedule.local_time, zone(schedule.time_zone))))
    due.sort(key=lambda d: (d.at, d.schedule.channel_id))
    return due


@dataclass(frozen=True)
class _Slot:
    key: tuple[str, str, date | None]
    day: date
    at: datetime
    end: datetime


class DuePlanner:
    """:func:`due_schedules` with each schedule's next post worked out once.

    A slot (local date, instant, end of that local day) is kept per channel
    and reused while the schedule's time, zone and last post are unchanged
    and its day has not ended, so a tick over 10,000 schedules costs a few
    comparisons each instead of several time-zone conversions.
    """

    def __init__(self) -> None:
        self._slots: dict[int, _Slot] = {}

    def due(self, schedules: Iterable[ScheduleLike], now: datetime) -> list[Due]:
        due: list[Due] = []
        seen: set[int] = set()
        slots = self._slots
        for schedule in schedules:
            channel = schedule.channel_id
            seen.add(channel)
            if not schedule.enabled:
                continue
            key = (schedule.local_time, schedule.time_zone, schedule.last_posted)
            slot = slots.get(channel)
            if slot is None or slot.key != key or now >= slot.end:
                slot = slots[channel] = self._slot(schedule, key, now)
            if slot.at <= now < slot.end:
                due.append(Due(schedule, slot.day, slot.at))
        if len(slots) > len(seen):
            for channel in [c for c in slots if c not in seen]:
                del slots[channel]
        due.sort(key=lambda d: (d.at, d.schedule.channel_id))
        return due

    def forget(self, channel_id: int) -> None:
        self._slots.pop(channel_id, None)

    @staticmethod
    def _slot(schedule: ScheduleLike, key: tuple[str, str, date | None], now: datetime) -> _Slot:
        tz = zone(schedule.time_zone)
        day, at = next_post_time(schedule.local_time, tz, now, schedule.last_posted)
        return _Slot(key, day, at, day_end(day, tz))


# -- spreading posts under Discord's global limit --------------------------------------


def send_plan(count: int, start: datetime, *, rate: float = POST_RATE, cost: int = REQUESTS_PER_POST) -> list[datetime]:
    """When to send each of ``count`` posts so requests never exceed ``rate`` per second."""
    gap = timedelta(seconds=cost / rate)
    return [start + gap * i for i in range(count)]


def busiest_second(times: Sequence[datetime], cost: int = REQUESTS_PER_POST) -> int:
    """Most requests falling in any one-second window, each post costing ``cost`` at its send time."""
    ordered = sorted(times)
    best = start = 0
    for end, instant in enumerate(ordered):
        while instant - ordered[start] >= timedelta(seconds=1):
            start += 1
        best = max(best, end - start + 1)
    return best * cost


# -- which deck --------------------------------------------------------------------------


def schedules_using(schedules: Iterable[DailySchedule], deck: str) -> list[DailySchedule]:
    """The schedules that pause when ``deck`` goes (deck names match without regard to case)."""
    return [s for s in schedules if s.deck.lower() == deck.lower()]


def paused_schedules(schedules: Iterable[DailySchedule]) -> list[DailySchedule]:
    """Schedules a manager must act on: stopped by a problem, not switched off."""
    return [s for s in schedules if not s.enabled and s.paused_reason]


# -- which card, which question ----------------------------------------------------------


def seed_for(channel_id: int, day: date) -> str:
    return f"{channel_id}:{day.isoformat()}"


@dataclass(frozen=True)
class CardChoice:
    card: Card
    key: str
    reset: bool
    """True when every card had been used, so the channel's history starts over."""


def choose_card(deck_name: str, deck: Deck, used: Collection[str], seed: str) -> CardChoice:
    """A card not yet used in this channel that can make a question.

    When all such cards are used the history starts over (``reset``). Raises
    :class:`NoQuestionError` when no card of the deck can make a question.
    """
    rng = random.Random(seed)
    by_key: dict[str, Card] = {}
    for card in deck.cards:
        by_key.setdefault(card_key(deck_name, card), card)
    keys = list(by_key)
    rng.shuffle(keys)
    for reset in (False, True):
        for key in keys:
            if not reset and key in used:
                continue
            card = by_key[key]
            if questions_for_card(card, deck, random.Random(seed)):
                return CardChoice(card, key, reset)
    raise NoQuestionError("no card in this deck can make a question")


def find_card(deck_name: str, deck: Deck, key: str) -> Card | None:
    for card in deck.cards:
        if card_key(deck_name, card) == key:
            return card
    return None


def daily_question(deck: Deck, card: Card, seed: str) -> Question:
    """The question a card makes for one day; the same seed rebuilds the same question.

    Typed when the card can make a typed question; multiple choice only when
    it cannot (a long front nobody could type), so the rule is predictable.
    """
    rng = random.Random(seed)
    questions = questions_for_card(card, deck, rng)
    typed = [q for q in questions if q.kind != CHOICE]
    pool = typed or [q for q in questions if q.kind == CHOICE]
    if not pool:
        raise NoQuestionError("this card cannot make a question")
    weights = [_WEIGHTS.get(q.kind, 1) for q in pool]
    return rng.choices(pool, weights=weights, k=1)[0]


# -- answers and results ---------------------------------------------------------------


def answered_key(post_id: int, member_id: int) -> str:
    """The claim that a member has used their one answer to post ``post_id``."""
    return f"daily:{post_id}:a:{member_id}"


def right_key(post_id: int, member_id: int) -> str:
    """The claim a member's correct answer makes (its time orders the fastest)."""
    return f"daily:{post_id}:r:{member_id}"


def answered_prefix(post_id: int) -> str:
    return f"daily:{post_id}:a:"


def right_prefix(post_id: int) -> str:
    return f"daily:{post_id}:r:"


@dataclass(frozen=True)
class DailyVerdict:
    """How a member's one answer went. A daily answer earns the base points only:
    there is no race to be fast at and no hint to pay for."""

    reply: str
    """What the member answered: the text typed, or the choice picked."""
    correct: bool
    kind: str
    feedback: str
    """The grader's note, kept only for a typo or a wrong answer."""
    points: int


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
    verdict = grade(text, question.answers, context=context, strictness=strictness)
    feedback = verdict.feedback if (verdict.kind == "typo" or not verdict.correct) else ""
    return DailyVerdict(text, verdict.correct, verdict.kind, feedback, base_points if verdict.correct else 0)


def daily_attempt(post: DailyPost, member_id: int, deck: str, question: Question, verdict: DailyVerdict, at: datetime) -> Attempt:
    """The stored answer. Its question id is the member's own right-answer claim,
    which is what the results count; the time is measured from the post."""
    return Attempt(
        guild_id=post.guild_id, channel_id=post.channel_id, member_id=member_id, deck=deck,
        card_key=post.card_key, question_kind=question.basis or question.kind, reply=verdict.reply[:500],
        verdict=verdict.kind, correct=verdict.correct, points=verdict.points,
        time_ms=max(0, int((at - post.opened_at).total_seconds() * 1000)), source="daily", at=at,
        question_id=right_key(post.id, member_id),
    )


@dataclass(frozen=True)
class DailyResults:
    """What a closed daily question shows, stored with the post as JSON."""

    answered: int
    correct: int
    fastest: tuple[tuple[int, float], ...]
    """(member id, seconds after the post) of the first correct answers."""
    streaks: tuple[tuple[int, int], ...]
    """(member id, days) of today's solvers on a daily streak of two days or more."""
    answer: str
    explanation: str
    front: str

    def to_json(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "correct": self.correct,
            "fastest": [list(f) for f in self.fastest],
            "streaks": [list(s) for s in self.streaks],
            "answer": self.answer,
            "explanation": self.explanation,
            "front": self.front,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DailyResults:
        return cls(
            int(data.get("answered", 0)),
            int(data.get("correct", 0)),
            tuple((int(m), float(s)) for m, s in data.get("fastest", [])),
            tuple((int(m), int(d)) for m, d in data.get("streaks", [])),
            str(data.get("answer", "")),
            str(data.get("explanation", "")),
            str(data.get("front", "")),
        )


def summarize(
    question: Question | None,
    opened_at: datetime,
    answered: Collection[int],
    right: Sequence[tuple[int, datetime]],
    streaks: dict[int, int],
) -> DailyResults:
    """Results from who answered, who was right and when, and solvers' current daily streaks."""
    ordered = sorted(right, key=lambda r: (r[1], r[0]))
    fastest = tuple((member, max(0.0, (at - opened_at).total_seconds())) for member, at in ordered[:FASTEST_SHOWN])
    holders = sorted(((m, d) for m, d in streaks.items() if d >= 2), key=lambda s: (-s[1], s[0]))
    return DailyResults(
        answered=len(set(answered) | {m for m, _ in right}),
        correct=len({m for m, _ in right}),
        fastest=fastest,
        streaks=tuple(holders[:STREAKS_SHOWN]),
        answer=question.answers[0] if question else "",
        explanation=question.explanation if question else "",
        front=question.card.front if question else "",
    )


async def gather_results(store: Store, post: DailyPost, question: Question | None, now: datetime) -> DailyResults:
    """A post's results from the claims its answers made and the solvers' streaks at ``now``."""
    answered = await store.question_claims(post.guild_id, post.channel_id, answered_prefix(post.id))
    right = await store.question_claims(post.guild_id, post.channel_id, right_prefix(post.id))
    streaks = {}
    for _, member, _ in right[:STREAK_LOOKUPS]:
        streaks[member] = (await store.streaks(post.guild_id, member, at=now)).daily.current
    return summarize(
        question, post.opened_at, [member for _, member, _ in answered], [(member, at) for _, member, at in right], streaks
    )


def stale(opened_at: datetime, now: datetime) -> bool:
    """An open post old enough to close on its own (its channel stopped posting)."""
    return now - opened_at >= CLOSE_AFTER
