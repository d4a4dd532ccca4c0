"""A member's progress card: 30 days of points and accuracy, a year of correct answers, accuracy by kind."""

from __future__ import annotations

from datetime import date, timedelta

from bot.pictures._draw import (
    EMPTY,
    MUTED,
    PANEL,
    SCALE,
    TEXT,
    canvas,
    fit,
    font,
    png,
    scale_colour,
)
from bot.pictures.figures import DAYS, kind_share, recent_line, summary
from bot.storage import MemberHistory

WIDTH, HEIGHT = 800, 560
MARGIN = 28
CALENDAR_STEPS = (1, 3, 6, 10)
"""Correct answers in a day for each colour of the year's calendar: 1, 2-3, 4-6, 7-10, more."""


def progress_card(name: str, history: MemberHistory, *, unit: str = "point") -> bytes:
    """The PNG /stats attaches; ``unit`` is what each day's bar counts (points, or a learner's reviews)."""
    image, draw = canvas(WIDTH, HEIGHT)
    figures = summary(history)
    title, small, label = font(26, bold=True), font(14), font(16, bold=True)
    draw.text((MARGIN, 20), fit(draw, f"{name} · progress", WIDTH - 2 * MARGIN, title), font=title, fill=TEXT)

    # 1. The last 30 days: points as bars, accuracy as dots on the same days.
    top = 66
    draw.text((MARGIN, top), "Last 30 days", font=label, fill=TEXT)
    draw.text((WIDTH - MARGIN, top), recent_line(figures, unit), font=small, fill=MUTED, anchor="ra")
    chart_top, chart_bottom = top + 30, top + 170
    draw.rectangle((MARGIN, chart_top, WIDTH - MARGIN, chart_bottom), fill=PANEL)
    days = [history.day(history.today - timedelta(days=DAYS - 1 - i)) for i in range(DAYS)]
    most = max((d.points for d in days), default=0)
    slot = (WIDTH - 2 * MARGIN - 16) / DAYS
    height = chart_bottom - chart_top - 16
    for i, d in enumerate(days):
        x0 = MARGIN + 8 + i * slot
        if most and d.points:
            bar = max(2, round(height * d.points / most))
            draw.rectangle((x0 + 2, chart_bottom - 8 - bar, x0 + slot - 2, chart_bottom - 8), fill=SCALE[2])
        elif d.attempts:
            draw.rectangle((x0 + 2, chart_bottom - 10, x0 + slot - 2, chart_bottom - 8), fill=EMPTY)
        if d.attempts:
            y = chart_bottom - 8 - height * d.correct / d.attempts
            cx = x0 + slot / 2
            draw.ellipse((cx - 4, y - 4, cx + 4, y + 4), fill=SCALE[4], outline=PANEL)
    draw.text((MARGIN, chart_bottom + 6), f"bars: {unit}s a day · dots: share correct (top = 100%)", font=small, fill=MUTED)
    if not any(d.attempts for d in days):
        draw.text((WIDTH / 2, (chart_top + chart_bottom) / 2), "No answers in the last 30 days yet.",
                  font=font(16), fill=MUTED, anchor="mm")

    # 2. A year of days with correct answers, a column a week, Monday at the top.
    top = chart_bottom + 40
    draw.text((MARGIN, top), "A year of correct answers", font=label, fill=TEXT)
    first = history.today - timedelta(days=364)
    start = first - timedelta(days=first.weekday())
    cell = 12
    grid_top = top + 28
    day: date = start
    while day <= history.today:
        column, row = (day - start).days // 7, day.weekday()
        x, y = MARGIN + column * cell, grid_top + row * cell
        colour = scale_colour(history.day(day).correct, CALENDAR_STEPS) if day >= first else PANEL
        draw.rectangle((x, y, x + cell - 3, y + cell - 3), fill=colour)
        day += timedelta(days=1)
    legend_y = grid_top + 7 * cell + 6
    draw.text((MARGIN, legend_y), "fewer", font=small, fill=MUTED)
    x = MARGIN + 50
    for colour in (EMPTY, *SCALE):
        draw.rectangle((x, legend_y + 3, x + 9, legend_y + 12), fill=colour)
        x += 13
    draw.text((x + 4, legend_y), "more", font=small, fill=MUTED)

    # 3. Accuracy by kind of question.
    top = legend_y + 34
    draw.text((MARGIN, top), "Accuracy by kind of question · 12 months", font=label, fill=TEXT)
    if not figures.kinds:
        draw.text((MARGIN, top + 28), "No answers yet.", font=small, fill=MUTED)
    bar_left, bar_right = MARGIN + 170, WIDTH - MARGIN - 130
    for i, (kind, correct, attempts) in enumerate(figures.kinds[:4]):
        y = top + 28 + i * 24
        draw.text((MARGIN, y), fit(draw, kind, 160, small), font=small, fill=TEXT)
        draw.rectangle((bar_left, y + 3, bar_right, y + 15), fill=PANEL)
        share = correct / attempts if attempts else 0
        if share:
            draw.rectangle((bar_left, y + 3, bar_left + round((bar_right - bar_left) * share), y + 15), fill=SCALE[3])
        draw.text((WIDTH - MARGIN, y), kind_share(correct, attempts), font=small, fill=MUTED, anchor="ra")
    return png(image)
