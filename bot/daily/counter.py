"""How often a daily post shows its answer count again.

A busy question of the day may get an answer a second; editing the post for
each would spend the channel's rate limit on a number. So a post is edited
at most once every :data:`EDIT_EVERY` seconds, and always ends on the latest
count: an answer that comes while an edit waits is shown by that edit, since
the count is read only once the wait is over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

EDIT_EVERY = 5.0
"""Seconds between two edits of one post's count."""


class CountEdits:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: dict[int, float] = {}
        self._waiting: set[int] = set()

    def wait_for(self, post_id: int) -> float | None:
        """An answer was stored: seconds until the post's count may be edited, or None when an
        edit is already waiting (it will show this answer too)."""
        if post_id in self._waiting:
            return None
        self._waiting.add(post_id)
        last = self._last.get(post_id)
        return 0.0 if last is None else max(0.0, last + EDIT_EVERY - self.clock())

    def editing(self, post_id: int) -> None:
        """The wait is over and the count is about to be read: later answers need an edit of their own."""
        self._waiting.discard(post_id)
        self._last[post_id] = self.clock()

    def forget(self, post_id: int) -> None:
        """The post closed: nothing more to count."""
        self._waiting.discard(post_id)
        self._last.pop(post_id, None)
