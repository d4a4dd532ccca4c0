"""A page of a leaderboard as a picture: rank, name, points and correct answers, one aligned row each."""

from __future__ import annotations

from collections.abc import Sequence

from bot.pictures._draw import (
    BRONZE,
    GOLD,
    MUTED,
    PANEL,
    SILVER,
    TEXT,
    canvas,
    fit,
    font,
    png,
)
from bot.pictures.rows import Row
from bot.shared.text import points_text

WIDTH = 800
ROW = 44
MARGIN = 28


MEDAL_COLOURS = {1: GOLD, 2: SILVER, 3: BRONZE}


def standings_card(title: str, rows: Sequence[Row], *, subtitle: str = "") -> bytes:
    """The PNG /leaderboard attaches for the page it shows; equal points share a rank and a medal, 0 points gets none."""
    height = 86 + ROW * max(1, len(rows)) + 16
    image, draw = canvas(WIDTH, height)
    big, name_face, small, number = font(26, bold=True), font(18), font(14), font(18, bold=True)
    draw.text((MARGIN, 20), fit(draw, title, WIDTH - 2 * MARGIN, big), font=big, fill=TEXT)
    if subtitle:
        draw.text((MARGIN, 54), fit(draw, subtitle, WIDTH - 2 * MARGIN, small), font=small, fill=MUTED)
    if not rows:
        draw.text((WIDTH / 2, 86 + ROW / 2), "Nobody has scored here yet.", font=name_face, fill=MUTED, anchor="mm")
    points_right, correct_right = WIDTH - MARGIN - 150, WIDTH - MARGIN - 16
    for i, row in enumerate(rows):
        top = 86 + i * ROW
        if i % 2 == 0:
            draw.rectangle((MARGIN - 8, top, WIDTH - MARGIN + 8, top + ROW - 4), fill=PANEL)
        middle = top + (ROW - 4) / 2
        medal = MEDAL_COLOURS.get(row.rank) if row.points > 0 else None
        if medal is not None:
            draw.ellipse((MARGIN, middle - 14, MARGIN + 28, middle + 14), fill=medal)
            draw.text((MARGIN + 14, middle), str(row.rank), font=small, fill=(30, 31, 34), anchor="mm")
        else:
            draw.text((MARGIN + 14, middle), f"{row.rank}.", font=small, fill=MUTED, anchor="mm")
        points = points_text(row.points)
        name_room = points_right - draw.textlength(points, font=number) - 20 - (MARGIN + 44)
        draw.text((MARGIN + 44, middle), fit(draw, row.name, name_room, name_face), font=name_face, fill=TEXT, anchor="lm")
        draw.text((points_right, middle), points, font=number, fill=TEXT, anchor="rm")
        draw.text((correct_right, middle), fit(draw, row.detail, 140, small), font=small, fill=MUTED, anchor="rm")
    return png(image)
