"""The shape of a two-sided card and deck: vocabulary pairs, terms with meanings, and which side is shown.

A card's *direction* says which side is shown:

- ``back``: show the back (a definition, a translation), answer with the front;
- ``front``: show the front, answer with the back;
- ``both``: either, as the questions are drawn.

A deck of *pairs* (both sides a few words, like ``dog<TAB>perro``) is asked
both ways unless told otherwise; any other term deck shows its definitions,
as it always has. A side that is plainly another language than the other
(another script, accents, its own articles) makes the question a
translation, and an answer in that language is graded without the English
real-word check (``Question.english``).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from bot.cards import Card, Deck
from bot.questions.words import significant_pieces

FRONT, BACK, BOTH = "front", "back", "both"

PAIR_SHARE = 0.6
"""Share of a deck's cards that must be pairs for the deck to be asked both ways by default."""
_PAIR_WORDS = 5
_PAIR_CHARS = 45
_FOREIGN_GAP = 0.3
"""How much more foreign one side must look than the other for the deck to be a translation deck."""
_FOREIGN_ARTICLES = re.compile(
    r"^(le|la|les|l'|un|une|des|du|el|los|las|una|unos|unas|der|die|das|ein|eine|il|lo|gli|uno|os|as|um|uma|het|een|"
    r"zu|de)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DeckShape:
    pairs: bool
    """Most cards are short on both sides: vocabulary or symbols."""
    foreign: str | None
    """The side (``front`` or ``back``) in another language than the other, or None."""

    @property
    def default_direction(self) -> str:
        return BOTH if self.pairs else BACK


def is_pair(card: Card) -> bool:
    """Both sides short enough to type: a term card with one short fact."""
    return (
        not card.explicit
        and bool(card.answers)
        and len(card.back) == 1
        and _short(card.front)
        and _short(card.back[0])
    )


def _short(text: str) -> bool:
    core = text.split("(")[0].strip() or text
    return 0 < len(core) <= _PAIR_CHARS and 0 < len(significant_pieces(core) or core.split()) <= _PAIR_WORDS


SHAPE_SAMPLE = 2_000
"""Cards a deck's shape is judged on: shares of pairs and of foreign sides settle long before 20,000."""


def deck_shape(deck: Deck) -> DeckShape:
    cards = [c for c in deck.cards if not c.explicit and c.answers]
    if len(cards) > SHAPE_SAMPLE:
        cards = cards[:: len(cards) // SHAPE_SAMPLE]  # evenly through the deck, the same cards every time
    if not cards:
        return DeckShape(False, None)
    pairs = [c for c in cards if is_pair(c)]
    is_pairs = len(pairs) >= PAIR_SHARE * len(cards)
    sample = pairs or cards
    front = sum(_looks_foreign(c.front) for c in sample) / len(sample)
    back = sum(_looks_foreign(c.back[0]) for c in sample if c.back) / len(sample)
    foreign = FRONT if front - back >= _FOREIGN_GAP else BACK if back - front >= _FOREIGN_GAP else None
    return DeckShape(is_pairs, foreign)


def _looks_foreign(text: str) -> bool:
    """Another script, letters with accents, or another language's article."""
    if not text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in text):
        return True
    return bool(_FOREIGN_ARTICLES.match(text.strip()))


def sides(direction: str, rng: random.Random) -> tuple[str, ...]:
    """The sides to show for one card: ``back``, ``front``, or both in a random order."""
    if direction == BOTH:
        return (BACK, FRONT) if rng.random() < 0.5 else (FRONT, BACK)
    return (direction,)
