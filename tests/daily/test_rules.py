"""The question-of-the-day rules: when to post, which card, and the results."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cards import Card, Deck, derive_answers
from bot.daily import (
    DISCORD_GLOBAL_RATE,
    DailyResults,
    DailyVerdict,
    DuePlanner,
    answered_key,
    busiest_second,
    choose_card,
    daily_attempt,
    daily_question,
    due_day,
    due_schedules,
    find_card,
    gather_results,
    grade_daily,
    next_post_time,
    parse_local_time,
    paused_schedules,
    post_time,
    right_key,
    schedules_using,
    send_plan,
    summarize,
)
from bot.decks import card_key, choose_deck
from bot.questions import CHOICE
from bot.shared.zones import TimeInputError, parse_zone, suggest_zones
from bot.storage import DailyPost, DailySchedule, SqliteStore

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class Sched:
    channel_id: int
    local_time: str
    time_zone: str
    enabled: bool = True
    last_posted: date | None = None


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def simulate(schedule: Sched, start: datetime, end: datetime, step: timedelta) -> list[tuple[date, datetime]]:
    """Tick from start to end, 'posting' whatever is due, as the scheduler does."""
    posts = []
    now = start
    while now <= end:
        day = due_day(schedule, now)
        if day is not None:
            posts.append((day, now))
            schedule = replace(schedule, last_posted=day)
        now += step
    return posts


# -- parsing what managers type -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", "09:00"), ("9:05", "09:05"), ("18.30", "18:30"), ("6:30pm", "18:30"), ("9am", "09:00"),
     ("12am", "00:00"), ("12 pm", "12:00"), ("23:59", "23:59")],
)
def test_parse_local_time(text: str, expected: str) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize(("text", "hint"), [("25:00", "00-23"), ("9", "needs minutes"), ("noon", "HH:MM"), ("13pm", "1 to 12"), ("", "HH:MM")])
def test_parse_local_time_rejects_with_reason(text: str, hint: str) -> None:
    with pytest.raises(TimeInputError, match=hint):
        parse_local_time(text)


def test_parse_zone_forgives_case_and_spaces_and_suggests() -> None:
    assert parse_zone("europe/london").key == "Europe/London"
    assert parse_zone("America/New York").key == "America/New_York"
    assert parse_zone("Tokyo").key == "Asia/Tokyo"
    with pytest.raises(TimeInputError, match="IANA") as caught:
        parse_zone("Europe/Lndon")
    assert "Mars" not in str(caught.value)
    assert suggest_zones("lond")[0] == "Europe/London"
    assert len(suggest_zones("a")) == 25
    assert suggest_zones("", first="Asia/Tokyo")[0] == "Asia/Tokyo"


# -- when to post ---------------------------------------------------------------------------------


def test_due_around_midnight_in_the_guild_zone() -> None:
    # 23:59 in Tokyo is 14:59 UTC; the local date is the Tokyo one.
    schedule = Sched(1, "23:59", "Asia/Tokyo")
    assert due_day(schedule, utc(2025, 3, 10, 14, 58)) is None
    assert due_day(schedule, utc(2025, 3, 10, 14, 59)) == date(2025, 3, 10)
    # Two minutes later it is 00:01 on the 11th in Tokyo: the 10th's post was missed for good.
    assert due_day(schedule, utc(2025, 3, 10, 15, 1)) is None
    # 00:00 posts right at local midnight, dated the new day.
    midnight = Sched(2, "00:00", "Asia/Tokyo", last_posted=date(2025, 3, 10))
    assert due_day(midnight, utc(2025, 3, 10, 14, 59)) is None
    assert due_day(midnight, utc(2025, 3, 10, 15, 0)) == date(2025, 3, 11)


def test_posted_today_is_not_due_again_even_if_the_time_changes() -> None:
    schedule = Sched(1, "09:00", "Europe/London", last_posted=date(2025, 6, 2))
    assert due_day(schedule, utc(2025, 6, 2, 12)) is None
    later = replace(schedule, local_time="11:00")
    assert due_day(later, utc(2025, 6, 2, 12)) is None
    assert due_day(later, utc(2025, 6, 3, 10, 0)) == date(2025, 6, 3)  # 11:00 BST


def test_missed_post_is_made_once_on_the_same_local_day_only() -> None:
    schedule = Sched(1, "09:00", "America/New_York", last_posted=date(2025, 6, 1))
    # Down from 08:00 to 15:00 New York time on 2 June: posts once when back.
    posts = simulate(schedule, utc(2025, 6, 2, 19), utc(2025, 6, 2, 23), timedelta(minutes=1))
    assert posts == [(date(2025, 6, 2), utc(2025, 6, 2, 19))]
    # Down all of 2 June, back at 01:00 on the 3rd: nothing for the 2nd, the 3rd at 09:00.
    posts = simulate(schedule, utc(2025, 6, 3, 5), utc(2025, 6, 3, 16), timedelta(minutes=1))
    assert posts == [(date(2025, 6, 3), utc(2025, 6, 3, 13))]


def test_spring_forward_gap_posts_when_the_gap_ends_once() -> None:
    # 9 March 2025 in New York: 02:00 EST jumps to 03:00 EDT (07:00 UTC). 02:30 never happens.
    day = date(2025, 3, 9)
    assert post_time(day, "02:30", NEW_YORK) == utc(2025, 3, 9, 7, 0)
    assert post_time(day, "02:30", NEW_YORK).astimezone(NEW_YORK).strftime("%H:%M") == "03:00"
    schedule = Sched(1, "02:30", "America/New_York", last_posted=date(2025, 3, 8))
    posts = simulate(schedule, utc(2025, 3, 9, 5), utc(2025, 3, 10, 12), timedelta(seconds=30))
    # Once at 03:00 EDT; the next day 02:30 exists again, on daylight time.
    assert posts == [(day, utc(2025, 3, 9, 7, 0)), (date(2025, 3, 10), utc(2025, 3, 10, 6, 30))]


def test_fall_back_repeated_time_posts_once_at_the_first() -> None:
    # 2 November 2025 in New York: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    day = date(2025, 11, 2)
    assert post_time(day, "01:30", NEW_YORK) == utc(2025, 11, 2, 5, 30)
    schedule = Sched(1, "01:30", "America/New_York", last_posted=date(2025, 11, 1))
    posts = simulate(schedule, utc(2025, 11, 2, 4), utc(2025, 11, 2, 23), timedelta(minutes=1))
    assert posts == [(day, utc(2025, 11, 2, 5, 30))]


def test_local_time_is_kept_across_daylight_saving() -> None:
    before = post_time(date(2025, 3, 29), "09:00", LONDON)
    after = post_time(date(2025, 3, 31), "09:00", LONDON)
    assert (before.hour, after.hour) == (9, 8)  # GMT then BST: same 09:00 on the wall
    assert after.astimezone(LONDON).strftime("%H:%M") == "09:00"


def test_next_post_time() -> None:
    now = utc(2025, 6, 2, 12)  # 13:00 in London
    assert next_post_time("09:00", LONDON, now) == (date(2025, 6, 2), utc(2025, 6, 2, 8))  # due now: missed
    assert next_post_time("09:00", LONDON, now, date(2025, 6, 2)) == (date(2025, 6, 3), utc(2025, 6, 3, 8))
    assert next_post_time("18:00", LONDON, now, date(2025, 6, 1)) == (date(2025, 6, 2), utc(2025, 6, 2, 17))


def test_disabled_schedules_never_post() -> None:
    assert due_day(Sched(1, "00:00", "UTC", enabled=False), utc(2025, 1, 1, 12)) is None


def test_planner_agrees_with_the_plain_due_check() -> None:
    rng = random.Random(7)
    zones = ["UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
             "America/St_Johns", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
    schedules = [
        Sched(i, f"{rng.randrange(24):02d}:{rng.choice([0, 15, 30, 45, 59]):02d}", rng.choice(zones))
        for i in range(300)
    ]
    planner = DuePlanner()
    now = utc(2025, 3, 29, 0)
    end = utc(2025, 4, 1, 0)
    posted: dict[int, list[date]] = {}
    while now < end:
        expected = due_schedules(schedules, now)
        got = planner.due(schedules, now)
        assert [(d.schedule.channel_id, d.day) for d in got] == [(d.schedule.channel_id, d.day) for d in expected]
        done = {d.schedule.channel_id: d.day for d in got}
        for d in got:
            posted.setdefault(d.schedule.channel_id, []).append(d.day)
        schedules = [replace(s, last_posted=done[s.channel_id]) if s.channel_id in done else s for s in schedules]
        now += timedelta(minutes=7)
    for days in posted.values():
        assert len(days) == len(set(days)), "never two posts for one local date"


# -- spreading posts --------------------------------------------------------------------------------


def test_send_plan_stays_under_discords_global_limit() -> None:
    start = utc(2025, 1, 1, 9)
    plan = send_plan(1000, start)
    assert plan[0] == start and plan == sorted(plan)
    assert busiest_second(plan) <= DISCORD_GLOBAL_RATE
    assert busiest_second([start] * 1000) == 3000  # the naive burst


# -- cards and questions -----------------------------------------------------------------------------


def make_deck(count: int) -> Deck:
    cards = tuple(
        Card(front=f"Treaty number {i}", back=(f"Signed by delegation {i} in the year {1900 + i}",), answers=derive_answers(f"Treaty number {i}"))
        for i in range(count)
    )
    return Deck("Treaties", cards, "deck-yaml")


def test_cards_do_not_repeat_until_the_deck_is_exhausted() -> None:
    deck = make_deck(6)
    used: set[str] = set()
    picked = []
    resets = 0
    for day in range(13):
        choice = choose_card("treaties", deck, used, f"42:{day}")
        if choice.reset:
            resets += 1
            used.clear()
        assert choice.key not in used
        used.add(choice.key)
        picked.append(choice.key)
        assert choice.key == card_key("treaties", choice.card)
    assert len(set(picked[:6])) == 6 and len(set(picked[6:12])) == 6
    assert resets == 2  # after day 6 and day 12
    # The same seed always picks the same card (any process agrees).
    assert choose_card("treaties", deck, set(), "42:0").key == choose_card("treaties", deck, set(), "42:0").key


def test_cards_that_cannot_make_a_question_are_skipped() -> None:
    overview = Card(front="Overview", back=(), answers=())
    deck = Deck("Mixed", (overview, *make_deck(2).cards), "notes")
    for day in range(10):
        assert choose_card("mixed", deck, set(), f"1:{day}").card is not overview


def test_daily_question_is_rebuilt_identically_from_the_stored_card() -> None:
    deck = make_deck(8)
    choice = choose_card("treaties", deck, set(), "5:2025-01-01")
    question = daily_question(deck, choice.card, "5:2025-01-01")
    card = find_card("treaties", deck, choice.key)
    assert card is choice.card
    assert daily_question(deck, card, "5:2025-01-01") == question
    assert question.kind != CHOICE, "typed whenever the card can make a typed question"


def long_front_deck() -> Deck:
    fronts = [
        "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance signed in Moscow",
        "Disagreements over the Pace and Direction of Communist Revolution",
        "Soviet Economic and Military Assistance to the People's Republic of China",
        "Withdrawal of Soviet technical advisors from the People's Republic",
    ]
    cards = tuple(
        Card(front=f, back=(f"Fact about topic {i}: it mattered greatly for the alliance",), answers=derive_answers(f))
        for i, f in enumerate(fronts)
    )
    return Deck("Long", cards, "notes")


def test_long_fronts_become_multiple_choice() -> None:
    deck = long_front_deck()
    question = daily_question(deck, deck.cards[0], "x")
    assert question.kind == CHOICE and question.choices is not None and len(question.choices) == 4
    assert question.answers[0] in question.choices


def test_results_summary() -> None:
    opened = utc(2025, 1, 1, 9)
    deck = make_deck(3)
    question = daily_question(deck, deck.cards[0], "s")
    right = [(30, opened + timedelta(seconds=90)), (10, opened + timedelta(seconds=5)), (20, opened + timedelta(seconds=40)), (40, opened + timedelta(hours=2))]
    results = summarize(question, opened, [10, 20, 30, 40, 50, 60], right, {10: 1, 20: 4, 30: 2, 40: 9})
    assert (results.answered, results.correct) == (6, 4)
    assert results.fastest == ((10, 5.0), (20, 40.0), (30, 90.0))
    assert results.streaks == ((40, 9), (20, 4), (30, 2))
    assert results.answer == question.answers[0]
    assert DailyResults.from_json(results.to_json()) == results


async def test_question_claims_lists_one_posts_answers_only(tmp_path) -> None:
    from bot.daily import answered_key, answered_prefix, right_key, right_prefix
    from bot.storage import SqliteStore

    store = await SqliteStore.open(str(tmp_path / "claims.db"))
    try:
        opened = utc(2025, 1, 1, 9)
        for post, member, seconds in ((1, 7, 30), (1, 8, 5), (10, 7, 1), (11, 9, 2)):
            assert await store.claim_question_win(1, 2, answered_key(post, member), member, at=opened + timedelta(seconds=seconds))
        assert not await store.claim_question_win(1, 2, answered_key(1, 7), 7), "one answer per member"
        await store.claim_question_win(1, 2, right_key(1, 8), 8, at=opened)
        claims = await store.question_claims(1, 2, answered_prefix(1))
        assert [(member, at) for _, member, at in claims] == [(8, opened + timedelta(seconds=5)), (7, opened + timedelta(seconds=30))]
        assert [m for _, m, _ in await store.question_claims(1, 2, right_prefix(1))] == [8]
        assert await store.question_claims(1, 3, answered_prefix(1)) == []
    finally:
        await store.close()


# -- the rules the daily cog asks for -------------------------------------------------------


def test_a_schedule_takes_the_named_then_kept_then_default_then_first_builtin_deck() -> None:
    assert choose_deck("mine", "kept", "default", builtin=["builtin"]) == "mine"
    assert choose_deck(None, "kept", "default", builtin=["builtin"]) == "kept"
    assert choose_deck(None, None, "default", builtin=["builtin"]) == "default"
    assert choose_deck(None, None, None, builtin=["first", "second"]) == "first"
    assert choose_deck("", None, None, builtin=[]) is None


def test_schedules_using_a_deck_and_paused_ones() -> None:
    on = DailySchedule(1, 10, "09:00", "UTC", "Basics")
    other = DailySchedule(1, 11, "09:00", "UTC", "capitals")
    off = DailySchedule(1, 12, "09:00", "UTC", "basics", enabled=False)
    broken = DailySchedule(1, 13, "09:00", "UTC", "basics", enabled=False, paused_reason="its deck no longer exists")
    assert schedules_using([on, other, off, broken], "BASICS") == [on, off, broken]
    assert paused_schedules([on, other, off, broken]) == [broken]


def test_grade_daily_typed_answers_earn_base_points_only() -> None:
    deck = make_deck(4)
    question = daily_question(deck, deck.cards[0], "7:2025-01-01")
    assert question.choices is None
    right = grade_daily(question, base_points=12, reply=question.answers[0])
    assert (right.correct, right.points, right.kind, right.feedback, right.reply) == (True, 12, "exact", "", question.answers[0])
    wrong = grade_daily(question, base_points=12, reply="the moon landing")
    assert (wrong.correct, wrong.points) == (False, 0) and wrong.feedback
    assert grade_daily(question, base_points=12).reply == "", "an empty modal is graded as an empty reply"


def test_grade_daily_choices_are_exact_or_wrong() -> None:
    deck = long_front_deck()
    question = daily_question(deck, deck.cards[0], "x")
    assert question.choices is not None
    index = question.choices.index(question.answers[0])
    right = grade_daily(question, base_points=5, index=index)
    assert (right.correct, right.kind, right.points, right.reply, right.feedback) == (True, "exact", 5, question.answers[0], "")
    wrong = grade_daily(question, base_points=5, index=(index + 1) % len(question.choices))
    assert (wrong.correct, wrong.kind, wrong.points) == (False, "wrong", 0)
    assert grade_daily(question, base_points=5, index=3 + len(question.choices)).reply == "", "a stale button is wrong"


def test_daily_attempt_is_timed_from_the_post_and_claims_the_right_answer() -> None:
    deck = make_deck(2)
    question = daily_question(deck, deck.cards[0], "s")
    opened = utc(2025, 1, 1, 9)
    post = DailyPost(3, 1, 2, date(2025, 1, 1), "treaties", "treaties:abc", opened)
    attempt = daily_attempt(post, 7, "treaties", question, DailyVerdict("x" * 900, True, "typo", "Watch the spelling.", 10), opened + timedelta(seconds=4.5))
    assert (attempt.guild_id, attempt.channel_id, attempt.member_id, attempt.card_key) == (1, 2, 7, "treaties:abc")
    assert (attempt.source, attempt.question_id, attempt.time_ms, attempt.points) == ("daily", right_key(3, 7), 4500, 10)
    assert attempt.question_kind == (question.basis or question.kind) and len(attempt.reply) == 500
    early = daily_attempt(post, 7, "treaties", question, DailyVerdict("x", False, "wrong", "", 0), opened - timedelta(seconds=1))
    assert early.time_ms == 0


async def test_gather_results_counts_claims_and_solvers_streaks(tmp_path) -> None:
    store = await SqliteStore.open(str(tmp_path / "results.db"))
    try:
        deck = make_deck(2)
        question = daily_question(deck, deck.cards[0], "s")
        day = date(2025, 1, 2)
        opened = utc(2025, 1, 2, 9)
        yesterday = DailyPost(1, 1, 2, day - timedelta(days=1), "treaties", "treaties:a", opened - timedelta(days=1))
        post = DailyPost(2, 1, 2, day, "treaties", "treaties:b", opened)
        right = DailyVerdict("x", True, "exact", "", 10)
        wrong = DailyVerdict("y", False, "wrong", "", 0)
        # Member 7 was right yesterday too: a two-day daily streak.
        await store.record_attempt(daily_attempt(yesterday, 7, "treaties", question, right, yesterday.opened_at))
        for member, seconds, verdict in ((8, 5, right), (7, 30, right), (9, 60, wrong)):
            at = opened + timedelta(seconds=seconds)
            assert await store.claim_question_win(1, 2, answered_key(post.id, member), member, at=at)
            await store.record_attempt(daily_attempt(post, member, "treaties", question, verdict, at))
        results = await gather_results(store, post, question, opened + timedelta(hours=1))
        assert (results.answered, results.correct) == (3, 2)
        assert results.fastest == ((8, 5.0), (7, 30.0))
        assert results.streaks == ((7, 2),)
        assert results.answer == question.answers[0]
        nobody = await gather_results(store, DailyPost(9, 1, 2, day, "treaties", "treaties:c", opened), None, opened)
        assert (nobody.answered, nobody.correct, nobody.answer) == (0, 0, "")
    finally:
        await store.close()
