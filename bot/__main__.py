"""``python -m bot``: run the bot, or use the core from a terminal."""

import sys

from bot.app.cli import main

sys.exit(main())
