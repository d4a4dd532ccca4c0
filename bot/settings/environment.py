"""Settings from the environment and ``.env``.

Every setting is documented in ``.env.example``. Real environment variables
win over ``.env``. The token is kept out of ``repr`` so it can never end up in
a log line by accident.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.shared.errors import SettingsError
from bot.shared.shards import ONE_PROCESS, Shards, parse_shards
from bot.storage.url import DEFAULT_DATABASE_URL

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DECKS_DIR = PROJECT_ROOT / "data"
DEFAULT_DECK_FILE = "sino-soviet-relations.txt"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting with a value Deckhand cannot use; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    database_url: str = DEFAULT_DATABASE_URL
    decks_dir: Path = DEFAULT_DECKS_DIR
    dev_guild_id: int | None = None
    message_content: bool = True
    log_level: str = "INFO"
    api_base: str | None = None
    gateway_url: str | None = None
    deck_quota_decks: int = 50
    """Decks a server may import."""
    deck_quota_bytes: int = 100 * 1024 * 1024
    """Bytes of imported decks a server may keep, pictures and sounds included (they are inside the files)."""
    deck_cache_bytes: int = 200 * 1024 * 1024
    """Memory for loaded imported decks (an estimate); the least recently used are read again when needed."""
    shards: Shards = ONE_PROCESS
    """The shards this process runs (SHARD_COUNT, SHARD_IDS)."""

    @property
    def log_level_number(self) -> int:
        return getattr(logging, self.log_level)


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv: Path | None = Path(".env")) -> Settings:
    """Read settings; ``environ`` defaults to the process environment."""
    values: dict[str, str] = {}
    if dotenv is not None and dotenv.is_file():
        values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def text(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    decks_dir = Path(text("DECKS_DIR") or DEFAULT_DECKS_DIR)
    if not decks_dir.is_absolute() and not decks_dir.exists() and (PROJECT_ROOT / decks_dir).exists():
        decks_dir = PROJECT_ROOT / decks_dir
    database_url = text("DATABASE_URL") or DEFAULT_DATABASE_URL
    try:
        shards = parse_shards(text("SHARD_COUNT"), text("SHARD_IDS"))
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    if shards.sharded and database_url.split("://", 1)[0].lower() == "sqlite":
        raise ConfigError(
            "SHARD_COUNT and SHARD_IDS need a PostgreSQL DATABASE_URL (postgresql://...): one SQLite file serves one"
            " process. Copy your database over with python -m bot migrate --to postgresql://..., or unset SHARD_COUNT"
        )
    return Settings(
        token=text("DISCORD_TOKEN"),
        database_url=database_url,
        decks_dir=decks_dir,
        dev_guild_id=_snowflake("DEV_GUILD_ID", text("DEV_GUILD_ID")),
        message_content=_flag("DISCORD_MESSAGE_CONTENT", text("DISCORD_MESSAGE_CONTENT"), default=True),
        log_level=_level(text("LOG_LEVEL")),
        api_base=_url("DISCORD_API_BASE", text("DISCORD_API_BASE"), ("http://", "https://")),
        gateway_url=_url("DISCORD_GATEWAY_URL", text("DISCORD_GATEWAY_URL"), ("ws://", "wss://")),
        deck_quota_decks=_count("DECK_QUOTA_DECKS", text("DECK_QUOTA_DECKS"), default=50),
        deck_quota_bytes=_count("DECK_QUOTA_MB", text("DECK_QUOTA_MB"), default=100) * 1024 * 1024,
        deck_cache_bytes=_count("DECK_CACHE_MB", text("DECK_CACHE_MB"), default=200) * 1024 * 1024,
        shards=shards,
    )


def _count(name: str, value: str | None, *, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1; got {value!r}")
    return int(value)


def _snowflake(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise ConfigError(f"{name} must be a server ID (a number); got {value!r}. Copy it with Developer Mode on.")
    return int(value)


def _flag(name: str, value: str | None, *, default: bool) -> bool:
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false; got {value!r}")


def _level(value: str | None) -> str:
    if value is None:
        return "INFO"
    if value.upper() not in _LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LEVELS)}; got {value!r}")
    return value.upper()


def _url(name: str, value: str | None, schemes: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not value.startswith(schemes):
        raise ConfigError(f"{name} must start with {' or '.join(schemes)}; got {value!r}")
    return value.rstrip("/")
