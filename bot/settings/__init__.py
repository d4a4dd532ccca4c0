"""Settings, in two kinds kept apart.

- The process's own settings, read once from the environment and ``.env``
  (:mod:`bot.settings.environment`).
- One server's settings, stored in the database: what they are and what is
  allowed (:mod:`bot.settings.guild`), and what a manager may type into
  ``/settings`` (:mod:`bot.settings.changes`).
"""

from bot.settings.changes import (
    CLEAR_WORDS,
    SettingsInputError,
    changed_names,
    clears,
    edit_channels,
    settings_changes,
)
from bot.settings.environment import (
    DEFAULT_DECK_FILE,
    DEFAULT_DECKS_DIR,
    PROJECT_ROOT,
    ConfigError,
    Settings,
    load_settings,
)
from bot.settings.guild import (
    SETTING_LIMITS,
    SETTING_NAMES,
    STRICTNESS,
    GuildSettings,
    Strictness,
    check_changes,
    check_setting,
)
from bot.shared.errors import SettingsError
from bot.storage.url import DEFAULT_DATABASE_URL

__all__ = [
    "CLEAR_WORDS", "DEFAULT_DATABASE_URL", "DEFAULT_DECKS_DIR", "DEFAULT_DECK_FILE", "PROJECT_ROOT", "SETTING_LIMITS", "SETTING_NAMES",
    "STRICTNESS", "ConfigError", "GuildSettings", "Settings", "SettingsError", "SettingsInputError", "Strictness",
    "changed_names", "check_changes", "check_setting", "clears", "edit_channels", "load_settings", "settings_changes",
]
