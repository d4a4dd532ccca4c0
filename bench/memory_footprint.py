"""Deckhand's memory beside a bare discord.py client, both connected to the same 1,000 servers.

Run: python -m bench.memory_footprint [--guilds 1000] [--settle 3]

Starts the loopback fake of Discord with that many servers, then, one after
the other, a bare discord.py client (bench/bare_client.py: the same intents,
nothing else) and Deckhand itself (`python -m bot`, with the built-in deck
loaded and an empty database). Once each has received every server and
settled, it reads the process's resident memory (VmRSS) a few times and keeps
the highest. Prints both, and the difference; the budget is 25 MB over the
bare client.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from tests.fake_discord.server import FakeDiscord
from tests.helpers import bot_env

BUDGET_MB = 25.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(fake: FakeDiscord, args: list[str], env: dict[str, str], ready: str, settle: float) -> float:
    """Start a process, wait for ``ready`` in its output, let it settle, and return its peak resident MB."""
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
        await asyncio.sleep(settle)
        samples = []
        for _ in range(5):
            samples.append(rss_mb(process.pid))
            await asyncio.sleep(0.2)
        drain.cancel()
        return max(samples)
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


async def run(guilds: int, settle: float) -> tuple[float, float]:
    async with FakeDiscord() as fake:
        for number in range(guilds - 1):
            fake.add_guild(f"Study group {number}")
        with tempfile.TemporaryDirectory(prefix="deckhand-memory-") as home:
            cache = os.environ.get("DECKHAND_CACHE_DIR", str(Path.home() / ".cache" / "deckhand"))
            env = bot_env(fake, Path(home), DECKHAND_CACHE_DIR=cache)
            bare = await measure(fake, ["-m", "bench.bare_client"], env, "ready", settle)
            deckhand = await measure(fake, ["-m", "bot"], env, "logged in as", settle)
    return bare, deckhand


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--settle", type=float, default=3.0)
    args = parser.parse_args()
    bare, deckhand = asyncio.run(run(args.guilds, args.settle))
    print(f"Memory at {args.guilds:,} servers, resident (VmRSS), highest of 5 samples after settling")
    print(f"  bare discord.py client  {bare:7.1f} MB   (baseline)")
    print(f"  Deckhand                {deckhand:7.1f} MB")
    over = deckhand - bare
    print(f"  difference              {over:+7.1f} MB   (budget {BUDGET_MB:.0f} MB: {'within' if over <= BUDGET_MB else 'OVER'})")


if __name__ == "__main__":
    main()
