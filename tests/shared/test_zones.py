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
