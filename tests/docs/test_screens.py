"""The README's pictures are drawn from the bot's own messages, so the script must keep working as they change."""

from __future__ import annotations

import re
from pathlib import Path

from docs import screens

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_pictures_come_from_real_round_messages() -> None:
    messages = screens.round_messages()
    assert set(messages) == {"quiz-question.png", "quiz-answer.png", "quiz-podium.png"}
    question = messages["quiz-question.png"][0][0]
    assert [b["label"] for b in question["components"][0]["components"]] == ["A", "B", "C", "D"]
    assert question["embeds"][0]["footer"]["text"].endswith("· 3/10")
    podium = messages["quiz-podium.png"][0][0]["embeds"][0]["description"]
    assert "🥈 `#2  52 points` <@1002>" in podium and "🥈 `#2  52 points` <@1003>" in podium
    for name, shown in messages.items():
        image = screens.picture(shown)
        assert image.width == screens.WIDTH and 150 < image.height < 900, name


def test_markdown_is_drawn_as_discord_shows_it() -> None:
    runs = screens.runs("Mao's \\_\\_\\_ campaign · **Answer:** `x*y` <@1001> <t:1796151870:R>")
    assert [(r.text, r.style) for r in runs if r.style != "regular"] == [
        ("Answer:", "bold"), ("x*y", "code"), ("@alice", "mention"), (screens.relative(1796151870), "time"),
    ]
    assert "".join(r.text for r in runs).startswith("Mao's ___ campaign")


def test_every_picture_the_readme_shows_is_committed() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+)\)", readme)
    assert len(shown) >= 5
    for path in shown:
        assert (ROOT / path).is_file(), path
