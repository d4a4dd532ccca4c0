"""Letter hints: each one shows more of the answer's letters."""

from __future__ import annotations

import math


def letter_hint(answer: str, level: int) -> str:
    """Reveal more of each word at each level: the first letter, then a third, then half.

    Spaces, digits' positions and punctuation stay visible so the member sees
    the answer's shape; hidden letters are shown as underscores.
    """
    text = _strip_optional(answer)
    share = {1: 0.0, 2: 1 / 3, 3: 1 / 2}.get(level, 1 / 2)
    words = []
    for word in text.split(" "):
        letters = [i for i, ch in enumerate(word) if ch.isalnum()]
        shown = set(letters[: max(1, math.floor(len(letters) * share))]) if letters else set()
        words.append("".join(ch if (i in shown or not ch.isalnum()) else "_" for i, ch in enumerate(word)))
    return " ".join(words)


def _strip_optional(answer: str) -> str:
    depth = 0
    kept = []
    for ch in answer:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0:
            kept.append(ch)
    return " ".join("".join(kept).split()) or answer
