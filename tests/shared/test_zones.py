"""Time zones as managers type them."""

from __future__ import annotations

import pytest

from bot.shared.zones import TimeInputError, parse_zone, suggest_zones


def test_parse_zone_forgives_case_and_spaces_and_suggests() -> None:
    assert parse_zone("europe/london").key == "Europe/London"
    assert parse_zone("America/New York").key == "America/New_York"
    assert parse_zone("Tokyo").key == "Asia/Tokyo"
    with pytest.raises(TimeInputError, match="IANA") as caught:
        parse_zone("Europe/Lndon")
    assert "Mars" not in str(caught.value)
    assert suggest_zones("lond")[0] == "Europe/London"
    assert len(suggest_zones("a")) == 25
    assert suggest_zones("", first="Asia/Tokyo")[0] == "Asia/Tokyo"


# -- when to post ---------------------------------------------------------------------------------


def test_a_day_starts_at_midnight_or_where_a_gap_that_skips_midnight_ends() -> None:
    from datetime import UTC, date, datetime

    from bot.shared.zones import day_end, day_start, zone

    paris = zone("Europe/Paris")
    assert day_start(date(2026, 7, 1), paris) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert day_end(date(2026, 7, 1), paris) == datetime(2026, 7, 1, 22, 0, tzinfo=UTC)
    santiago = zone("America/Santiago")  # 2022-09-11: the clocks went from 00:00 straight to 01:00
    assert day_start(date(2022, 9, 11), santiago).astimezone(santiago).hour == 1
    assert day_end(date(2022, 9, 10), santiago) == day_start(date(2022, 9, 11), santiago)
