"""What every picture shares: the bundled font, Discord's dark colours, a colour-blind-safe scale, text that fits."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).with_name("fonts")

BACKGROUND = (49, 51, 56)
"""Discord's dark chat background (#313338): the pictures sit on it."""
PANEL = (43, 45, 49)
TEXT = (242, 243, 245)
MUTED = (181, 186, 193)
EMPTY = (64, 66, 73)
"""A day or bar with nothing in it."""

# Viridis at 0.25, 0.45, 0.65, 0.85 and 1.0: perceptually even, and distinct under the common
# colour-blindness types. The darkest viridis tones are left out: they vanish on the dark background.
SCALE = ((59, 82, 139), (42, 120, 142), (34, 168, 132), (122, 209, 81), (253, 231, 37))
GOLD, SILVER, BRONZE = (201, 162, 39), (168, 169, 173), (176, 120, 72)


@lru_cache(maxsize=8)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans, laid out the same everywhere (no system shaping library)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def clean(text: str) -> str:
    """One line of printable text: controls, direction overrides and zero-width marks dropped."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Zl", "Zp") or ch in "\n\r\t":
            kept.append(" ")
        elif not category.startswith("C"):  # Cc, Cf (bidi overrides, zero-width joiners), Cs, Co, Cn
            kept.append(ch)
    return " ".join("".join(kept).split())


def fit(draw: ImageDraw.ImageDraw, text: str, width: int, face: ImageFont.FreeTypeFont) -> str:
    """``text`` cut with "…" so it is at most ``width`` pixels wide."""
    text = clean(text)
    if draw.textlength(text, font=face) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if draw.textlength(text[:mid] + "…", font=face) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), BACKGROUND)
    return image, ImageDraw.Draw(image)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def scale_colour(value: int, steps: tuple[int, ...]) -> tuple[int, int, int]:
    """The scale's colour for a count: EMPTY for 0, then one colour per step passed."""
    if value <= 0:
        return EMPTY
    for colour, step in zip(SCALE, steps):
        if value <= step:
            return colour
    return SCALE[-1]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: tuple[int, int, int]) -> float:
        channels = [c / 255 for c in colour]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
