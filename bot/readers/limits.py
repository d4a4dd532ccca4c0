"""Size limits for card sets, shared by every reader.

They keep a hostile or mistaken upload from using unbounded memory or time
while staying far above any real study deck.
"""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest deck file accepted, compressed or not."""

MAX_CARDS = 20_000
"""Most cards in one deck."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Most bytes a package may unpack to; anything larger is treated as a zip bomb."""

MAX_FIELD_CHARS = 20_000
"""Longest single front or back field kept; longer fields are refused as not card-shaped."""
