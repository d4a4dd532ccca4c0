"""Which servers a process serves when the bot runs as several shard processes.

Discord puts a server on shard ``(server_id >> 22) % shard_count``. A process
runs the shards in ``SHARD_IDS`` of ``SHARD_COUNT``, and does the timed work
(daily posts, resuming rounds, study reminders) only for the servers on them,
so each is done by exactly one process. Direct messages arrive on shard 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.shared.errors import SettingsError


@dataclass(frozen=True)
class Shards:
    count: int = 1
    ids: tuple[int, ...] = (0,)
    sharded: bool = False
    """True when SHARD_COUNT is set: the process runs Discord's sharded client."""

    def shard_of(self, guild_id: int) -> int:
        return (guild_id >> 22) % self.count

    def owns(self, guild_id: int | None) -> bool:
        """True when this process serves the server (``None``: a direct message, which comes on shard 0)."""
        if self.count == 1:
            return True
        return (0 if guild_id is None else self.shard_of(guild_id)) in self.ids

    @property
    def first(self) -> bool:
        """True for the process that runs shard 0: it syncs the slash commands and runs the bot-wide jobs."""
        return 0 in self.ids

    def describe(self) -> str:
        return f"shard{'s' if len(self.ids) > 1 else ''} {_ranges(self.ids)} of {self.count}"


ONE_PROCESS = Shards()


def _ranges(ids: tuple[int, ...]) -> str:
    parts: list[str] = []
    start = prev = ids[0]
    for n in ids[1:] + (None,):  # type: ignore[operator]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(parts)


def parse_shards(count: str | None, ids: str | None) -> Shards:
    """``SHARD_COUNT`` and ``SHARD_IDS`` ("0-3", "4,5", "2"): refused with a message that says what to write."""
    if count is None:
        if ids is not None:
            raise SettingsError("SHARD_IDS needs SHARD_COUNT: set SHARD_COUNT to the total number of shards")
        return ONE_PROCESS
    if not count.isdigit() or int(count) < 1:
        raise SettingsError(f"SHARD_COUNT must be a whole number of at least 1; got {count!r}")
    total = int(count)
    if ids is None:
        return Shards(total, tuple(range(total)), sharded=True)
    chosen: set[int] = set()
    for part in ids.replace(" ", "").split(","):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise SettingsError(f"SHARD_IDS must list shard numbers and ranges, like 0-3 or 0,2,5; got {ids!r}")
        first, last = int(low), int(high) if dash else int(low)
        if first > last:
            raise SettingsError(f"SHARD_IDS range {part!r} runs backwards; write it low-high, like 0-3")
        if last >= total:
            raise SettingsError(f"SHARD_IDS {ids!r} names shard {last}, but SHARD_COUNT is {total} (shards 0-{total - 1})")
        chosen.update(range(first, last + 1))
    return Shards(total, tuple(sorted(chosen)), sharded=True)
