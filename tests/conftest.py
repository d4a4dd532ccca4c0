"""Fixtures shared by every test folder."""

from tests.fake_discord.fixtures import error_logs, fake_discord  # noqa: F401

import os

from hypothesis import HealthCheck, settings

# Random decks: a bounded number per test, so the suite stays fast; CI uses the same profile.
settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("DECKHAND_HYPOTHESIS", "default"))
