"""Deckhand: a flashcard tutor bot for Discord study groups.

One package per feature (``quiz``, ``daily``, ``boards``, ``decks``,
``questions``, ``grading``, ``settings``), with the card model in ``cards``,
the database behind ``storage``, shared helpers in ``shared`` and the front
ends in ``app``. Everything here except :mod:`bot.app.client` runs without
importing discord, so the core can be tested and used from a terminal on its
own.
"""

__version__ = "0.1.0"
