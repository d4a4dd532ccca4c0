"""How long question generation takes on the largest deck a server may load.

Run: ``python -m bench.questions`` (or ``python bench/questions.py``).

Builds a synthetic 20,000-card term deck (realistic definitions, some with
years, numbers, names and quotations), then prints the time to generate every
question, questions per second, and the cost relative to a baseline measured
in the same run: one linear pass that folds every card's text, the least any
generator must do. A ratio that stays flat as the deck grows means no
card-against-card (quadratic) work crept in.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cards import Card, Deck, Source, derive_answers  # noqa: E402
from bot.questions import generate_questions, pick_question  # noqa: E402
from bot.questions.index import index_for  # noqa: E402
from bot.questions.words import fold  # noqa: E402

CARDS = 20_000
_SYLLABLES = "ka lo mi ne ru sa ti vo ze an el or um is ta re po li da ni".split()
_NOUNS = (
    "process structure reaction treaty movement policy membrane enzyme pigment theory doctrine "
    "alliance border current pressure signal pathway reform charter crisis council"
).split()
_VERBS = "regulates describes controls weakens links separates produces limits explains transforms".split()
_ADJ = "early central rapid partial secondary coastal northern economic chemical political".split()
_PLACES = ["Lake Ontario", "Zhenbao Island", "Vienna", "Cape Verde", "the Baltic Sea", "Addis Ababa", "Kyoto"]
_PEOPLE = ["Khrushchev", "Ada Lovelace", "Niels Bohr", "Simón Bolívar", "Rosalind Franklin", "Mansa Musa"]


def synthetic_deck(size: int = CARDS, seed: int = 42) -> Deck:
    rng = random.Random(seed)
    cards = []
    for number in range(size):
        term = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if rng.random() < 0.3:
            term = f"{term} {rng.choice(_NOUNS).capitalize()}"
        if rng.random() < 0.15:
            term = f"{term} ({rng.randint(1800, 2000)})"
        facts = []
        for _ in range(rng.randint(1, 3)):
            parts = [
                f"A {rng.choice(_ADJ)} {rng.choice(_NOUNS)} that {rng.choice(_VERBS)} the {rng.choice(_NOUNS)}",
                f"of the {rng.choice(_ADJ)} {rng.choice(_NOUNS)}",
            ]
            roll = rng.random()
            if roll < 0.25:
                parts.append(f"first recorded in {rng.randint(1700, 2020)}")
            elif roll < 0.4:
                parts.append(f"near {rng.choice(_PLACES)}, as described by {rng.choice(_PEOPLE)}")
            elif roll < 0.5:
                parts.append(f"across over {rng.choice([12, 40, 200, 1500])} sites")
            elif roll < 0.6:
                parts.append(f"often called “{rng.choice(_ADJ)} {rng.choice(_NOUNS)}”")
            facts.append(" ".join(parts))
        cards.append(Card(term, tuple(facts), derive_answers(term), source=Source("bench.csv", number + 1)))
    return Deck(title="Synthetic", cards=tuple(cards), format="csv", source="bench.csv")


def _timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    deck, built = _timed(synthetic_deck)
    print(f"deck: {len(deck.cards):,} cards built in {built:.2f} s")

    _, baseline = _timed(lambda: [fold(t) for c in deck.cards for t in (c.front, *c.back)])
    print(f"baseline (fold every card's text once): {baseline:.3f} s")

    _, index_time = _timed(lambda: index_for(deck))
    print(f"deck index (rarity, name evidence, distractor pools): {index_time:.2f} s  ({index_time / baseline:.1f}x baseline)")

    questions, generation = _timed(lambda: generate_questions(deck, seed=0))
    total = index_time + generation
    kinds: dict[str, int] = {}
    for question in questions:
        kinds[question.kind] = kinds.get(question.kind, 0) + 1
    print(f"questions from the indexed deck: {generation:.2f} s")
    print(
        f"generate_questions in all: {len(questions):,} questions in {total:.2f} s = "
        f"{len(questions) / total:,.0f} questions/s, {total / len(deck.cards) * 1e6:.0f} µs per card "
        f"({total / baseline:.1f}x baseline)"
    )
    print("  by kind: " + ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items())))

    # Two fresh decks, built before timing, so each size pays for its own index
    # and neither reuses the deck measured above; the word caches are warm for
    # both, as in a running bot.
    half_deck, full_deck = synthetic_deck(len(deck.cards) // 2, seed=7), synthetic_deck(len(deck.cards), seed=7)
    _, half_time = _timed(lambda: generate_questions(half_deck, seed=0))
    _, full_time = _timed(lambda: generate_questions(full_deck, seed=0))
    half_size = len(half_deck.cards)
    print(
        f"scaling (fresh decks, index included): {half_size:,} cards {half_time:.2f} s, "
        f"{len(deck.cards):,} cards {full_time:.2f} s; full/half = {full_time / half_time:.2f} (2.0 means linear)"
    )

    rng = random.Random(1)
    picks = 300
    _, pick_time = _timed(lambda: [pick_question(deck, rng, mode=("typed", "choice")[i % 2]) for i in range(picks)])
    print(f"pick_question: {pick_time / picks * 1000:.2f} ms per question over {picks} picks")


if __name__ == "__main__":
    main()
