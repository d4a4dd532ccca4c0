"""Hints: each one shows more of the answer, in the order a teacher would give it away."""

from __future__ import annotations

import math
import re

_DIGITS = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")


def letter_hint(answer: str, level: int) -> str:
    """Reveal more of each word at each level: its initial, then a third, then half.

    Spaces, digits' positions and punctuation stay visible so the member sees
    the answer's shape; hidden letters are shown as underscores. An answer
    that is a number, a year or a range gets :func:`number_hint` instead.
    """
    text = _strip_optional(answer)
    if _DIGITS.search(text) and not any(ch.isalpha() for ch in text.replace("s", "")):
        return number_hint(text, level)
    share = {1: 0.0, 2: 1 / 3, 3: 1 / 2}.get(level, 1 / 2)
    words = []
    for word in text.split(" "):
        letters = [i for i, ch in enumerate(word) if ch.isalnum()]
        shown = set(letters[: max(1, math.floor(len(letters) * share))]) if letters else set()
        words.append("".join(ch if (i in shown or not ch.isalnum()) else "_" for i, ch in enumerate(word)))
    return " ".join(words)


def number_hint(text: str, level: int) -> str:
    """A year shows its century, then its decade ("19__", then "195_"), never all of it; another
    number shows its first digit, then its first two, and a number of one digit shows none."""

    def hide(match: re.Match[str]) -> str:
        number = match.group(0)
        digits = sum(ch.isdigit() for ch in number)
        if digits == 4 and number.isdigit():
            keep = 2 if level <= 1 else 3
        else:
            keep = min(max(1, level), digits - 1)
        out = []
        for ch in number:
            if ch.isdigit():
                out.append(ch if keep > 0 else "_")
                keep -= 1
            else:
                out.append(ch)  # "3,5__": separators keep the number's shape
        return "".join(out)

    return _NUMBER.sub(hide, text)


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
