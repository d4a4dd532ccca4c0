"""Deckhand's Discord layer: slash commands, views and listeners.

Cogs translate between Discord objects and core calls; game rules live in
``bot.quiz`` and ``bot.live``, data in ``bot.storage``.
"""
