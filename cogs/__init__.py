"""Deckhand's Discord layer: slash commands, views and listeners.

Cogs translate between Discord objects and core calls; game rules live in
``bot.quiz``, ``bot.quiz.live`` and ``bot.daily``, data in ``bot.storage``.
Helpers every cog uses (sending, the Manage Server rule, autocomplete,
confirm buttons) live in ``cogs.shared``.
"""
