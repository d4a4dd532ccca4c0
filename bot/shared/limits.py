"""Discord's published limits on what a bot sends, in one place for the core and the cogs."""

MESSAGE = 2000
"""Characters of a message's content."""
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELD_NAME = 256
EMBED_FIELD = 1024
"""Characters of an embed field's value."""
EMBED_FOOTER = 2048
EMBED_FIELDS = 25
EMBED_TOTAL = 6000
"""Characters of an embed's title, description, footer and fields together."""
BUTTON_LABEL = 80
AUTOCOMPLETE = 25
"""Choices in one autocomplete answer."""
CHOICE_NAME = 100
"""Characters of an autocomplete choice's name and value."""
