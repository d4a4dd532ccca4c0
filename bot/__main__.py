"""``python -m bot``: run the bot, or use the core from a terminal."""

import sys

from bot.cli import main

sys.exit(main())
