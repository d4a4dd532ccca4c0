"""What the /stats and /leaderboard pictures cost: render time and the memory the renderer adds.

Run: python -m bench.pictures [--repeat 50]

Each picture is drawn ``repeat`` times from fixed data (a year of answers; a
full page of ten members); prints the median and p99 per picture beside
drawing nothing (the same loop around a no-op), and the resident memory the
process gained from importing Pillow, loading the bundled font and drawing,
beside the process before. Targets: < 100 ms per picture, < 20 MB extra.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from datetime import date, timedelta


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _spread(name: str, spent: list[float]) -> None:
    spent.sort()
    print(f"  {name:<22} median {statistics.median(spent):7.2f} ms   p99 {spent[int(len(spent) * 0.99)]:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    from bot.pictures import Row, knowledge_map, progress_card, standings_card
    from bot.storage import DayScore, KindScore, MemberHistory

    today = date(2026, 12, 1)
    history = MemberHistory(
        1, today, today - timedelta(days=364),
        [DayScore(today - timedelta(days=i), (i * 37) % 90, (i * 7) % 9, 9) for i in range(364, -1, -1)],
        [KindScore("recall", 80, 100), KindScore("date", 20, 50), KindScore("explicit", 5, 7), KindScore("flip", 1, 1)],
    )
    rows = [Row(i + 1, f"Member number {i + 1} with a long name", 1000 - 10 * i, f"{50 - i} correct · 9{i}%") for i in range(10)]
    tiles = [(f"Section {s}", [((s * 31 + i * 17) % 101) / 100 if i % 7 else None for i in range(500)]) for s in range(4)]
    least = [("The card the group knows least", 0.02), ("Another weak card", 0.05), ("A third", 0.08)]
    before = _rss_mb()
    jobs = {
        "nothing (baseline)": lambda: b"",
        "progress card": lambda: progress_card("Alice Example", history),
        "standings page": lambda: standings_card("Leaderboard · This week", rows, subtitle="Days run on UTC time"),
        "knowledge map (2,000)": lambda: knowledge_map("A big deck · what the group knows", tiles, least),
    }
    print(f"pictures: {args.repeat} renders each (targets: < 100 ms a picture, < 20 MB extra resident memory)")
    for name, job in jobs.items():
        job()  # the first draw loads Pillow and the font
        spent = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            job()
            spent.append((time.perf_counter() - began) * 1000)
        _spread(name, spent)
    after = _rss_mb()
    print(f"  resident memory        {before:7.1f} MB before, {after:7.1f} MB after: {after - before:+.1f} MB for the renderer")


if __name__ == "__main__":
    main()
