"""Fixtures shared by every test folder."""

from tests.e2e.conftest import deckhand  # noqa: F401
from tests.fake_discord.fixtures import error_logs, fake_discord  # noqa: F401
