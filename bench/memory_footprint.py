"""Deckhand's memory beside a bare discord.py client, both connected to the same 1,000 servers.

Run: python -m bench.memory_footprint [--guilds 1000] [--settle 3]

Starts the loopback fake of Discord with that many servers, then, one after
the other, a bare discord.py client (bench/bare_client.py: the same intents,
nothing else) and Deckhand itself (`python -m bot`, with the built-in deck
loaded and an empty database). Once each has received every server and
settled, it reads the process's resident memory (VmRSS) a few times and keeps
the highest. Then a member runs `/stats` and `/leaderboard`, which draw the
two pictures (Pillow and the fonts load on the first one), and Deckhand is
measured again. Prints every figure, and each difference; the budget is 25 MB
over the bare client, pictures included.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.fake_discord.server import FakeDiscord
from tests.helpers import bot_env

BUDGET_MB = 25.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(
    fake: FakeDiscord, args: list[str], env: dict[str, str], ready: str, settle: float,
    then: Callable[[], Awaitable[None]] | None = None,
) -> list[float]:
    """Start a process, wait for ``ready`` in its output, let it settle, and return its peak resident MB;
    with ``then``, run it and measure once more."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=env["HOME"], env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        assert process.stdout is not None
        while True:
            line = await asyncio.wait_for(process.stdout.readline(), timeout=max(1.0, deadline - time.monotonic()))
            if not line:
                raise RuntimeError(f"{args} ended before it was ready")
            if ready in line.decode(errors="replace"):
                break
        drain = asyncio.create_task(_drain(process.stdout))
        figures = [await _peak(process.pid, settle)]
        if then is not None:
            await then()
            figures.append(await _peak(process.pid, settle))
        drain.cancel()
        return figures
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def _peak(pid: int, settle: float) -> float:
    await asyncio.sleep(settle)
    samples = []
    for _ in range(5):
        samples.append(rss_mb(pid))
        await asyncio.sleep(0.2)
    return max(samples)


async def seed_history(fake: FakeDiscord, database_url: str) -> None:
    """Two months of answers from a few members, so both pictures have something to draw."""
    from datetime import UTC, datetime, timedelta

    from bot.storage import Attempt, open_store

    store = await open_store(database_url)
    now = datetime.now(UTC)
    attempts = [
        Attempt(
            guild_id=fake.guild.id, channel_id=1, member_id=fake.member(name).id, deck="sino-soviet-relations",
            card_key=f"sino-soviet-relations:card-{day % 7}", question_kind=("recall", "date", "cloze")[day % 3],
            reply="yes", verdict="exact" if day % 4 else "wrong", correct=bool(day % 4), points=10 if day % 4 else 0,
            time_ms=1500, source="quiz", at=now - timedelta(days=day, minutes=n),
        )
        for n, name in enumerate(("alice", "bob", "carol"))
        for day in range(60)
    ]
    try:
        await store.record_attempts_batch(attempts)
    finally:
        await store.close()


async def draw_pictures(fake: FakeDiscord) -> None:
    """A member asks for /stats and /leaderboard, and both answers arrive with their picture."""
    for command in ("stats", "leaderboard"):
        handle = await fake.invoke_command(command, member="alice")
        await handle.wait_response(timeout=60)
        await fake.wait_until(lambda: bool((handle.original_message() or {}).get("attachments")), 60, f"/{command}'s picture")


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


async def run(guilds: int, settle: float) -> tuple[float, float, float]:
    async with FakeDiscord() as fake:
        for number in range(guilds - 1):
            fake.add_guild(f"Study group {number}")
        with tempfile.TemporaryDirectory(prefix="deckhand-memory-") as home:
            cache = os.environ.get("DECKHAND_CACHE_DIR", str(Path.home() / ".cache" / "deckhand"))
            env = bot_env(fake, Path(home), DECKHAND_CACHE_DIR=cache)
            await seed_history(fake, env["DATABASE_URL"])
            [bare] = await measure(fake, ["-m", "bench.bare_client"], env, "ready", settle)
            idle, drawn = await measure(fake, ["-m", "bot"], env, "logged in as", settle, lambda: draw_pictures(fake))
    return bare, idle, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--settle", type=float, default=3.0)
    args = parser.parse_args()
    bare, idle, drawn = asyncio.run(run(args.guilds, args.settle))
    print(f"Memory at {args.guilds:,} servers, resident (VmRSS), highest of 5 samples after settling")
    print(f"  bare discord.py client           {bare:7.1f} MB   (baseline)")
    for label, figure in (("Deckhand, started", idle), ("Deckhand, after both pictures", drawn)):
        over = figure - bare
        verdict = "within" if over <= BUDGET_MB else "OVER"
        print(f"  {label:<31}  {figure:7.1f} MB   {over:+6.1f} MB over (budget {BUDGET_MB:.0f} MB: {verdict})")


if __name__ == "__main__":
    main()
