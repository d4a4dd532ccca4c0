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

MAX_TEXT_CHARS = 50_000_000
"""Most characters of note text read from one package, all fields of all notes together.

A package unpacks to at most MAX_UNPACKED_BYTES, but nearly all of that can be
markup that compresses to almost nothing; turning 200 MB of HTML into cards
takes many seconds. 50 million characters is over a hundred times a large real
deck's text (20,000 cards of a few hundred characters each), and reads in a few
seconds at most.
"""
