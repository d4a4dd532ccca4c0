"""Which facts of a card make the clues of a recall question ("Which term matches…", "Name the event…")."""

from __future__ import annotations

import random
import re

from bot.cards import Card
from bot.questions.model import MAX_CLUE_CHARS, MAX_PROMPT_CHARS
from bot.questions.words import PIECE, Matcher, content_words, fold, mask, truncate

MAX_RECALL_FACTS = 3


def definition_clues(card: Card, matcher: Matcher, rng: random.Random) -> list[str]:
    """Masked facts that still say something once the answer's words are hidden."""
    usable = []
    for fact in card.back:
        masked, hidden = mask(fact, matcher)
        left = content_words(masked)
        if len(left) >= 2 and len(left) >= hidden:
            usable.append(masked)
    return _fitted(usable, rng)


def notes_clues(card: Card, rng: random.Random) -> list[str]:
    """Facts that still read as sentences once they name none of the heading's words.

    Notes read like sentences, and a fact with holes in it ("Treaty of
    Friendship, ▢▢▢ and Mutual Assistance (1950) cemented close ▢▢▢") is no
    longer a fact anyone can read. Whole facts that name none of the
    heading's words come first; a fact with one word hidden ("… between China
    and the US over ▢▢▢ …") may follow, never one hidden inside a compound
    ("Sino-▢▢▢"). A fact that opens with a bare pronoun ("It demonstrated…")
    says little on its own and is left out. A heading with no fact left is
    asked some other way (its dates, its blanks).
    """
    matcher = Matcher(card.answers)
    own_words = {_bare(p) for answer in card.answers for p in PIECE.findall(answer)}
    whole: list[str] = []
    holed: list[str] = []
    for fact in card.back:
        if _LEANS_BACK.match(fact):
            continue
        masked, hidden = mask(fact, matcher)
        words = content_words(masked)
        if hidden == 0 and len(words) >= 3:
            whole.append(fact)
        elif (
            hidden == 1
            and len(words) >= 6
            and not _IN_COMPOUND.search(masked)
            # The hidden word is the heading's own word, not a relative of it ("revolutionary", "contributed").
            and all(_bare(p) in own_words for p in PIECE.findall(fact) if matcher.hits(p))
        ):
            holed.append(masked)
    picked = _fitted(whole, rng)
    return picked + _fitted(holed, rng)[: MAX_RECALL_FACTS - len(picked)]


_LEANS_BACK = re.compile(r"^\W*(it|they|he|she)\b", re.IGNORECASE)
"""A fact that opens by pointing back ("It demonstrated…") says little on its own."""
_IN_COMPOUND = re.compile(r"[-‐–]▢|▢[-‐–]")


def _bare(word: str) -> str:
    """A word folded, without a plural "s"."""
    folded = fold(word)
    return folded[:-1] if folded.endswith("s") and len(folded) > 3 else folded


def _fitted(usable: list[str], rng: random.Random) -> list[str]:
    """At most :data:`MAX_RECALL_FACTS` clues, in card order, cut to fit one prompt."""
    if len(usable) > MAX_RECALL_FACTS:
        keep = sorted(rng.sample(range(len(usable)), MAX_RECALL_FACTS))
        usable = [usable[i] for i in keep]
    budget = MAX_PROMPT_CHARS - 120
    clues = []
    for clue in usable:
        clue = truncate(clue, min(MAX_CLUE_CHARS, budget))
        budget -= len(clue) + 3
        clues.append(clue)
        if budget < 60:
            break
    return clues
