"""Spreading a busy minute's posts under Discord's global limit."""

from __future__ import annotations

from bot.daily import (
    DISCORD_GLOBAL_RATE,
    busiest_second,
    send_plan,
)
from tests.daily.helpers import utc


def test_send_plan_stays_under_discords_global_limit() -> None:
    start = utc(2025, 1, 1, 9)
    plan = send_plan(1000, start)
    assert plan[0] == start and plan == sorted(plan)
    assert busiest_second(plan) <= DISCORD_GLOBAL_RATE
    assert busiest_second([start] * 1000) == 3000  # the naive burst


# -- cards and questions -----------------------------------------------------------------------------
