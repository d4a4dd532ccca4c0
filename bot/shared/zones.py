"""Time zones, one module for every feature and for storage.

Zones are looked up by IANA name and kept loaded (``ZoneInfo`` keeps only a
few strongly, and re-reading tzdata for each of hundreds of zones every tick
is slow). What a manager types is read forgivingly by :func:`parse_zone`;
stored names go through :func:`zone`, which fails with a clear message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.shared.errors import SettingsError


class TimeInputError(ValueError):
    """A time or time zone a manager typed that cannot be used; the message says what to type."""


class UnknownZone(SettingsError):
    """A stored or programmatic zone name that is not an IANA zone."""


@lru_cache(maxsize=2048)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``, kept loaded, or :class:`UnknownZone` with a clear message."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise UnknownZone(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/London' or 'America/New_York'"
        ) from None


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date ``instant`` falls on in ``tz``."""
    return instant.astimezone(tz).date()


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def local_instant(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The UTC instant the wall clock in ``tz`` shows ``clock`` on local date ``day``.

    A wall time that happens twice (fall-back) means its first occurrence; one
    the clock skips (spring-forward) means the moment the skipped stretch ends.
    """
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if _wall(first, tz) == naive:
        return first
    # In a gap fold=1 reads the time with the later offset, landing before the
    # gap; fold=0 lands after it. The gap ends at the first instant whose wall
    # clock shows ``naive`` or later: find it by halving (transitions fall on
    # whole seconds, so this settles in ~12 steps).
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _wall(middle, tz) >= naive:
            high = middle
        else:
            low = middle
    return high


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of local date ``day`` (midnight, or the end of a gap that skips it)."""
    return local_instant(day, time(0), tz)


def day_end(day: date, tz: ZoneInfo) -> datetime:
    """The instant local date ``day`` ends (the next day's first instant)."""
    return day_start(day + timedelta(days=1), tz)


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted, for autocomplete and case-insensitive lookup."""
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


@lru_cache(maxsize=1)
def _zones_by_fold() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def parse_zone(text: str) -> ZoneInfo:
    """The IANA zone a manager named, forgiving case and spaces ("europe/london", "New York")."""
    raw = (text or "").strip()
    wanted = raw.replace(" ", "_").casefold()
    name = _zones_by_fold().get(wanted)
    if name is None:
        endings = [n for n in zone_names() if n.casefold().endswith("/" + wanted)]
        name = endings[0] if len(endings) == 1 else None
    if name is None:
        hint = ", ".join(suggest_zones(raw, limit=3))
        more = f" Did you mean {hint}?" if hint else ""
        raise TimeInputError(
            f"“{raw}” is not a time zone I know: use an IANA name such as Europe/London or America/New_York "
            f"(start typing to see suggestions).{more}"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed but not loadable
        raise TimeInputError(f"the time zone {name} cannot be loaded on this machine") from None


def suggest_zones(current: str, *, limit: int = 25, first: str | None = None) -> list[str]:
    """Zone names for autocomplete: names starting with the text, then names containing it."""
    wanted = current.strip().replace(" ", "_").casefold()
    names = zone_names()
    if not wanted:
        picked = [first] if first else []
        common = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
                  "America/Los_Angeles", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney"]
        return list(dict.fromkeys(picked + common))[:limit]
    starts = [n for n in names if n.casefold().startswith(wanted) or n.casefold().split("/")[-1].startswith(wanted)]
    contains = [n for n in names if wanted in n.casefold() and n not in starts]
    return (starts + contains)[:limit]
