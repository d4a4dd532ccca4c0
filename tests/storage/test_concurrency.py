"""Many answers at once, two processes' worth of stores, and a killed writer."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from bot.storage import SqliteStore, open_store
from tests.helpers import ROOT

from .conftest import Clock, attempt


async def test_200_concurrent_attempts_lose_and_double_nothing(file_store: SqliteStore) -> None:
    tasks = [
        file_store.record_attempt(attempt(member % 20, deck=f"d{member % 3}", points=member % 7, correct=member % 2 == 0))
        for member in range(200)
    ]
    results = await asyncio.gather(*tasks)
    assert len({r.id for r in results}) == 200
    page = await file_store.leaderboard(1, "all", limit=100)
    assert sum(r.attempts for r in page.rows) == 200
    assert sum(r.points for r in page.rows) == sum(m % 7 for m in range(200))
    assert sum(r.correct for r in page.rows) == 100
    by_deck = [await file_store.leaderboard(1, "today", deck=f"d{i}", limit=100) for i in range(3)]
    assert sum(r.attempts for p in by_deck for r in p.rows) == 200


async def test_concurrent_race_has_exactly_one_winner_per_question(file_store: SqliteStore) -> None:
    results = await asyncio.gather(
        *[file_store.record_attempt(attempt(m, question=f"q{m % 4}")) for m in range(40)]
    )
    winners = [r for r in results if r.won]
    assert len(winners) == 4
    page = await file_store.leaderboard(1, "all", limit=100)
    assert sum(r.points for r in page.rows) == 40  # 4 winners x 10 points
    assert sum(r.correct for r in page.rows) == 40  # late answers were still right


async def test_two_stores_on_one_database_race_for_claims(database_url: str, clock: Clock) -> None:
    """Two processes' stores (two connections) on one SQLite file or one PostgreSQL database."""
    a = await open_store(database_url, now=clock)
    b = await open_store(database_url, now=clock)
    try:
        for round_ in range(15):
            question = f"q{round_}"
            results = await asyncio.gather(
                a.record_attempt(attempt(1, question=question)),
                b.record_attempt(attempt(2, question=question)),
                a.claim_question_win(1, 99, question, 1),
                b.claim_question_win(1, 99, question, 2),
                a.claim_daily_post(1, 500 + round_, date(2026, 3, 4), "deck", "card-a"),
                b.claim_daily_post(1, 500 + round_, date(2026, 3, 4), "deck", "card-b"),
            )
            assert [results[0].won, results[1].won].count(True) == 1
            assert [results[2], results[3]].count(True) == 1
            assert [results[4], results[5]].count(True) == 1
        page = await b.leaderboard(1, "all")
        assert sum(r.points for r in page.rows) == 150
        assert sum(r.attempts for r in page.rows) == 30
    finally:
        await a.close()
        await b.close()


WRITER = """
import asyncio, sys
from bot.storage import Attempt, open_store

async def main(path):
    store = await open_store("sqlite:///" + path)
    n = 0
    while True:
        n += 1
        result = await store.record_attempt(Attempt(1, 2, n % 50, "deck", f"card-{n % 9}", "recall",
                                                     "reply", "exact", True, 3, 100))
        print(result.id, flush=True)  # only after the commit returned

asyncio.run(main(sys.argv[1]))
"""


def test_killed_writer_loses_nothing_committed(db_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    printed: list[int] = []
    try:
        assert writer.stdout is not None
        while len(printed) < 150:
            line = writer.stdout.readline()
            assert line, writer.stderr.read().decode() if writer.stderr else "writer died"
            printed.append(int(line))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    with sqlite3.connect(db_path) as conn:  # the file as the next start-up finds it
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM attempts")}
        # Aggregates never run ahead of or behind the attempts they came from.
        points, count = conn.execute(
            "SELECT points, attempts FROM scores WHERE guild_id = 1 AND deck = '' AND bucket = 's:1' AND member_id = 7"
        ).fetchone()
        expected = conn.execute("SELECT SUM(points), COUNT(*) FROM attempts WHERE member_id = 7").fetchone()
    assert set(printed) <= stored
    assert (points, count) == expected
    reopened = asyncio.run(_reopen_and_count(db_path))
    assert reopened == len(stored)


async def _reopen_and_count(path: Path) -> int:
    store = await SqliteStore.open(str(path))
    try:
        assert await store.check_integrity() == "ok"
        page = await store.leaderboard(1, "all", limit=100)
        return sum(r.attempts for r in page.rows)
    finally:
        await store.close()
