"""An embed as plain data, so the core words every message and tests read it without Discord.

A cog turns an :class:`EmbedText` into a ``discord.Embed`` field for field;
:func:`fit_embed` guarantees Discord accepts it, whatever a member named
themselves or a deck author put on a card.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.shared import limits
from bot.shared.text import clip


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class EmbedText:
    title: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str = ""

    def size(self) -> int:
        """What Discord counts against the 6000-character total."""
        return len(self.title) + len(self.description) + len(self.footer) + sum(len(f.name) + len(f.value) for f in self.fields)


def fit_embed(embed: EmbedText) -> EmbedText:
    """Cut every part to Discord's limit, then shorten the description and drop
    trailing fields until the whole embed is within 6000 characters."""
    fields = tuple(
        Field(clip(f.name, limits.EMBED_FIELD_NAME) or "\u200b", clip(f.value, limits.EMBED_FIELD) or "\u200b", f.inline)
        for f in embed.fields[: limits.EMBED_FIELDS]
    )
    out = EmbedText(
        title=clip(embed.title, limits.EMBED_TITLE),
        description=clip(embed.description, limits.EMBED_DESCRIPTION),
        fields=fields,
        footer=clip(embed.footer, limits.EMBED_FOOTER),
    )
    excess = out.size() - limits.EMBED_TOTAL
    if excess > 0 and out.description:
        out = replace(out, description=clip(out.description, max(0, len(out.description) - excess)))
    while out.size() > limits.EMBED_TOTAL and out.fields:
        out = replace(out, fields=out.fields[:-1])
    return out
