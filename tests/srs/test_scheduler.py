"""A member's memory of a card: how an answer rates, and when the card comes back."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.srs import AGAIN, EASY, GOOD, HARD, Scheduler, card_number, rating_for, stage

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("correct", "verdict", "hints", "time_ms", "usual", "rating"), [
    (False, "wrong", 0, 2000, None, AGAIN),
    (False, "close", 0, 2000, 4000, AGAIN),
    (True, "exact", 0, 2000, None, GOOD),
    (True, "exact", 0, 8000, 4000, GOOD),   # exactly twice the usual time is not slower than it
    (True, "exact", 0, 8001, 4000, HARD),
    (True, "exact", 1, 1000, 4000, HARD),   # after a hint
    (True, "typo", 0, 1000, 4000, HARD),    # through the typo path
])
def test_how_an_answer_rates(correct: bool, verdict: str, hints: int, time_ms: int, usual: int | None, rating: int) -> None:
    assert rating_for(correct=correct, verdict=verdict, hints=hints, time_ms=time_ms, usual_ms=usual) == rating


def test_a_card_number_is_stable_and_fits_fsrs() -> None:
    numbers = {card_number(f"deck:{i}") for i in range(2000)}
    assert len(numbers) == 2000 and all(0 < n < 2**63 for n in numbers)
    assert card_number("deck:abc") == card_number("deck:abc")


def test_wrong_then_right_then_back_days_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Again brings the card back within minutes; after two Goods it waits days; each step is FSRS's own."""
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a Card() without an id sleeps"))
    scheduler = Scheduler()
    missed = scheduler.review(None, "deck:1", AGAIN, NOW)
    assert stage(missed.state) == "learning" and missed.due - NOW <= timedelta(minutes=10)
    assert missed.state["card_id"] == card_number("deck:1")
    at = missed.due
    right = scheduler.review(missed.state, "deck:1", GOOD, at)
    assert right.due - at <= timedelta(hours=1), "still learning: back the same day"
    at = right.due
    learnt = scheduler.review(right.state, "deck:1", GOOD, at)
    assert stage(learnt.state) == "review" and learnt.due - at >= timedelta(days=1)
    # The same answers give the same schedule: intervals are not fuzzed.
    again = scheduler.review(scheduler.review(scheduler.review(None, "deck:1", AGAIN, NOW).state, "deck:1", GOOD, missed.due).state,
                             "deck:1", GOOD, right.due)
    assert again.due == learnt.due


def test_easy_waits_longer_than_good_and_recall_fades() -> None:
    scheduler = Scheduler()
    good, easy = (scheduler.review(None, "deck:2", rating, NOW) for rating in (GOOD, EASY))
    assert easy.due > good.due
    assert scheduler.recall(easy.state, NOW + timedelta(days=1)) > scheduler.recall(easy.state, NOW + timedelta(days=60))
    assert 0 < scheduler.recall(easy.state, NOW + timedelta(days=60)) < 1


def test_stages() -> None:
    scheduler = Scheduler()
    assert stage(None) == "new"
    state = scheduler.review(None, "deck:3", EASY, NOW).state
    assert stage(state) == "review"
    at = NOW
    for _ in range(6):  # keep getting it right: the interval grows past three weeks
        scheduled = scheduler.review(state, "deck:3", GOOD, at)
        state, at = scheduled.state, scheduled.due
    assert stage(state) == "mature"


def test_a_members_memory_in_numbers() -> None:
    from bot.boards.texts import memory_field
    from bot.srs import memory_summary
    from bot.storage import SrsState

    scheduler = Scheduler()
    learning = scheduler.review(None, "d:1", AGAIN, NOW)
    review = scheduler.review(None, "d:2", EASY, NOW - timedelta(days=2))
    mature = None
    at = NOW - timedelta(days=400)
    for _ in range(6):
        mature = scheduler.review(mature.state if mature else None, "d:3", GOOD, at)
        at = mature.due
    states = [SrsState(1, 7, f"d:{i}", "d", s.state, s.due) for i, s in enumerate((learning, review, mature), start=1)]
    summary = memory_summary(states, NOW, "Europe/Paris")
    assert (summary.learning, summary.review, summary.mature, summary.cards) == (1, 1, 1, 3)
    assert summary.due_today >= 1, "the card missed a moment ago is due again today"
    assert summary.retention is not None and 0 < summary.retention < 1
    field = memory_field(summary)
    assert field.name == "Memory" and field.value.startswith("**3** cards: 1 learning, 1 review, 1 mature\n")
    assert "predicted retention " in field.value and memory_summary([], NOW).retention is None


async def test_the_database_sums_the_groups_recall_as_the_scheduler_would(database_url: str) -> None:
    """The SQL forgetting curve agrees with FSRS's own, card by card, for every member's memory."""
    import random

    from bot.srs import DEFAULT, group_memory, read_group_memory
    from bot.storage import open_store

    store = await open_store(database_url)
    try:
        rng = random.Random(5)
        for member in range(1, 13):
            for card in range(8):
                if rng.random() < 0.3:
                    continue
                key = f"deck:{card}"
                state, at = None, NOW - timedelta(days=rng.randrange(5, 60))
                for _ in range(rng.randrange(1, 5)):
                    rating = rng.choice((AGAIN, GOOD, EASY))
                    await store.record_review(1, member, key, "deck", "recall",
                                              lambda s, u, w, key=key, rating=rating: DEFAULT.review(s, key, rating, w), at=at)
                    at += timedelta(days=rng.randrange(1, 9))
        later = NOW + timedelta(days=3)
        summed = await read_group_memory(store, 1, "deck", later)
        walked = group_memory(await store.deck_memories(1, "deck"), later)
        assert summed.group == walked.group == 12 and summed.cards.keys() == walked.cards.keys()
        for key, recall in walked.cards.items():
            assert summed.cards[key].members == recall.members
            assert abs(summed.cards[key].recall - recall.recall) < 1e-9, key
        states = await store.member_cards(1, 1)
        for state in states:
            assert abs(DEFAULT.recall(state.state, later) - DEFAULT.retrievability(
                state.state["stability"], datetime.fromisoformat(state.state["last_review"]), later)) < 1e-12
    finally:
        await store.close()


async def test_the_groups_recall_stays_current_without_summing_the_deck_again(database_url: str) -> None:
    """After one sum, every review updates the deck's snapshot; it is summed afresh only when an hour old, when the
    curve changes or when a card leaves the deck."""
    import random

    from bot.srs import DEFAULT, group_memory, read_group_memory
    from bot.storage import open_store

    store = await open_store(database_url)
    rng = random.Random(11)

    async def review(member: int, card: int, at: datetime, deck: str = "deck") -> None:
        key = f"deck:{card}"
        rating = rng.choice((AGAIN, HARD, GOOD, EASY))
        await store.record_review(1, member, key, deck, "recall",
                                  lambda s, u, w: DEFAULT.review(s, key, rating, w), at=at)

    def same(kept, walked) -> None:
        assert kept.group == walked.group and kept.cards.keys() == walked.cards.keys()
        for key, recall in walked.cards.items():
            assert kept.cards[key].members == recall.members, key
            assert abs(kept.cards[key].recall - recall.recall) < 1e-9, key

    try:
        for member in range(1, 6):
            for card in range(5):
                await review(member, card, NOW - timedelta(days=rng.randrange(2, 30)))
        taken = NOW
        first = await read_group_memory(store, 1, "deck", taken)
        same(first, group_memory(await store.deck_memories(1, "deck"), taken))
        # Reviews after the snapshot: old cards again, a new member, a member's first of a new card.
        for step in range(40):
            await review(rng.randrange(1, 9), rng.randrange(7), taken + timedelta(minutes=step))
        # Half an hour on, the snapshot is kept; it equals a fresh sum at its own time (a review since counts 1).
        kept = await read_group_memory(store, 1, "deck", taken + timedelta(minutes=30))
        walked = group_memory(await store.deck_memories(1, "deck"), taken)
        assert walked.group == 8 and len(walked.cards) == 7
        same(kept, walked)
        # Two hours on, it is summed afresh: the forgetting since shows.
        later = taken + timedelta(hours=2)
        fresh = await read_group_memory(store, 1, "deck", later)
        same(fresh, group_memory(await store.deck_memories(1, "deck"), later))
        assert any(fresh.cards[k].recall < kept.cards[k].recall for k in fresh.cards)
        # Another curve (a server's fitted parameters) is summed afresh too.
        other = Scheduler(tuple(DEFAULT.parameters[:20]) + (0.5,))
        refit = await read_group_memory(store, 1, "deck", later, other)
        same(refit, group_memory(await store.deck_memories(1, "deck"), later, other))
        # A card's memory moving to another deck leaves both decks' snapshots to be summed again.
        await review(1, 0, later + timedelta(minutes=1), deck="other")
        moved = await read_group_memory(store, 1, "deck", later + timedelta(minutes=2))
        same(moved, group_memory(await store.deck_memories(1, "deck"), later + timedelta(minutes=2)))
    finally:
        await store.close()
