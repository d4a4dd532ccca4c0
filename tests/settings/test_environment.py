"""Settings from the environment and .env."""

from __future__ import annotations

import pytest

from bot.settings import DEFAULT_DATABASE_URL, ConfigError, load_settings
from tests.helpers import ROOT


def test_defaults_without_anything(tmp_path):
    settings = load_settings({}, dotenv=tmp_path / ".env")
    assert settings.token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.message_content is True
    assert settings.log_level == "INFO"
    assert settings.decks_dir.name == "data" and (settings.decks_dir / "sino-soviet-relations.txt").exists()
    assert settings.dev_guild_id is None and settings.api_base is None and settings.gateway_url is None


def test_dotenv_is_read_and_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DISCORD_TOKEN=from-file\nLOG_LEVEL=debug\nDEV_GUILD_ID=123\nDISCORD_MESSAGE_CONTENT=no\n")
    settings = load_settings({"LOG_LEVEL": "warning"}, dotenv=dotenv)
    assert settings.token == "from-file"
    assert settings.log_level == "WARNING"
    assert settings.dev_guild_id == 123
    assert settings.message_content is False


def test_token_never_shows_in_repr(tmp_path):
    settings = load_settings({"DISCORD_TOKEN": "secret-token-value"}, dotenv=None)
    assert "secret-token-value" not in repr(settings)


def test_proxy_urls(tmp_path):
    settings = load_settings(
        {"DISCORD_API_BASE": "http://localhost:8080/", "DISCORD_GATEWAY_URL": "ws://localhost:7878"}, dotenv=None
    )
    assert settings.api_base == "http://localhost:8080"
    assert settings.gateway_url == "ws://localhost:7878"


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("DEV_GUILD_ID", "my server", "DEV_GUILD_ID must be a server ID"),
        ("DISCORD_MESSAGE_CONTENT", "maybe", "DISCORD_MESSAGE_CONTENT must be true or false"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of"),
        ("DISCORD_API_BASE", "discord.example", "DISCORD_API_BASE must start with http"),
        ("DISCORD_GATEWAY_URL", "http://x", "DISCORD_GATEWAY_URL must start with ws"),
        ("DECK_QUOTA_DECKS", "lots", "DECK_QUOTA_DECKS must be a whole number"),
        ("DECK_QUOTA_MB", "0", "DECK_QUOTA_MB must be a whole number of at least 1"),
    ],
)
def test_bad_values_are_named(name, value, words):
    with pytest.raises(ConfigError, match=words):
        load_settings({name: value}, dotenv=None)


def test_deck_quotas_default_to_50_decks_and_100_mb():
    default = load_settings({}, dotenv=None)
    assert (default.deck_quota_decks, default.deck_quota_bytes) == (50, 100 * 1024 * 1024)
    chosen = load_settings({"DECK_QUOTA_DECKS": "5", "DECK_QUOTA_MB": "20"}, dotenv=None)
    assert (chosen.deck_quota_decks, chosen.deck_quota_bytes) == (5, 20 * 1024 * 1024)


def test_env_example_documents_every_setting():

    example = (ROOT / ".env.example").read_text()
    for name in (
        "DISCORD_TOKEN", "DATABASE_URL", "DECKS_DIR", "DEV_GUILD_ID", "DISCORD_MESSAGE_CONTENT",
        "LOG_LEVEL", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DECK_QUOTA_DECKS", "DECK_QUOTA_MB", "DECK_CACHE_MB",
    ):
        assert f"\n{name}=" in example, name
    for name in ("SHARD_COUNT", "SHARD_IDS"):  # for several processes only: shown commented out
        assert f"\n# {name}=" in example, name


PG = "postgresql://deckhand@db/deckhand"


def test_shards_are_read_and_need_postgresql():
    assert not load_settings({}, dotenv=None).shards.sharded
    settings = load_settings({"SHARD_COUNT": "4", "SHARD_IDS": "0-1,3", "DATABASE_URL": PG}, dotenv=None)
    assert (settings.shards.count, settings.shards.ids, settings.shards.sharded) == (4, (0, 1, 3), True)
    assert load_settings({"SHARD_COUNT": "2", "DATABASE_URL": PG}, dotenv=None).shards.ids == (0, 1), "all, without ids"
    with pytest.raises(ConfigError, match="need a PostgreSQL DATABASE_URL.*python -m bot migrate"):
        load_settings({"SHARD_COUNT": "2"}, dotenv=None)


@pytest.mark.parametrize(
    "count, ids, words",
    [
        ("two", None, "SHARD_COUNT must be a whole number"),
        ("0", None, "SHARD_COUNT must be a whole number of at least 1"),
        (None, "0-1", "SHARD_IDS needs SHARD_COUNT"),
        ("4", "4", "names shard 4, but SHARD_COUNT is 4"),
        ("4", "3-1", "runs backwards"),
        ("4", "0;1", "like 0-3 or 0,2,5"),
    ],
)
def test_bad_shard_settings_say_what_to_write(count, ids, words):
    values = {"DATABASE_URL": PG} | ({"SHARD_COUNT": count} if count else {}) | ({"SHARD_IDS": ids} if ids else {})
    with pytest.raises(ConfigError, match=words):
        load_settings(values, dotenv=None)
