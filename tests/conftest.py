"""Fixtures shared by every test folder."""

from tests.fake_discord.fixtures import error_logs, fake_discord  # noqa: F401
