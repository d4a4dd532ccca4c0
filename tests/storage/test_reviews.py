"""Reviews are stored with the answer they come from, in one transaction, or not at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.storage import ScheduledReview, SqliteStore, StorageError
from tests.helpers import Clock, make_read_only

from .conftest import attempt


class Recorder:
    """A reschedule callback that keeps what it was given, and counts the reviews of a card."""

    def __init__(self, time_ms: int | None = 1500, fail: bool = False) -> None:
        self.calls: list[tuple[dict[str, Any] | None, int | None, datetime]] = []
        self.time_ms, self.fail = time_ms, fail

    def __call__(self, state: dict[str, Any] | None, usual: int | None, at: datetime) -> ScheduledReview:
        self.calls.append((state, usual, at))
        if self.fail:
            raise RuntimeError("the scheduler failed")
        seen = (state or {}).get("seen", 0) + 1
        return ScheduledReview(3, {"seen": seen}, at + timedelta(days=seen), self.time_ms)


async def test_an_answer_and_its_review_are_stored_together(store: SqliteStore, clock: Clock) -> None:
    review = Recorder()
    result = await store.record_attempt(attempt(7, card="deck:1"), review=review)
    assert result is not None
    assert review.calls == [(None, None, clock.now)], "a card the member never met, no usual time yet"
    [logged] = await store.reviews(1, 7)
    assert (logged.attempt_id, logged.card_key, logged.deck, logged.kind, logged.rating, logged.time_ms, logged.source) == (
        result.id, "deck:1", "cold-war", "recall", 3, 1500, "quiz")
    state = await store.get_srs(1, 7, "deck:1")
    assert state is not None and state.state == {"seen": 1} and state.due == clock.now + timedelta(days=1)

    clock.now += timedelta(days=1)
    await store.record_attempt(attempt(7, card="deck:1", correct=False), review=review)
    assert review.calls[-1][0] == {"seen": 1}, "the next review starts from the stored memory"
    assert (await store.get_srs(1, 7, "deck:1")).state == {"seen": 2}  # type: ignore[union-attr]
    assert [r.card_key for r in await store.reviews(1, 7, "deck:1")] == ["deck:1", "deck:1"]
    assert await store.reviews(1, 8) == [] and await store.get_srs(1, 8, "deck:1") is None, "another member's memory"
    await store.record_attempt(attempt(9, card="deck:1"))
    assert await store.reviews(1, 9) == [], "an answer stored without a review is not one"


async def test_the_usual_time_is_the_median_of_timed_reviews_of_that_kind(store: SqliteStore) -> None:
    for i, ms in enumerate([1000, 5000, 2000, 4000]):
        await store.record_attempt(replace(attempt(7, card=f"deck:{i}"), time_ms=ms), review=Recorder(time_ms=ms))
    await store.record_attempt(attempt(7, card="deck:d"), review=Recorder(time_ms=None))  # a question of the day
    probe = Recorder()
    await store.record_attempt(attempt(7, card="deck:x"), review=probe)
    assert probe.calls[-1][1] is None, "four timed reviews are too few to know a member's pace"
    await store.record_attempt(replace(attempt(7, card="deck:y"), time_ms=3000), review=Recorder(time_ms=3000))
    await store.record_attempt(replace(attempt(7, card="deck:z"), question_kind="date"), review=probe)
    assert probe.calls[-1][1] is None, "each kind of question has its own pace"
    await store.record_attempt(attempt(7, card="deck:w"), review=probe)
    assert probe.calls[-1][1] == 2500, "median of 1000, 5000, 2000, 4000, 1500, 3000 (untimed and other kinds left out)"


@pytest.mark.parametrize("failure", ["scheduler", "read-only"])
async def test_a_failed_review_keeps_neither_the_answer_nor_the_review(store: SqliteStore, failure: str) -> None:
    if failure == "read-only":
        await make_read_only(store)
        with pytest.raises(StorageError):
            await store.record_attempt(attempt(7, card="deck:1"), review=Recorder())
        await make_read_only(store, False)
    else:
        with pytest.raises(RuntimeError):
            await store.record_attempt(attempt(7, card="deck:1"), review=Recorder(fail=True))
    assert await store.reviews(1, 7) == [] and await store.get_srs(1, 7, "deck:1") is None
    page = await store.leaderboard(1, "all")
    assert page.total == 0, "the answer went with its review"


@pytest.mark.parametrize("failure", ["scheduler", "read-only"])
async def test_a_study_review_is_one_transaction_that_fails_whole(store: SqliteStore, failure: str) -> None:
    """A study answer's review runs on the database's thread in one trip; a failure there leaves nothing behind,
    storage says why it is failing, and the next review that works clears it."""
    if failure == "read-only":
        await make_read_only(store)
        with pytest.raises(StorageError):
            await store.record_review(1, 7, "deck:1", "deck", "recall", Recorder(), source="study")
        assert store.failing is not None
        await make_read_only(store, False)
    else:
        with pytest.raises(RuntimeError):
            await store.record_review(1, 7, "deck:1", "deck", "recall", Recorder(fail=True), source="study")
    assert await store.reviews(1, 7) == [] and await store.get_srs(1, 7, "deck:1") is None
    stored = await store.record_review(1, 7, "deck:1", "deck", "recall", Recorder(), source="study")
    assert stored.review_id is not None and [r.id for r in await store.reviews(1, 7)] == [stored.review_id]
    assert store.failing is None, "working again"
