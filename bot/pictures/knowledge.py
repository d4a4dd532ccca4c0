"""A deck's knowledge map: every card a tile coloured by what the group knows of it, by section."""

from __future__ import annotations

from collections.abc import Sequence

from bot.pictures._draw import EMPTY, MUTED, SCALE, TEXT, canvas, fit, font, png

WIDTH = 800
MARGIN = 28
MAX_TILES = 2000
"""Tiles drawn at most; a bigger deck's map says how many more there are."""
BANDS = ("0-19%", "20-39%", "40-59%", "60-79%", "80-100%")


def band(knowledge: float | None) -> int | None:
    """The scale step of a card's knowledge (0 to 1): None for a card nobody met."""
    if knowledge is None:
        return None
    return min(len(SCALE) - 1, int(knowledge * len(SCALE)))


def knowledge_map(
    title: str, groups: Sequence[tuple[str, Sequence[float | None]]], weakest: Sequence[tuple[str, float]], *,
    subtitle: str = "",
) -> bytes:
    """``groups``: (section, each card's knowledge or None) in deck order; ``weakest``: (front, knowledge)."""
    total = sum(len(values) for _, values in groups)
    shown = min(total, MAX_TILES)
    room = WIDTH - 2 * MARGIN
    tile = 24 if shown <= 120 else 16 if shown <= 400 else 10 if shown <= 1000 else 7
    per_row = max(1, room // tile)
    rows = 0
    left = shown
    for _, values in groups:
        take = min(len(values), left)
        left -= take
        rows += -(-take // per_row) if take else 0
    height = 90 + rows * tile + len(groups) * 32 + 40 + 24 * max(1, len(weakest)) + 30
    image, draw = canvas(WIDTH, height)
    big, small, label = font(26, bold=True), font(14), font(15, bold=True)
    draw.text((MARGIN, 20), fit(draw, title, room, big), font=big, fill=TEXT)
    if subtitle:
        draw.text((MARGIN, 54), fit(draw, subtitle, room, small), font=small, fill=MUTED)
    y = 86
    left = shown
    for name, values in groups:
        if left <= 0:
            break
        draw.text((MARGIN, y), fit(draw, f"{name} · {len(values):,} cards", room, label), font=label, fill=TEXT)
        y += 24
        for i, knowledge in enumerate(values[:left]):
            x, top = MARGIN + (i % per_row) * tile, y + (i // per_row) * tile
            step = band(knowledge)
            draw.rectangle((x, top, x + tile - 3, top + tile - 3), fill=EMPTY if step is None else SCALE[step])
        take = min(len(values), left)
        y += -(-take // per_row) * tile + 8
        left -= take
    if total > shown:
        draw.text((MARGIN, y), f"and {total - shown:,} more cards", font=small, fill=MUTED)
    y += 14
    x = MARGIN
    draw.rectangle((x, y + 3, x + 11, y + 14), fill=EMPTY)
    draw.text((x + 16, y), "never met", font=small, fill=MUTED)
    x += 16 + draw.textlength("never met", font=small) + 18
    for colour, words in zip(SCALE, BANDS):
        draw.rectangle((x, y + 3, x + 11, y + 14), fill=colour)
        draw.text((x + 16, y), words, font=small, fill=MUTED)
        x += 16 + draw.textlength(words, font=small) + 14
    y += 34
    draw.text((MARGIN, y), "Least known", font=label, fill=TEXT)
    y += 24
    if not weakest:
        draw.text((MARGIN, y), "Nobody has studied this deck yet.", font=small, fill=MUTED)
    for rank, (front, knowledge) in enumerate(weakest, start=1):
        share = f"{int(knowledge * 100)}%"
        draw.text((WIDTH - MARGIN, y), share, font=small, fill=MUTED, anchor="ra")
        draw.text((MARGIN, y), fit(draw, f"{rank}. {front}", room - 60, small), font=small, fill=TEXT)
        y += 24
    return png(image)
