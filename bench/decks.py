"""How fair the questions are on real decks: coverage, typeable answers, leaks and markup.

Run: ``python -m bench.decks FILE_OR_FOLDER ...`` on decks you have (real
exports from Anki, Quizlet, Red's trivia lists). For each deck it prints:

- cards, and the share of cards that appear in ``questions`` output (the
  baseline every deck should meet: 95 %);
- questions by kind;
- typed questions whose first answer is over 8 words (nobody can type that);
- typed questions answered by retyping their own prompt (a leak);
- texts (prompts, answers, choices, explanations) with markup or CSS left in.

Nothing here is timed; it is a measurement of output, run by hand.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cards import DeckError  # noqa: E402
from bot.decks import deck_context  # noqa: E402
from bot.decks.readers import load_deck  # noqa: E402
from bot.grading import grade  # noqa: E402
from bot.questions import CHOICE, FLIP, generate_questions  # noqa: E402

_SUFFIXES = {".txt", ".csv", ".tsv", ".yaml", ".yml", ".apkg", ".colpkg"}
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(nbsp|amp|lt|gt|quot);|\{[^{}]*:[^{}]*;[^{}]*\}|\\\(|\\\[|\[sound:")
_CODE = re.compile(r"`[^`]*`")
"""Formulas shown as inline code may hold < and > as maths, not markup."""
LONG_WORDS = 8


@dataclass
class Survey:
    name: str
    cards: int = 0
    covered: int = 0
    kinds: Counter[str] | None = None
    typed: int = 0
    long: int = 0
    leaks: int = 0
    markup: int = 0
    seconds: float = 0.0
    error: str = ""
    example_long: str = ""
    example_leak: str = ""
    example_markup: str = ""


def survey(path: Path) -> Survey:
    result = Survey(path.name)
    started = time.perf_counter()
    try:
        deck = load_deck(path)
    except DeckError as exc:
        result.error = str(exc)
        return result
    questions = generate_questions(deck, seed=0)
    context = deck_context(deck)
    result.cards = len(deck.cards)
    result.covered = len({id(q.card) for q in questions})
    result.kinds = Counter(q.kind for q in questions)
    for q in questions:
        texts = [q.prompt, q.explanation, *q.answers, *(q.choices or ())]
        marked = next((t for t in texts if _MARKUP.search(_CODE.sub("", t))), None)
        if marked is not None:
            result.markup += 1
            result.example_markup = result.example_markup or marked[:120]
        if q.kind in (CHOICE, FLIP):
            continue
        result.typed += 1
        if len(q.answers[0].split()) > LONG_WORDS:
            result.long += 1
            result.example_long = result.example_long or q.answers[0][:120]
        if grade(q.prompt, q.answers, context=context).correct:
            result.leaks += 1
            result.example_leak = result.example_leak or q.prompt[:120]
    result.seconds = time.perf_counter() - started
    return result


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:5.1f}%" if whole else "    —"


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for arg in argv or ["data"]:
        p = Path(arg)
        paths.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in _SUFFIXES) if p.is_dir() else [p])
    print(f"{'deck':32} {'cards':>6} {'covered':>8} {'typed':>6} {'long':>7} {'leaks':>7} {'markup':>7}  kinds")
    totals = Counter()
    below = []
    for path in paths:
        s = survey(path)
        if s.error:
            print(f"{s.name[:32]:32} ERROR {s.error}")
            totals["errors"] += 1
            continue
        kinds = " ".join(f"{k} {n}" for k, n in sorted((s.kinds or {}).items()))
        print(
            f"{s.name[:32]:32} {s.cards:6} {_share(s.covered, s.cards):>8} {s.typed:6} {_share(s.long, s.typed):>7}"
            f" {_share(s.leaks, s.typed):>7} {s.markup:7}  {kinds}"
        )
        for label, example in (("long", s.example_long), ("leak", s.example_leak), ("markup", s.example_markup)):
            if example:
                print(f"{'':34}e.g. {label}: {example!r}")
        if s.cards and s.covered / s.cards < 0.95:
            below.append(s.name)
        totals.update(cards=s.cards, covered=s.covered, typed=s.typed, long=s.long, leaks=s.leaks, markup=s.markup)
    print(
        f"\nall: {len(paths)} decks, {totals['errors']} not loaded; cards covered {_share(totals['covered'], totals['cards'])}"
        f" (baseline 95% per deck; {len(below)} below it: {', '.join(below) or 'none'});"
        f" typed answers over {LONG_WORDS} words {_share(totals['long'], totals['typed'])} (target 2%);"
        f" leaks {totals['leaks']}; texts with markup {totals['markup']} (target 0)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
