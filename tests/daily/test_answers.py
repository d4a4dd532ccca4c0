"""A member's one answer to a question of the day: the grade, the stored attempt, and DailyAnswers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

from bot.daily import (
    Answered,
    DailyAnswers,
    DailyVerdict,
    OpenQuestion,
    Refused,
    daily_attempt,
    daily_question,
    grade_daily,
    right_key,
    seed_for,
)
from bot.decks import LoadedDeck, card_key
from bot.questions import Question
from bot.storage import DailyPost, Store
from tests.daily.helpers import long_front_deck, make_deck, utc
from tests.helpers import Clock, server_library


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


# -- DailyAnswers: the rule the daily buttons call, on a real SQLite file ----------------------

GUILD, CHANNEL = 10, 20
DAY = date(2025, 6, 2)
POSTED = utc(2025, 6, 2, 9)
LEADERS = b"""\
title: Leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
"""


@asynccontextmanager
async def posted(tmp_path: Path, *, deck_removed: bool = False) -> AsyncIterator[tuple[DailyAnswers, Store, Question]]:
    """One open question of the day in CHANNEL on DAY, and the answers object over it."""
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}) as (store, library):
        loaded = await library.get(GUILD, "leaders")
        card = loaded.deck.cards[0]
        question = daily_question(loaded.deck, card, seed_for(CHANNEL, DAY))
        assert await store.claim_daily_post(GUILD, CHANNEL, DAY, loaded.name, card_key(loaded.name, card), at=POSTED)

        async def questions(post: DailyPost) -> tuple[LoadedDeck, Question] | None:
            return None if deck_removed else (loaded, question)

        clock = Clock(POSTED + timedelta(seconds=42))
        yield DailyAnswers(store, questions, clock=clock), store, question


async def test_a_right_answer_is_graded_claimed_and_stored(tmp_path: Path) -> None:
    async with posted(tmp_path) as (answers, store, question):
        await store.update_settings(GUILD, base_points=7)
        assert isinstance(await answers.start(CHANNEL, DAY, 1), OpenQuestion)
        outcome = await answers.answer(CHANNEL, DAY, 1, reply="khruschev")
        assert isinstance(outcome, Answered)
        assert (outcome.verdict.correct, outcome.verdict.kind, outcome.verdict.points) == (True, "typo", 7)
        assert outcome.answer == question.answers[0]
        # Stored before anyone is told: the board already has the points, timed from the post.
        board = await store.leaderboard(GUILD, "all", at=POSTED + timedelta(minutes=1))
        assert [(row.member_id, row.points) for row in board.rows] == [(1, 7)]
        post = await store.get_daily_post(CHANNEL, DAY)
        right = await store.question_claims(GUILD, CHANNEL, right_key(post.id, 1))
        assert [(member, at) for _, member, at in right] == [(1, POSTED + timedelta(seconds=42))]


async def test_one_answer_each_and_a_shrug_costs_no_try(tmp_path: Path) -> None:
    async with posted(tmp_path) as (answers, store, _):
        assert await answers.answer(CHANNEL, DAY, 2, reply="  ") == Refused("not_an_answer")
        assert await answers.answer(CHANNEL, DAY, 2, reply="idk") == Refused("not_an_answer")
        assert isinstance(await answers.start(CHANNEL, DAY, 2), OpenQuestion)
        wrong = await answers.answer(CHANNEL, DAY, 2, reply="Brezhnev")
        assert isinstance(wrong, Answered) and not wrong.verdict.correct and wrong.verdict.points == 0
        assert await answers.start(CHANNEL, DAY, 2) == Refused("already_answered")
        assert await answers.answer(CHANNEL, DAY, 2, reply="Khrushchev") == Refused("already_answered")
        stats = await store.member_stats(GUILD, 2, at=POSTED + timedelta(minutes=1))
        assert (stats.attempts, stats.correct, stats.points) == (1, 0, 0)


async def test_missing_closed_and_orphaned_posts_are_refused(tmp_path: Path) -> None:
    async with posted(tmp_path) as (answers, store, question):
        assert await answers.answer(CHANNEL, DAY + timedelta(days=1), 1, reply="Khrushchev") == Refused("gone")
        assert await store.close_daily_post(CHANNEL, DAY, {"answer": question.answers[0]}, at=POSTED + timedelta(days=1))
        assert await answers.start(CHANNEL, DAY, 1) == Refused("closed", question.answers[0])
        assert await answers.answer(CHANNEL, DAY, 1, reply="Khrushchev") == Refused("closed", question.answers[0])
    (tmp_path / "orphan").mkdir()
    async with posted(tmp_path / "orphan", deck_removed=True) as (answers, store, _):
        assert await answers.answer(CHANNEL, DAY, 1, reply="Khrushchev") == Refused("deck_removed")
        assert (await store.member_stats(GUILD, 1)).attempts == 0


async def test_an_answer_that_cannot_be_saved_shows_no_verdict_and_costs_no_try(tmp_path: Path) -> None:
    from tests.helpers import make_read_only

    async with posted(tmp_path) as (answers, store, _):
        await make_read_only(store)
        assert await answers.answer(CHANNEL, DAY, 3, reply="Khrushchev") == Refused("unsaved")
        await make_read_only(store, False)
        # Neither the claim nor the answer was kept, so the member answers again once storage works.
        assert isinstance(await answers.start(CHANNEL, DAY, 3), OpenQuestion)
        outcome = await answers.answer(CHANNEL, DAY, 3, reply="Khrushchev")
        assert isinstance(outcome, Answered) and outcome.verdict.correct
        stats = await store.member_stats(GUILD, 3, at=POSTED + timedelta(minutes=1))
        assert (stats.attempts, stats.correct) == (1, 1)


async def test_the_one_answer_claim_and_the_answer_are_one_write(tmp_path: Path) -> None:
    async with posted(tmp_path) as (answers, store, question):
        post = await store.get_daily_post(CHANNEL, DAY)
        from bot.daily import answered_key

        attempt = daily_attempt(post, 4, "leaders", question, DailyVerdict("x", False, "wrong", "", 0), POSTED)
        assert await store.record_attempt(attempt, once=answered_key(post.id, 4)) is not None
        assert await store.record_attempt(attempt, once=answered_key(post.id, 4)) is None
        stats = await store.member_stats(GUILD, 4, at=POSTED + timedelta(minutes=1))
        assert stats.attempts == 1
