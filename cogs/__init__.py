"""Deckhand's Discord layer: slash commands, views, modals, listeners and embeds.

One module or package per feature, mirroring ``bot/``: ``quiz``, ``daily``,
``boards``, ``decks``, ``settings``, and ``errors`` for a failed command.
Cogs translate between Discord objects and core calls; rules live in the
core features and data behind ``bot.storage``. What every cog uses
(Discord's limits, private replies, the Manage Server rule, autocomplete,
core text as embeds, confirm buttons) lives in ``cogs.shared``.
"""
