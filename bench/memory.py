"""The tutor measured: how well FSRS predicts a simulated study group, what weakest-first picks buy, and speed.

Run: python -m bench.memory [--members 200] [--cards 500] [--days 90] [--scale-members 10000] [--scale-pairs 2000000]

1. A server is simulated: members with their own ability answer a deck of
   cards with their own difficulty, in quizzes, the question of the day and
   study sessions, for ``--days`` days. Their recall follows a model that is
   *not* FSRS's curve: a DASH-like logistic of ability, difficulty, past
   successes and failures, and the log of the days since the last review.
   Before each review, FSRS (the bot's scheduler, default parameters), SM-2
   and a constant baseline each predict the outcome; the log-loss and the
   calibration error of each are printed side by side.
2. The same server is simulated twice, the question of the day picking the
   group's weakest card or a random one; the group's true recall of the cards
   it has met on the last day is printed for both (target ratio >= 1.1).
3. Time per review, with and without its database write (real SQLite file).
4. At scale (``--scale-members`` members, ``--scale-pairs`` member-card
   pairs in a real SQLite file): "due cards for a member" and "group recall
   for a deck" (the kept snapshot, and its hourly sum afresh), beside a plain
   count of the same rows as the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.srs import AGAIN, DEFAULT, GOOD, HARD, group_memory, read_group_memory
from bot.storage import CardMemory, SqliteStore

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


# -- 1. the simulated group ----------------------------------------------------------------------


@dataclass
class Pair:
    """What a simulated member truly knows of a card, and what each scheduler believes."""

    right: int = 0
    wrong: int = 0
    last: datetime | None = None
    fsrs: dict | None = None
    sm2_interval: float = 0.0
    sm2_ease: float = 2.5
    sm2_reps: int = 0


def true_recall(ability: float, difficulty: float, pair: Pair, at: datetime) -> float:
    """DASH-like: practice helps, failures hurt, time since the last review decays on a log scale."""
    days = (at - pair.last).total_seconds() / 86400 if pair.last else 30.0
    z = 2.2 + ability - difficulty + 1.1 * math.log1p(pair.right) - 0.6 * math.log1p(pair.wrong) - 0.7 * math.log1p(days)
    return 1 / (1 + math.exp(-z))


def sm2_predict(pair: Pair, at: datetime) -> float:
    """SM-2 gives no probability; as in the open spaced-repetition benchmark, its interval is read as 90% recall."""
    if pair.last is None or pair.sm2_interval <= 0:
        return 0.5
    days = (at - pair.last).total_seconds() / 86400
    return 0.9 ** (days / pair.sm2_interval)


def sm2_update(pair: Pair, correct: bool) -> None:
    quality = 4 if correct else 1
    if correct:
        pair.sm2_reps += 1
        pair.sm2_interval = 1 if pair.sm2_reps == 1 else 6 if pair.sm2_reps == 2 else pair.sm2_interval * pair.sm2_ease
    else:
        pair.sm2_reps, pair.sm2_interval = 0, 1
    pair.sm2_ease = max(1.3, pair.sm2_ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))


@dataclass
class Scores:
    """Predictions against outcomes, per model."""

    predictions: dict[str, list[tuple[float, int]]] = field(default_factory=lambda: {"FSRS": [], "SM-2": [], "constant": []})

    def add(self, model: str, p: float, outcome: int) -> None:
        self.predictions[model].append((min(max(p, 1e-4), 1 - 1e-4), outcome))

    def log_loss(self, model: str) -> float:
        rows = self.predictions[model]
        return -sum(o * math.log(p) + (1 - o) * math.log(1 - p) for p, o in rows) / len(rows)

    def calibration(self, model: str, bins: int = 10) -> float:
        """Expected calibration error: the mean gap between predicted and observed recall, over 10 bins."""
        rows = self.predictions[model]
        total = 0.0
        for b in range(bins):
            inside = [(p, o) for p, o in rows if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1)]
            if inside:
                total += len(inside) * abs(statistics.fmean(p for p, _ in inside) - statistics.fmean(o for _, o in inside))
        return total / len(rows)


def simulate(members: int, cards: int, days: int, *, weakest: bool, seed: int = 7) -> tuple[Scores, float, int]:
    """The group's study over ``days``; returns the scores, the group's recall of met cards on the last day, reviews."""
    rng = random.Random(seed)
    ability = [rng.gauss(0, 0.6) for _ in range(members)]
    difficulty = [rng.gauss(0, 0.6) for _ in range(cards)]
    keys = [f"sim:{c}" for c in range(cards)]
    pairs: dict[tuple[int, int], Pair] = {}
    scores = Scores()
    seen = [0, 0]  # successes, reviews: the constant baseline's running mean
    reviews = 0
    picker = random.Random(seed + 1)

    def review(member: int, card: int, at: datetime, *, timed_quiz: bool = False) -> None:
        nonlocal reviews
        pair = pairs.setdefault((member, card), Pair())
        p_true = true_recall(ability[member], difficulty[card], pair, at)
        outcome = int(rng.random() < p_true)
        if pair.fsrs is not None:
            scores.add("FSRS", DEFAULT.recall(pair.fsrs, at), outcome)
            scores.add("SM-2", sm2_predict(pair, at), outcome)
            scores.add("constant", seen[0] / seen[1] if seen[1] else 0.5, outcome)
        seen[0] += outcome
        seen[1] += 1
        rating = GOOD if outcome else AGAIN
        if outcome and timed_quiz and rng.random() < 0.2:
            rating = HARD
        pair.fsrs = DEFAULT.review(pair.fsrs, keys[card], rating, at).state
        sm2_update(pair, bool(outcome))
        pair.right += outcome
        pair.wrong += 1 - outcome
        pair.last = at
        reviews += 1

    for day in range(days):
        today = START + timedelta(days=day)
        # The question of the day: what the group knows least, or any card; 60% of members answer it.
        if weakest:
            memory = group_memory(
                [CardMemory(keys[c], m, p.fsrs.get("stability"), p.last) for (m, c), p in pairs.items() if p.fsrs],
                today,
            )
            order = memory.ranked(keys, picker)
            card = int(order[0].split(":")[1])
        else:
            card = picker.randrange(cards)
        for member in range(members):
            if rng.random() < 0.6:
                review(member, card, today + timedelta(minutes=rng.randrange(600)))
        # Two quiz rounds a week of ten random cards; a third of the members play.
        if day % 7 in (2, 5):
            for card in rng.sample(range(cards), 10):
                for member in range(members):
                    if rng.random() < 0.33:
                        review(member, card, today + timedelta(hours=2), timed_quiz=True)
        # A fifth of the members study on a day: their due cards, up to 20.
        for member in range(members):
            if rng.random() < 0.2:
                due = [c for (m, c), p in pairs.items() if m == member and p.fsrs and
                       datetime.fromisoformat(p.fsrs["due"]) <= today + timedelta(hours=3)]
                for card in due[:20]:
                    review(member, card, today + timedelta(hours=3))
    end = START + timedelta(days=days)
    met = [true_recall(ability[m], difficulty[c], p, end) for (m, c), p in pairs.items()]
    return scores, statistics.fmean(met) if met else 0.0, reviews


# -- 3. time per review ------------------------------------------------------------------------------


async def review_speed(count: int = 2000) -> tuple[float, float]:
    """(µs per review without storage, ms per review stored in SQLite with its log row)."""
    started = time.perf_counter()
    state = None
    for i in range(count):
        state = DEFAULT.review(state, "speed:card", GOOD if i % 3 else AGAIN, START + timedelta(days=i)).state
    bare = (time.perf_counter() - started) / count * 1e6
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(str(Path(folder) / "speed.db"))
        try:
            # The deck's recall has been read, so every review also updates its snapshot.
            await read_group_memory(store, 1, "speed", START)
            started = time.perf_counter()
            for i in range(count):
                key = f"speed:{i % 200}"
                await store.record_review(
                    1, 1 + i % 50, key, "speed", "recall",
                    lambda s, u, at, key=key: DEFAULT.review(s, key, GOOD, at), at=START + timedelta(minutes=i),
                )
            stored = (time.perf_counter() - started) / count * 1000
        finally:
            await store.close()
    return bare, stored


# -- 4. at scale --------------------------------------------------------------------------------------


async def at_scale(members: int, pairs: int, progress: bool = True) -> dict[str, float]:
    """Fill a real SQLite file with ``pairs`` member-card states, then time the two reads the bot makes."""
    cards = max(1, pairs // members)
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(str(Path(folder) / "scale.db"))
        try:
            db = store._db  # the benchmark fills the table directly: two million reviews one by one would take an hour
            rng = random.Random(3)
            batch: list[tuple] = []
            done = 0
            for member in range(1, members + 1):
                for card in range(cards):
                    due = START + timedelta(days=rng.randrange(-30, 60))
                    batch.append((1, member, f"deck:{card}", "deck", "{}", int(due.timestamp() * 1000), 0,
                                  rng.uniform(0.5, 60), int((START - timedelta(days=rng.randrange(1, 40))).timestamp() * 1000)))
                if len(batch) >= 100_000 or member == members:
                    await db.executemany(
                        "INSERT INTO srs_state (guild_id, member_id, card_key, deck, state, due_at, updated_at, stability,"
                        " reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                    await db.commit()
                    done += len(batch)
                    batch.clear()
                    if progress and (done % 500_000 < 100_000 or member == members):
                        print(f"  filled {done:,} of {members * cards:,} member-card pairs", flush=True)
            figures: dict[str, float] = {}

            async def best(fn, repeat: int = 5) -> float:
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    await fn()
                    times.append(time.perf_counter() - started)
                return min(times) * 1000

            figures["due cards for a member"] = await best(lambda: store.due_cards(1, members // 2, limit=200, at=START))
            figures["  baseline: count the member's rows"] = await best(
                lambda: store._fetchone("SELECT COUNT(*) FROM srs_state WHERE guild_id = 1 AND member_id = ?", (members // 2,)))

            hour = 0

            async def summed() -> None:
                nonlocal hour
                hour += 2  # two hours on: the snapshot is old and the deck is summed afresh
                await read_group_memory(store, 1, "deck", START + timedelta(hours=hour))

            async def recall() -> None:
                await read_group_memory(store, 1, "deck", START + timedelta(hours=hour, minutes=5))

            figures["group recall summed afresh (hourly)"] = await best(summed, repeat=2)
            figures["group recall for a deck"] = await best(recall)
            figures["  baseline: count the deck's rows"] = await best(
                lambda: store._fetchone("SELECT COUNT(*) FROM srs_state WHERE guild_id = 1 AND deck = 'deck'"), repeat=2)
            return figures
        finally:
            await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--scale-members", type=int, default=10_000)
    parser.add_argument("--scale-pairs", type=int, default=2_000_000)
    args = parser.parse_args()

    print(f"1-2. A simulated server: {args.members} members, {args.cards} cards, {args.days} days "
          "(recall by a DASH-like model, not FSRS's curve)")
    started = time.perf_counter()
    scores, weak_recall, reviews = simulate(args.members, args.cards, args.days, weakest=True)
    _, random_recall, _ = simulate(args.members, args.cards, args.days, weakest=False)
    print(f"  {reviews:,} reviews simulated twice in {time.perf_counter() - started:.0f} s")
    print(f"  {'model':<10} {'log-loss':>9} {'calibration error':>18}")
    for model in ("FSRS", "SM-2", "constant"):
        print(f"  {model:<10} {scores.log_loss(model):9.3f} {scores.calibration(model):18.3f}")
    print(f"  group recall of met cards on day {args.days}: weakest-first daily {weak_recall:.3f}, random daily "
          f"{random_recall:.3f} (ratio {weak_recall / random_recall:.2f}; target >= 1.1)")

    bare, stored = asyncio.run(review_speed())
    print("3. Time per review")
    print(f"  scheduling only          {bare:8.1f} µs   (target < 100)")
    print(f"  with its database write  {stored:8.2f} ms   (target < 1)")

    print(f"4. At scale: {args.scale_members:,} members, {args.scale_pairs:,} member-card pairs (real SQLite file)")
    for name, ms in asyncio.run(at_scale(args.scale_members, args.scale_pairs)).items():
        print(f"  {name:<38} {ms:8.1f} ms")
    print("  targets: due cards < 10 ms, group recall < 50 ms (the snapshot every review keeps current;"
          " summed afresh when read an hour after its last sum)")


if __name__ == "__main__":
    main()
