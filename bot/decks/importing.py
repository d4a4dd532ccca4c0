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
from bot.questions import CHOICE, FLIP, NoQuestionError, Question, pick_questions, questions_for_card

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


def sample_questions(deck: Deck, count: int = SAMPLES, direction: str | None = None) -> list[Question]:
    """A fixed few questions (same seed, same sample) so a manager sees what members will be asked."""
    try:
        return pick_questions(deck, random.Random(0), min(count, len(deck.cards)), direction=direction)
    except NoQuestionError:
        return []


COUNTED_CARDS = 1_000
"""Cards looked at to say how a deck is asked; a bigger deck is judged by a fixed sample."""
UNASKED_SHOWN = 10


@dataclass(frozen=True)
class HowAsked:
    """How a deck's cards are asked, for the import summary and /deck info."""

    typed: int
    """Cards with a typed question (most also have a choice version)."""
    choice: int
    """Cards asked only as multiple choice."""
    flip: int
    """Cards only shown as flip cards: answers nobody could type, with no fitting choices."""
    unasked: tuple[str, ...]
    """Fronts of cards that make no question at all (overviews excepted), the first few."""
    unasked_count: int
    counted: int
    total: int

    @property
    def sampled(self) -> bool:
        return self.counted < self.total


def how_asked(deck: Deck, direction: str | None = None, limit: int = COUNTED_CARDS) -> HowAsked:
    """Sort the deck's cards by the questions they make; overview cards (no answers) are never asked and not counted."""
    cards = [card for card in deck.cards if card.answers]
    counted = cards if len(cards) <= limit else random.Random(0).sample(cards, limit)
    typed = choice = flip = 0
    unasked: list[str] = []
    for card in counted:
        kinds = {q.kind for q in questions_for_card(card, deck, random.Random(0), direction=direction)}
        if kinds - {CHOICE, FLIP}:
            typed += 1
        elif CHOICE in kinds:
            choice += 1
        elif FLIP in kinds:
            flip += 1
        else:
            unasked.append(card.front)
    return HowAsked(typed, choice, flip, tuple(unasked[:UNASKED_SHOWN]), len(unasked), len(counted), len(cards))


def how_asked_text(counts: HowAsked) -> str:
    """One line: "70 typed · 2 choice only · 3 flip cards", with the share when only a sample was counted."""
    parts = [f"{counts.typed:,} typed", f"{counts.choice:,} choice only", f"{counts.flip:,} flip cards"]
    if counts.unasked_count:
        parts.append(f"{counts.unasked_count:,} not asked")
    text = " · ".join(parts)
    return f"{text} (of {counts.counted:,} cards looked at)" if counts.sampled else text
