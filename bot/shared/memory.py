"""Keeping Python's cyclic garbage collector out of the way of replies.

Reading a 20,000-card deck allocates a few hundred thousand objects that
all live on; the collector would scan them again and again as they are made
(a third of the read time) and later stall a reply for tens of
milliseconds while it walks them. So the collector is paused while a deck
is read, and everything alive after start-up or after a deck is loaded is
frozen (``gc.freeze()``): moved out of the collector's sight. Frozen
objects are still freed by reference counting when nothing uses them (an
evicted deck), as decks hold no reference cycles.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextmanager
def paused_collector() -> Iterator[None]:
    """No cyclic collection while the block runs (in any thread); nested and concurrent uses are counted."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def freeze_long_lived() -> None:
    """Collect once, then freeze what is left: long-lived objects are never scanned again."""
    gc.collect()
    gc.freeze()
