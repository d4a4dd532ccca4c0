"""The work of loading a big TSV deck, counted in machine instructions instead of time.

Run (valgrind's callgrind counts the instructions; run it twice and subtract):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.loading_work --loads 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.loading_work --loads 3

Each prints valgrind's "Collected" total. The difference divided by the loads
is the instructions one load of the 20,000-card TSV costs (the collector's
pass after it included): the same figure on a busy machine and a quiet one,
so two versions of the readers can be compared exactly. Set PYTHONHASHSEED=0
for both runs. ``--floor`` counts the csv module's bare read instead.
"""

from __future__ import annotations

import argparse
import csv
import io

from bench.loading import make_tsv
from bot.decks.readers import read_deck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="how many loads (0: only the set-up)")
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--floor", action="store_true", help="count csv.reader's read of the same bytes instead")
    args = parser.parse_args()
    tsv = make_tsv(args.cards)
    for _ in range(args.loads):
        if args.floor:
            rows = list(csv.reader(io.StringIO(tsv.decode()), delimiter="\t"))
        else:
            rows = read_deck(tsv, "bench.tsv").cards
        assert len(rows) >= args.cards
        del rows


if __name__ == "__main__":
    main()
