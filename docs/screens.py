"""The README's pictures: Deckhand's real messages drawn the way Discord shows them.

Run ``python -m docs.screens`` to redraw every picture in ``docs/images``. The
messages are the bot's own: the same functions build these embeds and buttons
as in a live round, on the shipped deck. Only the drawing is an imitation of
Discord's dark theme (fonts, colours, mentions, code spans, spoilers, emoji).

Needs the DejaVu fonts (bundled, and the system's mono and oblique faces when
present) and, for colour emoji, Noto Color Emoji (Debian: ``apt install
fonts-noto-color-emoji``); without it emoji are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
SYSTEM_FONTS = Path("/usr/share/fonts/truetype")
BUNDLED = ROOT / "bot" / "pictures" / "fonts"

CHAT = (49, 51, 56)
EMBED = (43, 45, 49)
TEXT = (219, 222, 225)
BRIGHT = (242, 243, 245)
MUTED = (148, 155, 164)
CODE_BG = (30, 31, 34)
MENTION_BG = (60, 66, 112)
MENTION = (201, 205, 251)
TIME_BG = (64, 66, 73)
BOXES = {"code": CODE_BG, "mention": MENTION_BG, "spoiler": CODE_BG, "time": TIME_BG}
"""Runs Discord draws on a rounded box: code spans, mentions, spoilers and timestamps."""
BUTTONS = {1: (88, 101, 242), 2: (78, 80, 88), 3: (36, 128, 70), 4: (218, 55, 60)}
NOW = datetime(2026, 12, 1, 19, 4, 10, tzinfo=UTC)
"""When the pictured messages are read: fixes every "in 20 seconds"."""
NAMES = {1001: "alice", 1002: "bob", 1003: "carol"}
WIDTH = 620


@lru_cache(maxsize=32)
def face(size: int, style: str = "regular") -> ImageFont.FreeTypeFont:
    files = {
        "regular": ("dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"),
        "bold": ("dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
        "italic": ("dejavu/DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"),
        "code": ("dejavu/DejaVuSansMono.ttf", "DejaVuSans.ttf"),
    }[style]
    path = SYSTEM_FONTS / files[0]
    return ImageFont.truetype(str(path if path.exists() else BUNDLED / files[1]), size, layout_engine=ImageFont.Layout.BASIC)


EMOJI_FONT = SYSTEM_FONTS / "noto" / "NotoColorEmoji.ttf"
_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u231A-\u23FF\u25AA-\u25FE]\ufe0f?"
)


@lru_cache(maxsize=64)
def emoji(char: str, size: int) -> Image.Image | None:
    """One colour emoji as a small RGBA image, or None without the emoji font."""
    if not EMOJI_FONT.exists():
        return None
    big = ImageFont.truetype(str(EMOJI_FONT), 109)  # the only size a bitmap colour font draws at
    tile = Image.new("RGBA", (136, 128), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((0, 0), char, font=big, embedded_color=True)
    box = tile.getbbox()
    if box is None:
        return None
    return tile.resize((size * 136 // 128, size), Image.LANCZOS)


# -- Discord's markdown, the parts Deckhand sends ------------------------------------------------


@dataclass
class Run:
    text: str
    style: str = "regular"  # regular, bold, italic, code, mention, spoiler, time, emoji
    colour: tuple[int, int, int] = TEXT


_INLINE = re.compile(
    r"\\(?P<escaped>[^A-Za-z0-9\s])"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s][^*]*?)\*"
    r"|(?P<ticks>`+)(?P<code>.+?)(?P=ticks)"
    r"|\|\|(?P<spoiler>.+?)\|\|"
    r"|<@(?P<mention>\d+)>"
    r"|<t:(?P<time>\d+):R>"
)


def relative(seconds: int) -> str:
    ahead = seconds - int(NOW.timestamp())
    amount = abs(ahead)
    unit, value = ("second", amount) if amount < 60 else ("minute", amount // 60)
    words = f"{value} {unit}{'s' if value != 1 else ''}"
    return f"in {words}" if ahead >= 0 else f"{words} ago"


def runs(text: str, style: str = "regular", colour: tuple[int, int, int] = TEXT) -> list[Run]:
    """One line of message markdown as styled runs."""
    out: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        out.extend(_plain(text[pos : match.start()], style, colour))
        pos = match.end()
        if match["escaped"]:
            out.extend(_plain(match["escaped"], style, colour))
        elif match["bold"]:
            out.extend(runs(match["bold"], "bold", BRIGHT))
        elif match["italic"]:
            out.extend(runs(match["italic"], "italic", colour))
        elif match["code"]:
            out.append(Run(match["code"].strip() if match["ticks"] == "``" else match["code"], "code", TEXT))
        elif match["spoiler"]:
            out.append(Run(match["spoiler"], "spoiler", CODE_BG))
        elif match["mention"]:
            out.append(Run("@" + NAMES.get(int(match["mention"]), "member"), "mention", MENTION))
        elif match["time"]:
            out.append(Run(relative(int(match["time"])), "time", TEXT))
    out.extend(_plain(text[pos:], style, colour))
    return out


def _plain(text: str, style: str, colour: tuple[int, int, int]) -> list[Run]:
    out = []
    pos = 0
    for match in _EMOJI.finditer(text):
        if match.start() > pos:
            out.append(Run(text[pos : match.start()], style, colour))
        out.append(Run(match.group(0), "emoji"))
        pos = match.end()
    if pos < len(text):
        out.append(Run(text[pos:], style, colour))
    return out


# -- drawing -----------------------------------------------------------------------------------


class Page:
    """A tall canvas drawn top to bottom, cropped to what was drawn."""

    def __init__(self, width: int) -> None:
        self.image = Image.new("RGB", (width, 2000), CHAT)
        self.draw = ImageDraw.Draw(self.image)
        self.y = 16

    def text_block(self, text: str, left: int, right: int, size: int, *, style: str = "regular",
                   colour: tuple[int, int, int] = TEXT, gap: int = 6) -> None:
        """Lines of markdown, wrapped between ``left`` and ``right``."""
        line_height = size + gap + 2
        for source in text.split("\n"):
            if source.startswith("-# "):  # Discord's small grey line
                self.text_block(source[3:], left, right, size - 3, colour=MUTED, gap=gap)
                continue
            x = left
            for run in runs(source, style, colour) or [Run("")]:
                x = self._run(run, x, left, right, size, line_height)
            self.y += line_height

    def _run(self, run: Run, x: float, left: int, right: int, size: int, line_height: int) -> float:
        if run.style == "emoji":
            tile = emoji(run.text, size + 3)
            if tile is None:
                return x
            if x + tile.width > right:
                x, self.y = left, self.y + line_height
            self.image.paste(tile, (int(x), int(self.y)), tile)
            return x + tile.width + 2
        font = face(size - 1 if run.style == "code" else size, "bold" if run.style == "mention" else
                    run.style if run.style in ("bold", "italic", "code") else "regular")
        for word in [run.text] if run.style in BOXES else re.split(r"(?<= )", run.text):
            width = self.draw.textlength(word, font=font)
            if x + width > right and x > left:
                x, self.y = left, self.y + line_height
                word = word.lstrip()
                width = self.draw.textlength(word, font=font)
            boxed = run.style in BOXES
            if boxed:  # a box with a little room on both sides, as Discord pads code spans and mentions
                x += 2
                fill = BOXES[run.style]
                self.draw.rounded_rectangle((x - 2, self.y - 1, x + width + 2, self.y + size + 4), 3, fill=fill)
            self.draw.text((x, self.y), word, font=font, fill=run.colour)
            x += width + (2 if boxed else 0)
        return x

    def crop(self) -> Image.Image:
        return self.image.crop((0, 0, self.image.width, self.y + 12))


def draw_message(page: Page, message: dict[str, Any], *, at: str = "Today at 19:04") -> None:
    """The bot's message: avatar, name, content, embeds and buttons."""
    left, right = 72, page.image.width - 20
    page.draw.ellipse((16, page.y, 56, page.y + 40), fill=BUTTONS[1])
    page.draw.text((36, page.y + 20), "D", font=face(20, "bold"), fill=BRIGHT, anchor="mm")
    page.draw.text((left, page.y), "Deckhand", font=face(16, "bold"), fill=BRIGHT)
    name_end = left + page.draw.textlength("Deckhand", font=face(16, "bold")) + 6
    page.draw.rounded_rectangle((name_end, page.y + 2, name_end + 30, page.y + 18), 3, fill=BUTTONS[1])
    page.draw.text((name_end + 15, page.y + 10), "APP", font=face(10, "bold"), fill=BRIGHT, anchor="mm")
    page.draw.text((name_end + 38, page.y + 3), at, font=face(12), fill=MUTED)
    page.y += 26
    if message.get("content"):
        page.text_block(message["content"], left, right, 15)
        page.y += 4
    for embed in message.get("embeds", []):
        _draw_embed(page, embed, left, right)
    for row in message.get("components", []):
        x = left
        for button in row["components"]:
            label = button["label"]
            width = page.draw.textlength(label, font=face(14)) + 32
            page.draw.rounded_rectangle((x, page.y, x + width, page.y + 32), 4, fill=BUTTONS[button.get("style", 2)])
            page.draw.text((x + width / 2, page.y + 16), label, font=face(14), fill=BRIGHT, anchor="mm")
            x += width + 8
        page.y += 40
    page.y += 8


def _draw_embed(page: Page, embed: dict[str, Any], left: int, right: int) -> None:
    top = page.y
    inner_left, inner_right = left + 16, right - 16
    shadow = Page(page.image.width)  # drawn first on its own canvas, to size the box
    shadow.y = 12
    _embed_body(shadow, embed, inner_left, inner_right)
    height = shadow.y + 10
    colour = embed.get("color", 0)
    bar = ((colour >> 16) & 255, (colour >> 8) & 255, colour & 255)
    page.draw.rounded_rectangle((left, top, right, top + height), 4, fill=EMBED)
    page.draw.rectangle((left, top, left + 4, top + height), fill=bar)
    page.y = top + 12
    _embed_body(page, embed, inner_left, inner_right)
    page.y = top + height + 8


def _embed_body(page: Page, embed: dict[str, Any], left: int, right: int) -> None:
    if embed.get("title"):
        page.text_block(embed["title"], left, right, 16, style="bold", colour=BRIGHT)
        page.y += 4
    if embed.get("description"):
        page.text_block(embed["description"], left, right, 14)
    for field in embed.get("fields", []):
        page.y += 6
        page.text_block(field["name"], left, right, 14, style="bold", colour=BRIGHT)
        page.text_block(field["value"], left, right, 14)
    if embed.get("footer"):
        page.y += 6
        page.text_block(embed["footer"]["text"], left, right, 12, colour=MUTED)


def picture(messages: list[tuple[dict[str, Any], str]], width: int = WIDTH) -> Image.Image:
    page = Page(width)
    for message, at in messages:
        draw_message(page, message, at=at)
    return page.crop()


# -- Deckhand's own messages -------------------------------------------------------------------


def _payload(embed: Any, view: Any = None, content: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"content": content, "embeds": [embed.to_dict()] if embed is not None else []}
    if view is not None:
        message["components"] = view.to_components()
    return message


def round_messages() -> dict[str, list[tuple[dict[str, Any], str]]]:
    """A two-question round on the shipped deck: a question card, the same card revealed, the podium."""
    import discord

    from bot.decks.readers import load_deck
    from bot.questions import generate_questions
    from bot.quiz import Close, QuestionResult, RoundFacts, RoundStanding, Winner
    from cogs.quiz import embeds

    deck = load_deck(ROOT / "data" / "sino-soviet-relations.txt")
    questions = generate_questions(deck, seed=0)
    choice = next(q for q in questions if q.choices and "Fill in the blank" in q.prompt and q.answers[0] == "Chinese Civil War")
    deadline = int((NOW + timedelta(seconds=20)).timestamp())
    asked = embeds.question_embed(choice, 3, 10, deck.title, choice=True, answer_button=False, deadline=deadline)
    view = discord.ui.View()
    for letter in "ABCD":
        view.add_item(discord.ui.Button(label=letter, style=discord.ButtonStyle.secondary, custom_id=f"c-{letter}"))
    winners = (Winner(1001, 13, 4.2), Winner(1003, 11, 9.8))
    result = QuestionResult(3, choice, Close.TIMEOUT, winners, (), 3)
    shown = embeds.result_embed(result, 10, deck.title, choice=True)
    podium = embeds.summary_embed(
        [RoundStanding(1001, 64, 7), RoundStanding(1002, 52, 6), RoundStanding(1003, 52, 5)],
        10,
        facts=RoundFacts(Winner(1002, 12, 2.1), ("Which years does the notes section “Sino-Indian War” cover?",)),
    )
    buttons = discord.ui.View()
    buttons.add_item(discord.ui.Button(label="Play again", style=discord.ButtonStyle.primary, custom_id="p"))
    buttons.add_item(discord.ui.Button(label="Leaderboard", style=discord.ButtonStyle.secondary, custom_id="l"))
    return {
        "quiz-question.png": [(_payload(asked, view), "Today at 19:04")],
        "quiz-answer.png": [(_payload(shown), "Today at 19:04 (edited)")],
        "quiz-podium.png": [(_payload(podium, buttons), "Today at 19:09")],
    }


def standings_picture() -> bytes:
    """The picture /leaderboard attaches, for the members of the round above."""
    from bot.pictures import Row, standings_card

    rows = [
        Row(1, "alice", 164, "17 correct · 85%"),
        Row(2, "bob", 152, "16 correct · 80%"),
        Row(2, "carol", 152, "15 correct · 71%"),
        Row(4, "Dmitri Ivanovich Mendeleev", 40, "4 correct · 50%"),
        Row(5, "eve", 0, "0 correct · 0%"),
    ]
    return standings_card("Leaderboard · This week", rows, subtitle="Days run on UTC time")


def knowledge_picture() -> bytes:
    """The map /deck info attaches, for a deck some of the group has studied."""
    from bot.pictures import knowledge_map

    groups = [
        ("Initial Cooperation and Alliance", [0.92, 0.85, 0.7, 0.88, 0.95, 0.6, 0.81]),
        ("Emerging Tensions and the Sino-Soviet Split", [0.55, 0.35, 0.62, None, 0.48, 0.71]),
        ("Increasing Mistrust and Hostility", [0.18, 0.3, None, 0.12, 0.44, 0.27, None, 0.09]),
    ]
    weakest = [("Zhenbao Island incident", 0.09), ("Sino-Indian War of 1962", 0.12), ("Paper tiger", 0.18)]
    return knowledge_map("Sino-Soviet relations · what the group knows", groups, weakest,
                         subtitle="6 members studied it · 3 cards nobody has met")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, messages in round_messages().items():
        picture(messages).save(OUT / name, optimize=True)
        print(f"wrote {(OUT / name).relative_to(ROOT)}")
    (OUT / "leaderboard-standings.png").write_bytes(standings_picture())
    print("wrote docs/images/leaderboard-standings.png")
    (OUT / "deck-knowledge.png").write_bytes(knowledge_picture())
    print("wrote docs/images/deck-knowledge.png")


if __name__ == "__main__":
    main()
