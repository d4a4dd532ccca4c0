"""Helpers every layer shares: time zones, Discord's limits, text cutting, embeds as data, ids.

Nothing here knows a feature; features and storage import from here, never
the other way round.
"""
