"""Daily-question scheduler benchmark: the due-check per tick, and spreading posts.

Run: ``python -m bench.daily [--channels 10000] [--hours 24] [--sample 60]``

Builds daily schedules for many channels across every IANA zone (popular
zones and round hours weighted up, as real servers pick them), then plays a
day of scheduler ticks (every 30 s), "posting" whatever is due. Reports:

* time per tick of :class:`bot.daily.DuePlanner` (each schedule's next post
  worked out once and reused) against the plain :func:`bot.daily.due_schedules`
  (every schedule's local date and post time recomputed with zoneinfo each
  tick), measured on the same ticks, with a check that both find the same posts;
* the busiest tick: how many posts fall due together, the time to drain them
  with :func:`bot.daily.send_plan`, and the most requests in any one second,
  against the naive burst (everything sent at once), versus Discord's global
  limit of 50 requests per second;
* the real :class:`bot.daily.runner.DailyRunner` on a real SQLite store with
  every schedule in it, the collector on: its first tick (reading the
  schedules into memory) and every later tick over an hour, idle or posting
  (posts go to a presenter that only records them; the spacing between
  posts is not waited for), against reading every schedule from SQLite,
  which is what a tick cost before schedules were kept in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.daily import (
    DISCORD_GLOBAL_RATE,
    POST_RATE,
    REQUESTS_PER_POST,
    TICK_SECONDS,
    DuePlanner,
    busiest_second,
    due_schedules,
    post_time,
    send_plan,
)
from bot.shared.zones import local_date, zone, zone_names
from bot.storage import DailySchedule, SqliteStore

START = datetime(2026, 3, 28, 0, 0, tzinfo=UTC)  # spans Europe's spring-forward night
POPULAR = ["America/New_York", "Europe/London", "Europe/Berlin", "America/Los_Angeles", "America/Chicago",
           "Asia/Kolkata", "Europe/Paris", "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo", "UTC"]
POPULAR_TIMES = ["09:00", "08:00", "12:00", "18:00", "20:00", "07:30", "10:00", "19:00"]


def _print(message: str) -> None:
    print(message, flush=True)


def make_schedules(count: int, seed: int = 3) -> list[DailySchedule]:
    """Schedules in their steady state at START: each day's post made if its time has passed."""
    rng = random.Random(seed)
    zones = list(zone_names())
    schedules = []
    for i in range(count):
        tz = rng.choice(POPULAR) if rng.random() < 0.6 else rng.choice(zones)
        if rng.random() < 0.7:
            local = rng.choice(POPULAR_TIMES)
        else:
            local = f"{rng.randrange(24):02d}:{rng.choice([0, 15, 30, 45, rng.randrange(60)]):02d}"
        today = local_date(START, zone(tz))
        last = today if post_time(today, local, zone(tz)) < START else today - timedelta(days=1)
        schedules.append(
            DailySchedule(guild_id=1 + i // 5, channel_id=10_000 + i, local_time=local, time_zone=tz, deck="d", last_posted=last)
        )
    return schedules


def play(schedules: list[DailySchedule], ticks: int, sample_every: int) -> dict[str, object]:
    planner = DuePlanner()
    planner_times: list[float] = []
    naive_times: list[float] = []
    sampled_planner: list[float] = []
    per_tick: Counter[int] = Counter()
    posts = 0
    mismatches = 0
    now = START
    for tick in range(ticks):
        began = time.perf_counter()
        due = planner.due(schedules, now)
        spent = time.perf_counter() - began
        planner_times.append(spent)
        if tick % sample_every == 0:
            began = time.perf_counter()
            expected = due_schedules(schedules, now)
            naive_times.append(time.perf_counter() - began)
            sampled_planner.append(spent)
            if [(d.schedule.channel_id, d.day) for d in expected] != [(d.schedule.channel_id, d.day) for d in due]:
                mismatches += 1
        if due:
            per_tick[tick] = len(due)
            posts += len(due)
            done = {d.schedule.channel_id: d.day for d in due}
            schedules = [replace(s, last_posted=done[s.channel_id]) if s.channel_id in done else s for s in schedules]
        now += timedelta(seconds=TICK_SECONDS)
    return {
        "planner": planner_times, "naive": naive_times, "sampled_planner": sampled_planner,
        "per_tick": per_tick, "posts": posts, "mismatches": mismatches,
    }


class _Quiet:
    """A presenter that sends nothing: the bench times the scheduler, not Discord."""

    def __init__(self) -> None:
        self.posts = 0

    async def send_question(self, schedule, loaded, question, day, closes) -> int:
        self.posts += 1
        return 1_000_000 + self.posts

    async def send_results(self, post, results, question, media) -> None:
        return None

    def failure(self, error: Exception) -> str:
        return "retry"

    def pause_reason(self, pause) -> str:
        return pause.kind


async def runner_ticks(
    schedules: list[DailySchedule], minutes: int
) -> tuple[float, list[float], list[float], int, float, float]:
    """(first tick, idle ticks, posting ticks, posts, one read of every schedule, the start-up read) on a real store."""
    from bot.daily.runner import DailyRunner
    from bot.decks import DeckLibrary

    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(str(Path(folder) / "bench.db"))
        try:
            for s in schedules:
                await store.set_schedule(s.guild_id, s.channel_id, s.local_time, "sino-soviet-relations", time_zone=s.time_zone)
                if s.last_posted is not None:
                    await store.claim_daily_post(s.guild_id, s.channel_id, s.last_posted, "sino-soviet-relations", "k", at=START)
            library = DeckLibrary(Path(__file__).resolve().parents[1] / "data", store)
            library.load_builtins()
            presenter = _Quiet()
            runner = DailyRunner(store, library, presenter, clock=lambda: START, time_scale=0.0)
            began = time.perf_counter()
            await runner.preload(START - timedelta(seconds=TICK_SECONDS))  # at start-up, while the gateway connects
            preload = time.perf_counter() - began
            began = time.perf_counter()
            await runner.run_due(START - timedelta(seconds=TICK_SECONDS))  # the bot starting just before midnight UTC
            first = time.perf_counter() - began
            idle: list[float] = []
            posting: list[float] = []
            now = START - timedelta(seconds=TICK_SECONDS)
            for _ in range(int(minutes * 60 / TICK_SECONDS)):
                now += timedelta(seconds=TICK_SECONDS)
                # Real ticks are 30 s apart: the work a tick started in the background (every ten minutes, a
                # re-read of every schedule, and of those the tick posted in) is done before the next one.
                await runner.settled()
                await asyncio.sleep(0.02)
                before = presenter.posts
                began = time.perf_counter()
                await runner.run_due(now)
                spent = time.perf_counter() - began
                (posting if presenter.posts > before else idle).append(spent)
            await runner.stop()  # a background re-read still running must end before the store closes
            began = time.perf_counter()
            await store.schedules(enabled_only=True)
            read = time.perf_counter() - began
            return first, idle, posting, presenter.posts, read, preload
        finally:
            await store.close()


async def store_read(schedules: list[DailySchedule]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(str(Path(folder) / "bench.db"))
        try:
            began = time.perf_counter()
            for s in schedules:
                await store.set_schedule(s.guild_id, s.channel_id, s.local_time, s.deck, time_zone=s.time_zone)
            write = time.perf_counter() - began
            reads = []
            for _ in range(10):
                began = time.perf_counter()
                loaded = await store.schedules(enabled_only=True)
                reads.append(time.perf_counter() - began)
            assert len(loaded) == len(schedules)
        finally:
            await store.close()
    return write, statistics.median(reads)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--sample", type=int, default=60, help="how many ticks to also time the plain due-check on")
    parser.add_argument("--no-store", action="store_true", help="skip the real runner on SQLite")
    parser.add_argument("--runner-minutes", type=int, default=60, help="minutes of real runner ticks to time")
    args = parser.parse_args()

    schedules = make_schedules(args.channels)
    zones = len({s.time_zone for s in schedules})
    ticks = int(args.hours * 3600 / TICK_SECONDS)
    _print(f"{args.channels:,} schedules in {zones} time zones; {ticks:,} ticks of {TICK_SECONDS:.0f} s from {START:%Y-%m-%d %H:%M} UTC")
    result = play(schedules, ticks, max(1, ticks // args.sample))

    planner_all = result["planner"]
    naive = result["naive"]
    sampled = result["sampled_planner"]
    assert isinstance(planner_all, list) and isinstance(naive, list) and isinstance(sampled, list)
    first = planner_all[0]
    steady = sorted(planner_all[1:])
    _print("\nDue-check per tick")
    _print(f"  plain due_schedules (zoneinfo for every schedule), {len(naive)} ticks: median {ms(statistics.median(naive))}, max {ms(max(naive))}")
    _print(f"  DuePlanner, same ticks:                        median {ms(statistics.median(sampled))}, max {ms(max(sampled))}")
    _print(f"  DuePlanner, all {len(planner_all):,} ticks: first (cold) {ms(first)}, median {ms(statistics.median(steady))}, "
           f"p99 {ms(steady[int(len(steady) * 0.99)])}")
    _print(f"  speed-up (median, same ticks): {statistics.median(naive) / statistics.median(sampled):.1f}x; "
           f"disagreements: {result['mismatches']}")

    per_tick = result["per_tick"]
    assert isinstance(per_tick, Counter)
    _print(f"\nPosts made: {result['posts']:,} (each schedule once per local day)")
    if per_tick:
        busiest_tick, count = per_tick.most_common(1)[0]
        at = START + timedelta(seconds=busiest_tick * TICK_SECONDS)
        plan = send_plan(count, at)
        drain = (plan[-1] - at).total_seconds() + REQUESTS_PER_POST / POST_RATE
        _print(f"Busiest tick: {count:,} posts due at {at:%H:%M:%S} UTC ({REQUESTS_PER_POST} requests each)")
        _print(f"  naive burst (all at once): {busiest_second([at] * count):,} requests in one second "
               f"vs Discord's global limit of {DISCORD_GLOBAL_RATE}/s")
        _print(f"  send_plan at {POST_RATE:.0f} requests/s: max {busiest_second(plan)} requests in any 1-second window, "
               f"drained in {drain:.1f} s")
        top = per_tick.most_common(5)
        _print("  five busiest ticks: " + ", ".join(
            f"{(START + timedelta(seconds=t * TICK_SECONDS)):%H:%M} UTC {n}" for t, n in top))

    if not args.no_store:
        first, idle, posting, posts, read, preload = asyncio.run(runner_ticks(schedules, args.runner_minutes))
        idle.sort()
        _print(f"\nDailyRunner on SQLite with {len(schedules):,} schedules, {args.runner_minutes} minutes of ticks (target: tick < 5 ms, first < 50 ms)")
        _print(f"  reading every schedule into memory at start-up (while the gateway connects): {ms(preload)}")
        _print(f"  first tick: {ms(first)}")
        if idle:
            _print(f"  idle ticks ({len(idle)}): median {ms(statistics.median(idle))}, p99 {ms(idle[int(len(idle) * 0.99)])}, max {ms(idle[-1])}")
        if posting:
            _print(f"  ticks that posted ({len(posting)}, {posts} posts, each claim and post stored): "
                   f"median {ms(statistics.median(posting))}, max {ms(max(posting))}, {ms(sum(posting) / max(1, posts))} a post")
        _print(f"  baseline, one read of every schedule from SQLite (what each tick did before): {ms(read)}")


if __name__ == "__main__":
    main()
