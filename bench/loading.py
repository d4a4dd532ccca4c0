"""How long loading a large deck takes.

Run: python -m bench.loading [--cards 20000] [--repeat 5]

Loads a 20,000-card TSV and a 20,000-note Anki package of each layout, and
compares each with the bare floor for the same bytes in the same run: the
csv module splitting the TSV, and sqlite3 reading the notes table out of the
already-unpacked collection. The target is well under a second per deck.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from bot.decks.readers import read_deck

WORDS = (
    "alliance treaty border crisis strait revolution ideology advisors industrial projects "
    "cooperation mistrust hostility assistance demarcation movement communism conference "
    "summit embassy reform delegation agreement island frontier"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def make_tsv(cards: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    rows = ["term\tdefinition"]
    for number in range(cards):
        term = f"{_sentence(rng, 3)} {number} ({rng.randint(1900, 1999)})"
        rows.append(f"{term}\t{_sentence(rng, 18)}")
    return ("\n".join(rows) + "\n").encode()


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _sqlite_floor(package: bytes, repeat: int) -> float:
    """Time to read raw notes out of the package's collection with sqlite3 alone."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        name = next(n for n in ("collection.anki21b", "collection.anki21", "collection.anki2") if n in archive.namelist())
        payload = archive.read(name)
    if name.endswith("anki21b"):
        import zstandard

        payload = zstandard.ZstdDecompressor().decompressobj().decompress(payload)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(payload)

        def read() -> None:
            with sqlite3.connect(path) as connection:
                connection.execute("select id, flds, tags from notes").fetchall()

        return _best(read, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from tests.decks.readers.anki_builders import build_package

    print(f"Deck loading, {args.cards:,} cards, best of {args.repeat} runs")
    print(f"{'input':<28}{'size':>10}{'load':>11}{'floor':>11}{'ratio':>8}")

    tsv = make_tsv(args.cards)
    deck = read_deck(tsv, "bench.tsv")
    assert len(deck.cards) == args.cards, len(deck.cards)
    load = _best(lambda: read_deck(tsv, "bench.tsv"), args.repeat)
    floor = _best(lambda: list(csv.reader(io.StringIO(tsv.decode()), delimiter="\t")), args.repeat)
    print(f"{'TSV (term/definition)':<28}{len(tsv) / 1e6:>8.1f}MB{load * 1000:>9.0f}ms{floor * 1000:>9.0f}ms{load / floor:>7.1f}x")

    rng = random.Random(2)
    notes = [(f"{_sentence(rng, 6)} {n}?", _sentence(rng, 4)) for n in range(args.cards)]
    for layout in ("anki2", "anki21", "anki21b"):
        package = build_package(None, notes, layout=layout, deck_name="Bench")
        deck = read_deck(package, f"bench-{layout}.apkg")
        assert len(deck.cards) == args.cards, (layout, len(deck.cards))
        load = _best(lambda: read_deck(package, f"bench-{layout}.apkg"), args.repeat)
        floor = _sqlite_floor(package, args.repeat)
        label = f"Anki package ({layout})"
        print(f"{label:<28}{len(package) / 1e6:>8.1f}MB{load * 1000:>9.0f}ms{floor * 1000:>9.0f}ms{load / floor:>7.1f}x")
    print("load: full read_deck(); floor: bare csv/sqlite3 read of the same data; target: load well under 1000 ms")


if __name__ == "__main__":
    main()
