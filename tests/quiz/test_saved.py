"""A running round kept in a real SQLite file, and what a restart does with it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from bot.decks import DeckLibrary
from bot.questions import pick_questions
from bot.quiz import QuizConfig, QuizSession
from bot.quiz.saved import Interrupted, Resume, RoundKeeper, RoundPlan, restore
from bot.storage import open_store
from tests.helpers import ROOT, Clock

GUILD, CHANNEL = 10, 20
START = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
LEADERS = b"""\
title: Leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
  - front: Who led China in 1950?
    answers: [Mao Zedong, Mao]
"""


@pytest.fixture
async def kept(tmp_path):
    clock = Clock(START)
    store = await open_store(f"sqlite:///{tmp_path / 'kept.db'}", now=clock)
    await store.add_deck(GUILD, "leaders", "deck-yaml", "leaders.yaml", LEADERS, imported_by=1, card_count=2)
    library = DeckLibrary(ROOT / "data", store)
    library.load_builtins()
    yield store, library, clock
    await store.close()


async def a_round_half_played(store, library, deck: str = "sino-soviet-relations"):
    loaded = await library.get(GUILD, deck)
    mode = "typed" if deck == "leaders" else "choice"
    config = QuizConfig(questions=3, seconds=20, mode=mode, tries=2)
    questions = pick_questions(loaded.deck, random.Random(5), 2 if deck == "leaders" else 3, mode=mode)
    session = QuizSession(loaded.deck, questions, config=config, starter=42, context=loaded.context)
    plan = RoundPlan(GUILD, CHANNEL, "r-1", loaded.name, 42, config, answer_button=True)
    keeper = RoundKeeper(store, plan)
    await keeper.started(session, questions)
    session.start_next(0.0)
    winner = session.reply(7, questions[0].answers[0], 1.0) if questions[0].choices is None else None
    session.close(2.0, "timeout")
    session._award(8, 9)  # a point total to carry over, whatever the first question was
    session.start_next(3.0)
    await keeper.advanced(session, message_id=555)
    return session, questions, winner


async def test_a_kept_round_resumes_at_the_open_question_with_its_scores(kept):
    store, library, clock = kept
    session, questions, _ = await a_round_half_played(store, library)
    clock.now += timedelta(minutes=14)
    [saved] = await store.saved_rounds()
    outcome = await restore(saved, library, clock.now)
    assert isinstance(outcome, Resume)
    assert outcome.message_id == 555
    assert outcome.plan.starter == 42 and outcome.plan.answer_button and outcome.plan.config == session.config
    again = outcome.session
    assert [q.prompt for q in again.questions] == [q.prompt for q in questions]
    assert [q.choices for q in again.questions] == [q.choices for q in questions]
    assert again.questions[1].card == questions[1].card
    assert again.standings() == [s for s in session.standings()]
    assert again.asked == 1
    assert again.start_next(0.0).number == 2, "the question that was open is asked again"


@pytest.mark.parametrize(
    "change, reason",
    [
        ("late", "away for more than 15 minutes"),
        ("removed", "was removed"),
        ("replaced", "has changed"),
        ("no_resume", "--no-resume"),
        ("garbled", "could not be read"),
    ],
)
async def test_a_kept_round_that_cannot_go_on_says_why_with_its_standings(kept, change, reason):
    store, library, clock = kept
    session, _, _ = await a_round_half_played(store, library, deck="leaders")
    if change == "late":
        clock.now += timedelta(minutes=16)
    elif change == "removed":
        await store.remove_deck(GUILD, "leaders")
        library.forget(GUILD, "leaders")
    elif change == "replaced":
        other = LEADERS.replace(b"Who led China in 1950?", b"Who led China in 1960?")
        await store.add_deck(GUILD, "leaders", "deck-yaml", "l.yaml", other, imported_by=1, card_count=2, replace=True)
        library.forget(GUILD, "leaders")
    elif change == "garbled":
        await store.save_round_progress(CHANNEL, "r-1", "{not json")
    [saved] = await store.saved_rounds()
    outcome = await restore(saved, library, clock.now, resume=change != "no_resume")
    assert isinstance(outcome, Interrupted) and reason in outcome.reason
    if change != "garbled":
        assert outcome.standings == session.standings() and outcome.asked == 1


async def test_a_round_that_ends_is_forgotten_and_another_round_is_not_touched(kept):
    store, library, _ = kept
    await a_round_half_played(store, library)
    stale = RoundKeeper(store, RoundPlan(GUILD, CHANNEL, "r-0", "x", 1, QuizConfig()))
    await stale.ended()
    assert len(await store.saved_rounds()) == 1, "an older round's end does not forget the newer one"
    assert not await store.save_round_progress(CHANNEL, "r-0", "{}")
    assert await store.end_round(CHANNEL, "r-1")
    assert await store.saved_rounds() == []
