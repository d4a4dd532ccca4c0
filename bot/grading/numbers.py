"""Numbers are graded exactly, however they are written.

A marker accepts "37 500" for 37,500 and "fifty" for 50, but never 1951 for
1950 or "1950s" for 1950, so numbers get their own canonical form instead of
a typo budget.
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES) | frozenset(_ORDINALS)

_RANGE_WORDS = frozenset({"to", "until", "till", "til", "through", "thru"})
_WHOLE = re.compile(r"^\d+s?$")


def is_number(token: str) -> bool:
    return token[:1].isdecimal()  # what the pattern ^\d matches, without a regex call


def ordinal(value: int) -> str:
    if 10 <= value % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _parse_run(words: list[str]) -> list[str]:
    """Number words to digits; "nineteen fifty eight" is read as the year 1958."""
    segments: list[tuple[int, bool]] = []  # (value, used a scale word)
    total = current = 0
    scaled = started = False
    last_ordinal: int | None = None
    for word in words:
        if word == "and":
            continue
        if word in _ORDINALS:
            value = _ORDINALS[word]
            if value >= 100:
                current = max(current, 1) * value
                scaled = True
            else:
                current += value
            started = True
            last_ordinal = total + current
            continue
        if word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1)
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            scaled = started = True
            continue
        value = _UNITS.get(word, _TENS.get(word, 0))
        absorbable = current % 100 == 0 or (current % 10 == 0 and value < 10 and current % 100 >= 20)
        if started and (not absorbable or (current == 0 and total == 0 and word != "zero")):
            segments.append((total + current, scaled))
            total = current = 0
            scaled = False
        current += value
        started = True
    if started:
        segments.append((total + current, scaled))
    merged: list[str] = []
    i = 0
    while i < len(segments):
        value, scaled = segments[i]
        if (
            i + 1 < len(segments)
            and not scaled
            and not segments[i + 1][1]
            and 10 <= value <= 99
            and 0 <= segments[i + 1][0] <= 99
        ):
            merged.append(str(value * 100 + segments[i + 1][0]))
            i += 2
            continue
        merged.append(str(value))
        i += 1
    if last_ordinal is not None and merged and merged[-1] == str(last_ordinal):
        merged[-1] = ordinal(last_ordinal)
    return merged


def convert_number_words(tokens: list[str]) -> list[str]:
    """Replace runs of number words with digit tokens."""
    if NUMBER_WORDS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in NUMBER_WORDS and tokens[i] != "oh":
            run = [tokens[i]]
            j = i + 1
            while j < len(tokens):
                word = tokens[j]
                if word in NUMBER_WORDS:
                    run.append(word)
                elif word == "and" and run[-1] in _SCALES and j + 1 < len(tokens) and tokens[j + 1] in NUMBER_WORDS:
                    run.append(word)
                else:
                    break
                j += 1
            while run and run[-1] == "oh":
                run.pop()
                j -= 1
            out.extend(_parse_run(run))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _expand_end(start: str, end: str) -> str:
    """ "1953-60" ends in 1960: a short end borrows the start's leading digits."""
    s_digits, e_digits = start.rstrip("s"), end.rstrip("s")
    if len(e_digits) < len(s_digits):
        full = s_digits[: len(s_digits) - len(e_digits)] + e_digits
        if int(full) > int(s_digits):
            return full + ("s" if end.endswith("s") else "")
    return end


def join_ranges(tokens: list[str]) -> list[str]:
    """ "1953 to 1960", "between 1953 and 1960" and "1953-60" become one token."""
    if len(tokens) < 3 or (_RANGE_WORDS.isdisjoint(tokens) and "between" not in tokens):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "between" and i + 3 < len(tokens) and _WHOLE.match(tokens[i + 1]) and tokens[i + 2] == "and" and _WHOLE.match(tokens[i + 3]):
            out.append(f"{tokens[i + 1]}-{_expand_end(tokens[i + 1], tokens[i + 3])}")
            i += 4
            continue
        if _WHOLE.match(token) and i + 2 < len(tokens) and tokens[i + 1] in _RANGE_WORDS and _WHOLE.match(tokens[i + 2]):
            out.append(f"{token}-{_expand_end(token, tokens[i + 2])}")
            i += 3
            continue
        out.append(token)
        i += 1
    return out


@lru_cache(maxsize=4096)
def number_values(token: str) -> frozenset[str]:
    """Every value a written number may mean: "37.500" is 37.5 or 37,500."""
    if "." not in token:
        stripped = token.lstrip("0")
        return frozenset({stripped if stripped and stripped[0].isdigit() else "0" + stripped})
    match = re.fullmatch(r"(\d+)((?:\.\d+)+)", token)
    if not match:
        return frozenset({token})
    whole, rest = match.group(1), match.group(2)
    groups = rest[1:].split(".")
    values: set[str] = set()
    if len(groups) == 1:
        frac = groups[0].rstrip("0")
        values.add((whole.lstrip("0") or "0") + ("." + frac if frac else ""))
    if len(whole) <= 3 and all(len(g) == 3 for g in groups):
        values.add((whole + "".join(groups)).lstrip("0") or "0")
    return frozenset(values or {token})


def numbers_equal(a: str, b: str) -> bool:
    if a == b:
        return True
    return not number_values(a).isdisjoint(number_values(b))
