"""Checking an upload before it is downloaded, and showing a manager what it will ask."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.cards import Deck, DeckError
from bot.decks.library import is_builtin_name
from bot.decks.readers import MAX_FILE_BYTES, too_big_message
from bot.questions import NoQuestionError, Question, pick_questions

SAMPLES = 3
"""Sample questions shown after an import and by /deck info: enough to check the format worked."""


class ImportRefused(ValueError):
    """An upload turned away before it is downloaded, so a wrong file costs no bandwidth.

    ``reason`` lets the front end word the refusal; ``detail`` is the
    reader's oversize message, or the name that clashes with a built-in deck.
    """

    def __init__(self, reason: Literal["too_big", "unnamed", "builtin"], detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ImportPlan:
    filename: str
    """The upload's own name without any folder: the reader picks the format by it."""
    name: str
    """What members will pick the deck by."""


def import_name(filename: str, name: str | None) -> str:
    """The name a manager gave, else the file's stem, with runs of spaces collapsed."""
    return " ".join((name or Path(filename).stem).split())


def plan_import(filename: str, size: int, name: str | None, builtin: Iterable[str]) -> ImportPlan:
    """Check an upload by its name and size alone; raises :class:`ImportRefused`.

    The size check gives the reader's own oversize message, so a manager
    reads the same words whether the file is refused here or by the reader.
    """
    filename = Path(filename).name or "deck"
    if size > MAX_FILE_BYTES:
        raise ImportRefused("too_big", str(DeckError(filename, too_big_message(size))))
    wanted = import_name(filename, name)
    if not wanted:
        raise ImportRefused("unnamed")
    if is_builtin_name(wanted, builtin):
        raise ImportRefused("builtin", wanted)
    return ImportPlan(filename, wanted)


def sample_questions(deck: Deck, count: int = SAMPLES) -> list[Question]:
    """A fixed few questions (same seed, same sample) so a manager sees what members will be asked."""
    try:
        return pick_questions(deck, random.Random(0), min(count, len(deck.cards)))
    except NoQuestionError:
        return []
