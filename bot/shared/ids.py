"""Discord ids as every layer checks them."""

from __future__ import annotations

_INT64_MAX = 2**63 - 1


def check_id(name: str, value: object) -> int:
    """Snowflakes must fit a signed 64-bit column; catch a str or None early."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _INT64_MAX:
        raise ValueError(f"{name} must be a Discord id (a non-negative 64-bit int), got {value!r}")
    return value
