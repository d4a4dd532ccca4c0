"""The work of grading unseen replies, counted in machine instructions instead of time.

Run (valgrind's callgrind counts the instructions; run it twice and subtract):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.grading_work --replies 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python -m bench.grading_work --replies 2000

Each prints valgrind's "Collected" total. The difference divided by the replies
is the instructions one unseen reply costs: the same figure on a busy machine
and a quiet one, so two versions of the grader can be compared exactly.
Set PYTHONHASHSEED=0 for both runs: string hashing changes the count a little.

Both runs build the same 20,000-card context and prepare the same answers
(as a round does when a question opens); only the grading differs. The
replies are bench.grading's unseen ones.
"""

from __future__ import annotations

import argparse

from bench.grading import unseen
from bot.grading import grade, prepare_answers, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=2000, help="how many to grade (0: only the set-up)")
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--prepare", type=int, default=2000, help="replies whose answers are prepared either way")
    args = parser.parse_args()
    warm()
    context, pairs = unseen(args.cards, count=max(args.replies, args.prepare, 1))
    for _, answers in pairs[: max(args.replies, args.prepare)]:
        prepare_answers(answers)
    for reply, answers in pairs[: args.replies]:
        grade(reply, answers, context=context)


if __name__ == "__main__":
    main()
