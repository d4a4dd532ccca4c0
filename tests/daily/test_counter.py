"""A post's count of answers is edited at most once every EDIT_EVERY seconds, and always ends on the latest."""

from __future__ import annotations

from bot.daily import EDIT_EVERY, CountEdits


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_answer_shows_at_once_and_a_burst_shares_one_edit() -> None:
    clock = Ticks()
    edits = CountEdits(clock)
    assert edits.wait_for(1) == 0.0
    assert edits.wait_for(1) is None, "an edit is waiting: it will show this answer too"
    edits.editing(1)
    clock.now += 1.0
    assert edits.wait_for(1) == EDIT_EVERY - 1.0, "the next edit waits out the rest of the interval"
    assert edits.wait_for(1) is None
    assert edits.wait_for(2) == 0.0, "each post has its own interval"
    clock.now += EDIT_EVERY
    edits.editing(1)
    clock.now += EDIT_EVERY + 1
    assert edits.wait_for(1) == 0.0
    edits.forget(1)
    assert edits.wait_for(1) == 0.0
