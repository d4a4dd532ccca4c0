"""The /stats and /leaderboard pictures: fixed data drawn as the committed references, hostile names, contrast.

A reference is redrawn with DECKHAND_UPDATE_PICTURES=1 after a deliberate change (look at it before committing).
"""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from bot.pictures import Row, progress_card, standings_card, summary
from bot.pictures._draw import BACKGROUND, MUTED, PANEL, SCALE, TEXT, clean, contrast
from bot.storage import DayScore, KindScore, MemberHistory

REFERENCE = Path(__file__).with_name("reference")
TODAY = date(2026, 12, 1)


def history(days: int = 300) -> MemberHistory:
    scores = [DayScore(TODAY - timedelta(days=i), (i * 37) % 90, (i * 7) % 9, 9) for i in range(0, days, 2)]
    kinds = [KindScore("recall", 80, 100), KindScore("date", 20, 50), KindScore("explicit", 5, 7), KindScore("flip", 1, 1)]
    return MemberHistory(1, TODAY, TODAY - timedelta(days=364), sorted(scores, key=lambda d: d.day), kinds)


BOARD = [
    Row(1, "Alice", 120, "12 correct · 85%"), Row(1, "Bob", 120, "11 correct · 55%"),
    Row(3, "Carol", 80, "8 correct · 88%"), Row(4, "Dmitri", 10, "1 correct · 33%"), Row(5, "Eve", 0, "0 correct · 0%"),
]


def same_picture(data: bytes, name: str, *, may_update: bool = True) -> None:
    """Within a small tolerance of the reference: anti-aliasing may shift a little between FreeType builds,
    but one changed letter or figure (about 100 pixels off by more than 48) fails."""
    path = REFERENCE / name
    if may_update and os.environ.get("DECKHAND_UPDATE_PICTURES"):
        path.write_bytes(data)
    drawn = Image.open(io.BytesIO(data)).convert("RGB")
    with Image.open(path) as reference:
        assert drawn.size == reference.size
        diff = ImageChops.difference(drawn, reference.convert("RGB"))
    assert max(ImageStat.Stat(diff).mean) < 0.05, f"{name} differs from its reference"
    red, green, blue = diff.split()
    far = sum(ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()[49:])
    assert far <= 40, f"{name}: {far} pixels differ"


def test_the_progress_card_matches_its_reference() -> None:
    same_picture(progress_card("Alice Example", history()), "progress.png")


def test_the_standings_match_their_reference() -> None:
    same_picture(standings_card("Leaderboard · This week", BOARD, subtitle="Days run on UTC time"), "standings.png")


def test_a_member_with_no_answers_gets_a_friendly_empty_picture() -> None:
    empty = MemberHistory(1, TODAY, TODAY - timedelta(days=364), [], [])
    same_picture(progress_card("Newcomer", empty), "progress-empty.png")
    assert summary(empty).accuracy is None


def test_a_picture_is_the_same_for_the_same_data() -> None:
    assert progress_card("Alice", history()) == progress_card("Alice", history())
    assert standings_card("Board", BOARD) == standings_card("Board", BOARD)


@pytest.mark.parametrize("name", [
    "李小龍 🐉🔥", "مرحبا بالعالم", "שלום עולם", "zero\u202eevil\u200d", "line\nbreak\ttab", "x" * 500,
    "🧑‍🤝‍🧑" * 40, "\u0000\u0007", "", " ", "ＷＩＤＥ" * 30, "e\u0301" * 100, "\U0001d54f" * 20,
])
def test_hostile_names_keep_the_layout(name: str) -> None:
    rows = [Row(1, name, 5, "1 correct · 100%"), Row(2, "Bob", 1, "1 correct · 50%")]
    for data in (standings_card(name, rows, subtitle=name), progress_card(name, history(40))):
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.size[0] == 800
    assert "\n" not in clean(name) and "\u202e" not in clean(name)


def test_the_long_name_is_cut_with_an_ellipsis_inside_its_column() -> None:
    from bot.pictures._draw import fit, font

    image = Image.new("RGB", (10, 10))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    cut = fit(draw, "Bob the very long name " * 5, 300, font(18))
    assert cut.endswith("…") and draw.textlength(cut, font=font(18)) <= 300


def test_text_has_enough_contrast_and_the_scale_is_ordered() -> None:
    for colour in (TEXT, MUTED):
        for ground in (BACKGROUND, PANEL):
            assert contrast(colour, ground) >= 4.5, (colour, ground)
    # Viridis steps get lighter one by one, so the calendar reads without telling hues apart.
    lightness = [contrast(c, (0, 0, 0)) for c in SCALE]
    assert lightness == sorted(lightness) and len(set(SCALE)) == len(SCALE)


def test_the_summary_is_what_the_picture_prints() -> None:
    figures = summary(history())
    recent = [d for d in history().days if d.day > TODAY - timedelta(days=30)]
    assert figures.points == sum(d.points for d in recent) and figures.attempts == sum(d.attempts for d in recent)
    assert figures.active_days == len(recent)
    assert figures.kinds[0] == ("Recall", 80, 100) and ("Questions", 5, 7) in figures.kinds, "names members know"


def test_one_changed_figure_fails_the_comparison() -> None:
    changed = [Row(1, "Alice", 121, "12 correct · 85%"), *BOARD[1:]]
    with pytest.raises(AssertionError):
        same_picture(standings_card("Leaderboard · This week", changed, subtitle="Days run on UTC time"), "standings.png", may_update=False)


KNOWN = [
    ("Cold War › Sino-Soviet", [None, 0.05, 0.25, 0.45, 0.65, 0.85, 1.0, None] * 5),
    ("Cold War › Cuba", [0.9, 0.1, None, 0.5] * 4),
]
LEAST = [("Who signed the 1950 treaty?", 0.05), ("Zhenbao Island incident year", 0.1), ("Paper tiger", 0.25)]


def test_the_knowledge_map_matches_its_reference() -> None:
    from bot.pictures import knowledge_map

    same_picture(knowledge_map("Cold War · what the group knows", KNOWN, LEAST, subtitle="8 members studied it"),
                 "knowledge.png")


def test_every_knowledge_shade_is_a_step_of_the_scale() -> None:
    from bot.pictures.knowledge import band

    assert [band(k) for k in (None, 0.0, 0.19, 0.2, 0.59, 0.6, 0.99, 1.0)] == [None, 0, 0, 1, 2, 3, 4, 4]


@pytest.mark.parametrize("cards", [0, 1, 130, 2500])
def test_knowledge_maps_of_any_size_and_name_keep_their_width(cards: int) -> None:
    from bot.pictures import knowledge_map

    groups = [("李小龍 🐉 " * 20, [i / max(cards, 1) for i in range(cards)]), ("مرحبا", [None] * 3)]
    data = knowledge_map("x" * 400, groups, [("\u202eevil\u200d" * 30, 0.0)] if cards else [], subtitle="\n\t")
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size[0] == 800 and picture.size[1] < 2000
