"""A member's study session on a real SQLite file with a driven clock: nothing sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.srs import AGAIN, EASY, GOOD
from bot.study import StudySession, comes_back
from tests.helpers import CAPITALS_YAML as CAPITALS
from tests.helpers import Clock, server_library

GUILD, ALICE, BOB = 1, 11, 12
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


async def session(store, library, clock: Clock, member: int = ALICE, new: int = 2) -> StudySession:
    loaded = await library.get(GUILD, "capitals")
    opened = StudySession(store, loaded, GUILD, member, clock, seed=1)
    await opened.open(new)
    return opened


def answer_of(card) -> str:
    return card.question.answers[0]


async def test_wrong_comes_back_in_the_session_then_days_later(tmp_path: Path) -> None:
    clock = Clock(NOW)
    async with server_library(tmp_path, GUILD, {"capitals": CAPITALS}) as (store, library):
        study = await session(store, library, clock)
        assert study.left == 2, "two new cards a day"
        first = study.next()
        assert first is not None and first.new
        missed = await study.answer("no idea at all")
        assert missed.rating == AGAIN and not missed.correct
        assert comes_back(missed.due, clock.now) in ("again in 1 min", "again in a moment")
        second = study.next()
        assert second is not None and second.key != first.key, "the other new card before the missed one is due"
        assert (await study.answer(answer_of(second))).rating == GOOD

        seen = [first.key]
        while (card := study.next()) is not None:
            clock.advance(seconds=30)
            result = await study.answer(answer_of(card))
            assert result.correct
            seen.append(card.key)
        assert seen.count(first.key) >= 2, "the missed card came back in the same session"
        memory = await store.get_srs(GUILD, ALICE, first.key)
        assert memory is not None and memory.due - clock.now >= timedelta(days=1), "learnt: back days later"
        assert study.summary.reviewed == len(seen) + 1 and study.summary.correct == len(seen)
        next_due = await study.next_due()
        assert next_due is not None and next_due - clock.now >= timedelta(days=1)
        reviews = await store.reviews(GUILD, ALICE, first.key)
        assert [r.rating for r in reviews][:2] == [AGAIN, GOOD] and {r.source for r in reviews} == {"study"}
        assert await store.reviews(GUILD, BOB) == [], "another member's memory is untouched"
        assert (await store.leaderboard(GUILD, "all")).total == 0, "study is practice: no points"


async def test_new_cards_a_day_and_due_cards_first(tmp_path: Path) -> None:
    clock = Clock(NOW)
    async with server_library(tmp_path, GUILD, {"capitals": CAPITALS}) as (store, library):
        study = await session(store, library, clock, new=2)
        while (card := study.next()) is not None:
            await study.answer(answer_of(card))
        again = await session(store, library, clock, new=2)
        assert again.left == 0, "the day's two new cards are used up, and nothing is due yet"
        more = await session(store, library, clock, new=3)
        assert more.left == 1, "a bigger number today shows one more"
        clock.advance(days=30)
        later = await session(store, library, clock, new=0)
        assert later.left == 2 and all(not c.new for c in later.queue), "a month on, both learnt cards are due"
        assert [c.due for c in later.queue] == sorted(c.due for c in later.queue), "most overdue first"


async def test_a_flip_card_takes_the_members_own_rating(tmp_path: Path) -> None:
    """An answer too long to type (a sentence) is flipped: the member sees it and says how well they knew it."""
    long = b"""\
title: Biology
cards:
  - front: What does the mitochondrion do?
    answers: [It makes most of the cell's energy as ATP from glucose and oxygen]
"""
    clock = Clock(NOW)
    async with server_library(tmp_path, GUILD, {"biology": long}) as (store, library):
        loaded = await library.get(GUILD, "biology")
        study = StudySession(store, loaded, GUILD, ALICE, clock, seed=1)
        await study.open(5)
        card = study.next()
        assert card is not None and card.question.kind == "flip"
        result = await study.rate(EASY)
        assert result.rating == EASY and result.correct and result.due - clock.now >= timedelta(days=1)
        assert [r.rating for r in await store.reviews(GUILD, ALICE)] == [EASY]
        assert study.next() is None, "an easy card does not come back today"


def test_when_a_card_comes_back_reads_as_a_person_says_it() -> None:
    said = [comes_back(NOW + delta, NOW) for delta in (
        timedelta(seconds=10), timedelta(seconds=59.99), timedelta(minutes=10), timedelta(minutes=59, seconds=50),
        timedelta(hours=5), timedelta(days=1), timedelta(days=4, hours=2))]
    assert said == ["again in a moment", "again in 1 min", "again in 10 min", "in 1 hour", "in 5 hours", "in 1 day", "in 4 days"]
    assert comes_back(NOW + timedelta(minutes=10), NOW, again=False) == "in 10 min"
