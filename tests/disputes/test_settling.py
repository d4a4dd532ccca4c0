"""Disputes settled on a real SQLite file: re-grading, credit, boards, streaks, memory and aliases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.decks import card_key
from bot.disputes import Asked, DisputeRefused, accept, add_alias, dispute_attempt, list_aliases, reject, remove_alias
from bot.grading import grade
from bot.srs import AGAIN, DEFAULT, GOOD
from bot.storage import Attempt
from tests.helpers import server_library

GUILD, CHANNEL, MOD = 1, 50, 99
ALICE, BOB, CAROL = 11, 12, 13
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)

LEADERS = b"""\
title: Leaders
cards:
  - front: Who founded the People's Republic of China?
    answers: [Mao Zedong]
  - front: Who wrote the novel Midnight (1933)?
    answers: [Mao Dun]
  - front: Capital of Peru?
    answers: [Lima]
"""


async def answer(store, loaded, member: int, reply: str, at: datetime, *, question_id: str = "round1:1", source="quiz"):
    card = loaded.deck.cards[0]
    verdict = grade(reply, card.answers, context=loaded.context)
    attempt = Attempt(GUILD, CHANNEL, member, loaded.name, card_key(loaded.name, card), "explicit", reply, verdict.kind,
                      verdict.correct, 15 if verdict.correct else 0, 4000, source, at, question_id)
    result = await store.record_attempt(attempt, review=DEFAULT.reviewer(attempt))
    return await store.stored_attempt(GUILD, result.id)


def asked(loaded) -> Asked:
    card = loaded.deck.cards[0]
    return Asked(card.front, card.answers)


async def test_two_members_dispute_the_same_reply_and_one_accept_settles_both(tmp_path: Path, database_url: str) -> None:
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}, database_url) as (store, library):
        loaded = await library.get(GUILD, "leaders")
        key = card_key(loaded.name, loaded.deck.cards[0])
        alice = await answer(store, loaded, ALICE, "Chairman Mao", NOW)
        carol = await answer(store, loaded, CAROL, "Mao Zedong", NOW + timedelta(seconds=2))
        bob = await answer(store, loaded, BOB, "chairman  MAO!", NOW + timedelta(seconds=4))
        assert not alice.attempt.correct and not bob.attempt.correct and carol.attempt.correct
        assert await store.question_winner(GUILD, CHANNEL, "round1:1") == CAROL

        first = await dispute_attempt(store, alice, ALICE, asked(loaded), NOW + timedelta(minutes=1))
        second = await dispute_attempt(store, bob, BOB, asked(loaded), NOW + timedelta(minutes=2))
        assert first.reply_key == second.reply_key
        with pytest.raises(DisputeRefused, match="already disputed"):
            await dispute_attempt(store, alice, ALICE, asked(loaded), NOW + timedelta(minutes=3))
        with pytest.raises(DisputeRefused, match="Only the member"):
            await dispute_attempt(store, alice, BOB, asked(loaded), NOW + timedelta(minutes=3))
        with pytest.raises(DisputeRefused, match="already marked right"):
            await dispute_attempt(store, carol, CAROL, asked(loaded), NOW + timedelta(minutes=3))
        before = {r.member_id: r.points for r in (await store.leaderboard(GUILD, "all")).rows}
        assert before == {CAROL: 15, ALICE: 0, BOB: 0}

        settled = await accept(store, library, GUILD, first.id, MOD, NOW + timedelta(hours=1))
        assert sorted(d.member_id for d in settled.disputes) == [ALICE, BOB], "identical disputes settle together"
        assert {d.status for d in settled.disputes} == {"accepted"} and settled.alias_added
        assert sorted(r.member_id for r in settled.regraded) == [ALICE, BOB]
        assert {r.points for r in settled.regraded} == {10}, "base points, no speed bonus"
        after = {r.member_id: r.points for r in (await store.leaderboard(GUILD, "all")).rows}
        assert after == {CAROL: 15, ALICE: 10, BOB: 10}
        rows = {r.member_id: (r.correct, r.attempts) for r in (await store.leaderboard(GUILD, "all")).rows}
        assert rows[ALICE] == rows[BOB] == (1, 1), "one more correct answer, no more answers"
        assert await store.question_winner(GUILD, CHANNEL, "round1:1") == CAROL, "the win stays"
        regraded = await store.stored_attempt(GUILD, alice.id)
        assert regraded.attempt.correct and regraded.attempt.verdict == "accepted"
        assert (await store.streaks(GUILD, ALICE, at=NOW + timedelta(hours=1))).any.current == 1
        # Their memory of the card was worked out again from the corrected review.
        reviews = await store.reviews(GUILD, ALICE, key)
        assert [r.rating for r in reviews] == [GOOD]
        memory = await store.get_srs(GUILD, ALICE, key)
        expected = DEFAULT.review(None, key, GOOD, NOW, 4000)
        assert memory.due == expected.due
        # Settled once: a second accept or a reject is refused; the history keeps both.
        with pytest.raises(DisputeRefused, match="accepted already"):
            await accept(store, library, GUILD, second.id, MOD, NOW + timedelta(hours=2))
        history = await store.dispute_history(GUILD)
        assert {d.member_id for d in history} == {ALICE, BOB} and all(d.decided_by == MOD for d in history)

        # The alias counts for the next member's identical reply at once, and only for this card.
        fresh = await library.get(GUILD, "leaders")
        question = fresh.accepting(_typed(fresh, 0))
        assert grade("chairman mao", question.answers, context=fresh.context).correct
        other = fresh.accepting(_typed(fresh, 1))
        assert not grade("chairman mao", other.answers, context=fresh.context).correct
        _, aliases = await list_aliases(store, library, GUILD, "leaders")
        assert [(a.alias.answer, a.alias.alias_of) for a in aliases] == [("Chairman Mao", "Mao Zedong")]


def _typed(loaded, index: int):
    from bot.questions import questions_for_card
    import random

    questions = questions_for_card(loaded.deck.cards[index], loaded.deck, random.Random(0))
    return next(q for q in questions if q.choices is None)


async def test_a_rejected_dispute_changes_nothing_and_says_why(tmp_path: Path, database_url: str) -> None:
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}, database_url) as (store, library):
        loaded = await library.get(GUILD, "leaders")
        alice = await answer(store, loaded, ALICE, "Deng Xiaoping", NOW)
        dispute = await dispute_attempt(store, alice, ALICE, asked(loaded), NOW)
        settled = await reject(store, GUILD, dispute.id, MOD, "  Deng came later.  ", NOW + timedelta(hours=1))
        assert settled.disputes[0].status == "rejected" and settled.disputes[0].reason == "Deng came later."
        assert not (await store.stored_attempt(GUILD, alice.id)).attempt.correct
        assert [(r.points, r.correct) for r in (await store.leaderboard(GUILD, "all")).rows] == [(0, 0)]
        assert await store.card_aliases(GUILD, "leaders") == []
        assert [r.rating for r in await store.reviews(GUILD, ALICE)] == [AGAIN]


async def test_disputes_close_a_day_after_the_answer(tmp_path: Path, database_url: str) -> None:
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}, database_url) as (store, library):
        loaded = await library.get(GUILD, "leaders")
        alice = await answer(store, loaded, ALICE, "Chairman Mao", NOW)
        with pytest.raises(DisputeRefused, match="24 hours"):
            await dispute_attempt(store, alice, ALICE, asked(loaded), NOW + timedelta(hours=25))


async def test_a_daily_answer_accepted_counts_as_right_once_per_member(tmp_path: Path, database_url: str) -> None:
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}, database_url) as (store, library):
        loaded = await library.get(GUILD, "leaders")
        alice = await answer(store, loaded, ALICE, "Chairman Mao", NOW, question_id="daily:7:right:11", source="daily")
        dispute = await dispute_attempt(store, alice, ALICE, asked(loaded), NOW)
        await accept(store, library, GUILD, dispute.id, MOD, NOW + timedelta(hours=1))
        assert await store.question_winner(GUILD, CHANNEL, "daily:7:right:11") == ALICE, "the day's results count it"
        streaks = await store.streaks(GUILD, ALICE, at=NOW + timedelta(hours=1))
        assert streaks.daily.current == 1


async def test_aliases_refuse_what_would_blur_two_cards(tmp_path: Path, database_url: str) -> None:
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}, database_url) as (store, library):
        with pytest.raises(DisputeRefused, match="another card"):
            await add_alias(store, library, GUILD, "leaders", "People's Republic", "Lima", MOD, NOW)
        with pytest.raises(DisputeRefused, match="another card"):
            await add_alias(store, library, GUILD, "leaders", "People's Republic", "Mao Dun", MOD, NOW)
        with pytest.raises(DisputeRefused, match="too short"):
            await add_alias(store, library, GUILD, "leaders", "People's Republic", "M", MOD, NOW)
        with pytest.raises(DisputeRefused, match="already counts"):
            await add_alias(store, library, GUILD, "leaders", "People's Republic", "mao zedong", MOD, NOW)
        with pytest.raises(DisputeRefused, match="No card"):
            await add_alias(store, library, GUILD, "leaders", "Stalin", "Uncle Joe", MOD, NOW)
        with pytest.raises(DisputeRefused, match="2 cards match"):
            await add_alias(store, library, GUILD, "leaders", "Who", "Mao", MOD, NOW)
        added = await add_alias(store, library, GUILD, "leaders", "People's Republic", "Chairman Mao", MOD, NOW)
        assert added.alias.alias_of == "Mao Zedong"
        with pytest.raises(DisputeRefused, match="already an alias"):
            await add_alias(store, library, GUILD, "leaders", "People's Republic", "Chairman Mao", MOD, NOW)
        loaded = await library.get(GUILD, "leaders")
        assert grade("Chairman Mao", loaded.accepting(_typed(loaded, 0)).answers, context=loaded.context).correct
        # On another card, the alias is that card's other answer: never a slip on Mao Dun.
        dun = loaded.accepting(_typed(loaded, 1))
        assert grade("chairman mao", dun.answers, context=loaded.context).kind != "typo"
        await remove_alias(store, library, GUILD, "leaders", "People's Republic", "chairman mao")
        loaded = await library.get(GUILD, "leaders")
        assert not grade("Chairman Mao", loaded.accepting(_typed(loaded, 0)).answers, context=loaded.context).correct
