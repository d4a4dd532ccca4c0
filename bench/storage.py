"""Storage benchmark: write speed, board reads at scale, and a scan baseline.

Run: ``python -m bench.storage [--attempts 1000000] [--members 10000] [--guilds 50] [--database URL]``

Fills a fresh database (a temporary SQLite file; with ``--database
postgresql://...``, a fresh schema in that database, dropped afterwards, and
the same run on SQLite first as the baseline) with two years of quiz sessions (guild sizes follow
a Zipf curve, so the biggest guild holds about a fifth of everything; guilds
use several time zones), written in time order, then reports:

* attempts written per second, batched and one by one (each its own durable
  transaction);
* time for a top-10 board for each period, a member's rank and full stats, on
  the biggest guild;
* the same boards computed by scanning the attempts table (GROUP BY, as a
  store without aggregates must), measured in the same run, and the speed-up;
  then again for today/week/month with a bench-only (guild, day) index, the
  best case for a scan;
* the file size;
* on PostgreSQL, both runs side by side, then four processes writing answers
  one by one at once: their throughput, and that no point was lost.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

from bot.shared.zones import local_date, zone
from bot.storage import Attempt, SqliteStore, Store, open_store
from bot.storage.periods import week_start

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)
SPAN = timedelta(days=730)
ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Tokyo", "Pacific/Auckland"]
DECKS = [f"deck-{i}" for i in range(5)]
SOURCES = ["quiz"] * 6 + ["daily"] * 2 + ["study"] * 2
READ_REPEATS = 30


def _print(message: str) -> None:
    print(message, flush=True)


def _attempts(count: int, members: int, guilds: int, seed: int = 1) -> Iterator[Attempt]:
    """Quiz sessions: a member answers 5-25 questions from one deck, ~30 s apart.

    Sessions start at random over two years and are produced in start order
    (a generator, so a million attempts never sit in memory at once); a
    member's guild is fixed, and guild sizes follow a Zipf curve (s=1).
    """
    rng = random.Random(seed)
    home = rng.choices(range(guilds), weights=[1 / (g + 1) for g in range(guilds)], k=members)
    starts = sorted(rng.random() for _ in range(count // 15 + 1))
    made = 0
    for start in starts:
        member = rng.randrange(members)
        guild = 1000 + home[member]
        deck = rng.choice(DECKS)
        source = rng.choice(SOURCES)
        at = NOW - SPAN * (1 - start)
        for _ in range(rng.randrange(5, 26)):
            if made == count:
                return
            made += 1
            correct = rng.random() < 0.65
            yield Attempt(
                guild_id=guild,
                channel_id=guild + 4000,
                member_id=10**17 + member,
                deck=deck,
                card_key=f"{deck}:{rng.randrange(200):04d}",
                question_kind="recall",
                reply="an answer",
                verdict="exact" if correct else "wrong",
                correct=correct,
                points=rng.randrange(5, 16) if correct else 0,
                time_ms=rng.randrange(800, 30000),
                source=source,  # type: ignore[arg-type]
                at=min(at, NOW),
            )
            at += timedelta(seconds=rng.randrange(10, 50))
    while made < count:  # the session count was an estimate; top up with single answers
        made += 1
        yield replace(next(_attempts(1, members, guilds, seed + made)), at=NOW)


def _timed(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:7.3f} ms   p95 {p95 * 1000:7.3f} ms"


async def _measure(call, repeats: int = READ_REPEATS) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    result = await call()  # warm the page cache once, as a running bot would be
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = await call()
        samples.append(time.perf_counter() - began)
    return samples, result


def _scan_sql(period: str) -> str:
    """The same board computed from attempts alone (what a store without aggregates must do)."""
    where = "guild_id = ? AND season = ?" if period == "all" else "guild_id = ? AND local_day BETWEEN ? AND ?"
    return f"""SELECT member_id, RANK() OVER (ORDER BY SUM(points) DESC), SUM(points), SUM(correct), COUNT(*)
        FROM attempts WHERE {where} GROUP BY member_id
        ORDER BY SUM(points) DESC, SUM(correct) DESC, member_id LIMIT 10"""


async def run(store: Store, args: argparse.Namespace, label: str) -> dict[str, float]:
    """Fill ``store`` and time its writes and reads; returns the figures by name."""
    figures: dict[str, float] = {}
    clock_now = [NOW]
    store._now = lambda: clock_now[0]  # type: ignore[attr-defined]
    for g in range(args.guilds):
        await store.update_settings(1000 + g, time_zone=ZONES[g % len(ZONES)])

    _print(f"[{label}] writing {args.attempts:,} attempts for {args.members:,} members in {args.guilds} guilds,"
           f" in batches of {args.batch:,} (one transaction each)...")
    began = time.perf_counter()
    write_seconds = 0.0
    written = 0
    source = _attempts(args.attempts, args.members, args.guilds)
    while batch := list(islice(source, args.batch)):
        started = time.perf_counter()
        await store.record_attempts_batch(batch)
        write_seconds += time.perf_counter() - started
        written += len(batch)
        if written % (args.batch * 10) == 0 or written == args.attempts:
            _print(f"  {written:>10,} written   {written / write_seconds:>9,.0f} attempts/s"
                   f"   ({time.perf_counter() - began:.0f} s elapsed, including generating them)")
    figures["batched writes (attempts/s)"] = args.attempts / write_seconds
    if getattr(store, "ENGINE", "") == "postgresql":
        # What autovacuum does on a running server a little after a bulk load: statistics for the planner and
        # the visibility map, so index-only scans skip the table. A fresh load has neither yet.
        began = time.perf_counter()
        await store._fetchall("VACUUM ANALYZE")  # type: ignore[attr-defined]
        _print(f"  (VACUUM ANALYZE, as autovacuum would do after the load: {time.perf_counter() - began:.1f} s)")

    singles = [replace(a, at=NOW - timedelta(minutes=5)) for a in _attempts(args.single, args.members, args.guilds, 2)]
    began = time.perf_counter()
    for a in singles:
        await store.record_attempt(a)
    single_seconds = time.perf_counter() - began
    figures["one-by-one writes (attempts/s)"] = args.single / single_seconds
    figures["one-by-one write (ms)"] = single_seconds / args.single * 1000

    counts = await store._fetchall(  # type: ignore[attr-defined]
        "SELECT guild_id, COUNT(*) FROM attempts GROUP BY guild_id ORDER BY COUNT(*) DESC LIMIT 1"
    )
    guild, guild_attempts = counts[0]
    tz = zone((await store.get_settings(guild)).time_zone)
    today = local_date(NOW, tz)
    members_in_guild = (await store.leaderboard(guild, "all", limit=1)).total

    _print("")
    _print(f"[{label}] biggest guild: {guild_attempts:,} attempts by {members_in_guild:,} members, time zone {tz.key}")
    _print(f"{'read':<34}{'aggregates':<40}{'scan of attempts':<40}speed-up")
    ranges = {
        "today": (today, today),
        "week": (week_start(today), today),
        "month": (today.replace(day=1), today),
    }
    worst = 0.0
    worst_ratio = float("inf")
    for period in ("today", "week", "month", "all"):
        fast, page = await _measure(lambda: store.leaderboard(guild, period, limit=10))
        params = (guild, 1) if period == "all" else (guild, *(d.isoformat() for d in ranges[period]))
        slow, scanned = await _measure(lambda: store._fetchall(_scan_sql(period), params), repeats=5)  # type: ignore[attr-defined]
        same = [(r.member_id, r.points) for r in page.rows] == [(r[0], r[2]) for r in scanned]  # type: ignore[attr-defined]
        ratio = statistics.median(slow) / statistics.median(fast)
        worst = max(worst, statistics.median(fast))
        worst_ratio = min(worst_ratio, ratio)
        figures[f"top-10 {period} (ms)"] = statistics.median(fast) * 1000
        _print(f"top-10 {period:<27}{_timed(fast):<40}{_timed(slow):<40}{ratio:8,.1f}x{'' if same else '  MISMATCH'}")

    # A fairer scan for the calendar periods: give it an index on (guild, day),
    # which the real schema does not carry (every index slows every answer).
    began = time.perf_counter()
    await store._fetchall("CREATE INDEX bench_guild_day ON attempts (guild_id, local_day)")  # type: ignore[attr-defined]
    _print(f"(built a bench-only (guild, day) index on attempts in {time.perf_counter() - began:.1f} s)")
    for period in ("today", "week", "month"):
        fast, _ = await _measure(lambda: store.leaderboard(guild, period, limit=10))
        params = (guild, *(d.isoformat() for d in ranges[period]))
        slow, _ = await _measure(lambda: store._fetchall(_scan_sql(period), params), repeats=5)  # type: ignore[attr-defined]
        ratio = statistics.median(slow) / statistics.median(fast)
        _print(f"top-10 {period + ', indexed scan':<27}{_timed(fast):<40}{_timed(slow):<40}{ratio:8,.1f}x")

    fast, page = await _measure(lambda: store.leaderboard(guild, "all", deck=DECKS[0], limit=10))
    _print(f"{'top-10 all, one deck':<34}{_timed(fast)}")
    worst = max(worst, statistics.median(fast))
    middle = (await store.leaderboard(guild, "all", offset=members_in_guild // 2, limit=1)).rows[0].member_id
    fast, _ = await _measure(lambda: store.leaderboard(guild, "all", offset=members_in_guild // 2, limit=10))
    _print(f"{'page from the middle of all':<34}{_timed(fast)}")
    fast, standing = await _measure(lambda: store.member_rank(guild, middle, "all"))
    figures["member_rank (ms)"] = statistics.median(fast) * 1000
    _print(f"{'member_rank (mid-board)':<34}{_timed(fast)}   rank {standing.rank}")  # type: ignore[attr-defined]
    fast, _ = await _measure(lambda: store.member_stats(guild, middle))
    figures["member_stats (ms)"] = statistics.median(fast) * 1000
    _print(f"{'member_stats (rank, streaks, cards)':<34}{_timed(fast)}")
    figures["slowest top-10 (ms)"] = worst * 1000
    figures["smallest speed-up over a scan (x)"] = worst_ratio

    _print("")
    _print(f"[{label}] batched writes:     {figures['batched writes (attempts/s)']:>10,.0f} attempts/s ({write_seconds:.1f} s)")
    _print(f"[{label}] one-by-one writes:  {figures['one-by-one writes (attempts/s)']:>10,.0f} attempts/s "
           f"({figures['one-by-one write (ms)']:.2f} ms each, durable commit per attempt)")
    _print(f"[{label}] slowest top-10 board median {worst * 1000:.2f} ms (target < 10 ms); "
           f"smallest speed-up over the scan {worst_ratio:,.0f}x (target >= 100x)")
    return figures


_WRITER = """
import asyncio, sys, time
from bot.storage import Attempt, open_store

async def main(url, member, count):
    store = await open_store(url)
    began = time.perf_counter()
    for n in range(count):
        await store.record_attempt(Attempt(guild_id=7, channel_id=8, member_id=member, deck="d", card_key=f"c{n % 50}",
            question_kind="recall", reply="x", verdict="exact", correct=True, points=3, time_ms=100, source="quiz"))
    print(time.perf_counter() - began, flush=True)
    await store.close()

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


async def processes_writing(url: str, processes: int, each: int) -> None:
    """``processes`` processes each writing ``each`` answers one by one at once; then the points are counted."""
    import sys

    _print(f"\n{processes} processes writing {each:,} answers each, one by one, at once...")
    began = time.perf_counter()
    workers = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", _WRITER, url, str(p + 1), str(each),
                                             stdout=asyncio.subprocess.PIPE)
        for p in range(processes)
    ]
    outputs = [await w.communicate() for w in workers]
    wall = time.perf_counter() - began
    if any(w.returncode for w in workers):
        raise SystemExit("a writer failed")
    async with await open_store(url) as store:
        page = await store.leaderboard(7, "all", limit=processes)
        points = sum(r.points for r in page.rows)
        [(rows,)] = await store._fetchall("SELECT COUNT(*) FROM attempts WHERE guild_id = 7")  # type: ignore[attr-defined]
    expected = processes * each
    own = [float(out.decode().strip()) for out, _ in outputs]
    _print(f"  {expected / wall:,.0f} answers/s together ({wall:.1f} s wall, {statistics.median(own):.1f} s per writer);"
           f" stored {rows:,} of {expected:,}; points {points:,} of {expected * 3:,}:"
           f" {'nothing lost' if (rows, points) == (expected, expected * 3) else 'LOST ANSWERS'}")


def _fresh_schema(url: str) -> tuple[str, str]:
    import os
    from urllib.parse import quote

    import psycopg

    schema = f"deckhand_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    return schema, f"{url}{joiner}options={quote(f'-c search_path={schema}')}"


def _drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--guilds", type=int, default=50)
    parser.add_argument("--batch", type=int, default=20_000, help="attempts per transaction when batching")
    parser.add_argument("--single", type=int, default=1_000, help="attempts written one by one")
    parser.add_argument("--path", help="SQLite database file (default: a temporary file, deleted afterwards)")
    parser.add_argument("--database", help="postgresql://... to run the same figures on PostgreSQL beside SQLite's")
    parser.add_argument("--processes", type=int, default=4, help="processes writing at once (PostgreSQL only)")
    args = parser.parse_args()
    from bot.storage.url import redact

    folder = None if args.path else tempfile.TemporaryDirectory(prefix="deckhand-bench-")
    path = Path(args.path) if args.path else Path(folder.name) / "bench.db"  # type: ignore[union-attr]
    if path.exists():
        raise SystemExit(f"{path} already exists; the benchmark needs a fresh file")
    try:
        store = await SqliteStore.open(str(path))
        try:
            baseline = await run(store, args, "sqlite")
        finally:
            await store.close()
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        _print(f"[sqlite] file size: {size / 2**20:,.1f} MiB ({size / (args.attempts + args.single):.0f} bytes per attempt)")
    finally:
        if folder is not None:
            folder.cleanup()
    if not args.database:
        return
    schema, url = _fresh_schema(args.database)
    try:
        _print(f"\nthe same on {redact(args.database)} (schema {schema}, dropped afterwards)\n")
        async with await open_store(url) as store:
            figures = await run(store, args, "postgresql")
        _print(f"\n{'figure':<40}{'sqlite':>14}{'postgresql':>14}")
        for name, value in baseline.items():
            _print(f"{name:<40}{value:>14,.2f}{figures[name]:>14,.2f}")
        _print("targets: every board read < 10 ms; a board >= 100x faster than a scan of the attempts")
        await processes_writing(url, args.processes, max(50, args.single // 2))
    finally:
        _drop_schema(args.database, schema)


if __name__ == "__main__":
    asyncio.run(main())
