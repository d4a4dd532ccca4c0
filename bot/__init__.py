"""Deckhand: a flashcard tutor bot for Discord study groups.

Everything in this package except :mod:`bot.client` runs without importing
discord, so the core can be tested and used from a terminal on its own.
"""

__version__ = "0.1.0"
