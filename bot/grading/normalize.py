"""Turn a chat message or a card answer into comparable word tokens.

Members type on phones, paste from notes and wrap things in Discord
markdown; none of that should decide whether an answer is right. Replies and
answers go through the same steps so they always compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.grading.numbers import convert_number_words, is_number, join_ranges

_DISCORD = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:-?\d+(?::\w)?>|(?<![\w:]):[a-z0-9_+-]+:(?![\w:])", re.I)
_FENCE = re.compile(r"```(?:[a-z0-9_+-]*\n)?(.*?)```", re.S | re.I)
_STRIKE = re.compile(r"~~(.+?)~~", re.S)
_QUOTE_LINE = re.compile(r"^\s*>{1,3}\s?", re.M)
_PUNCT_MAP = str.maketrans(
    {
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4"},
        **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
        "&": " and ",
    }
)
_LETTER_MAP = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss"})
# Combining marks left by NFD: the accents on Latin, Greek and Cyrillic letters.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_ABBREVIATION = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}")
_APOSTROPHE_INNER = re.compile(r"(?<=[^\W_])'(?=[^\W\d_])")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d{1,3}),(\d{1,2})(?![\d,])")
_THOUSANDS_SPACE = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d.,])")
_LEADING_DOT = re.compile(r"(?<![\w.])\.(?=\d)")
_DIGIT = re.compile(r"\d")
_DIGIT_SPACE_DIGITS = re.compile(r"\d \d{3}")
_NUMBER_DASH = re.compile(r"(?<=\d)\s*-\s*(?=\d)")
_LOOSE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_NON_WORD = re.compile(r"[^\w.]+|_+")
# _NON_WORD for ASCII text, one byte for one: every byte but a letter, a digit or a dot becomes a space.
_NON_WORD_ASCII = bytes(b if chr(b).isalnum() and b < 128 or b == ord(".") else 32 for b in range(256))
# Where a token ending in a digit may meet a number (a non-ASCII ending may be a digit too): cheap to rule out.
_DIGIT_AFTER_DIGIT = re.compile(r"[\d\x80-\U0010ffff] \d")
# ASCII text with every digit written "0", so the digit patterns above are found with `in`, without a regex call:
# _DIGIT is b"0", _DIGIT_SPACE_DIGITS b"0 000" and _DIGIT_AFTER_DIGIT b"0 0".
_ZEROED = bytes(ord("0") if chr(b).isdigit() and b < 128 else b for b in range(256))


def _zeroed(text: str) -> bytes | None:
    """The text's digits as "0"s, for ASCII text; None for other text, which the patterns search."""
    return text.encode("ascii").translate(_ZEROED) if text.isascii() else None

_ARTICLES = frozenset({"a", "an"})


def _strip_markup(text: str) -> str:
    if "<" in text or ":" in text:
        text = _DISCORD.sub(" ", text)
    if "```" in text:
        text = _FENCE.sub(lambda m: f" {m.group(1)} ", text)
    if "~~" in text:
        # Struck-out words are what the member took back, unless that is all there is.
        kept = _STRIKE.sub(" ", text)
        text = kept if any(ch.isalnum() for ch in kept) else _STRIKE.sub(lambda m: m.group(1), text)
    if ">" in text:
        text = _QUOTE_LINE.sub(" ", text)
    return text


def fold(text: str) -> str:
    """NFKC, casefold and drop diacritics: "Zürich" and "zurich" are one word."""
    if text.isascii():  # already NFKC, no diacritics, and lower() is casefold()
        if "&" in text or "`" in text:
            text = text.translate(_PUNCT_MAP)
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT_MAP).casefold().translate(_LETTER_MAP)
    if not text.isascii():
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))
    return text


def _clean(text: str) -> str:
    """The text folded, with marks that are not part of a word turned into spaces (callers split it)."""
    text = fold(_strip_markup(text))
    if "." in text:
        text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    if "'" in text:
        text = _APOSTROPHE_INNER.sub("", text)
    # Each pattern runs only where its mark is present: most texts have no
    # comma, dot or dash, and a regex scan costs microseconds a reply.
    zeroed = _zeroed(text)
    if b"0" in zeroed if zeroed is not None else _DIGIT.search(text):
        if "," in text:
            text = _THOUSANDS_COMMA.sub("", text)
            text = _DECIMAL_COMMA.sub(r"\1.\2", text)
            zeroed = _zeroed(text)
        if " " in text and (b"0 000" in zeroed if zeroed is not None else _DIGIT_SPACE_DIGITS.search(text)):
            text = _THOUSANDS_SPACE.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
        if "." in text:
            text = _LEADING_DOT.sub("0.", text)
        if "-" in text:
            text = _NUMBER_DASH.sub(" to ", text)
    if "." in text:
        text = _LOOSE_DOT.sub(" ", text)
    if text.replace(" ", "").isalnum():
        return text  # letters and digits only: nothing for the last pattern to replace
    if text.isascii():  # a tenth of the pattern's time, and the same words once split
        return text.encode("ascii").translate(_NON_WORD_ASCII).decode("ascii")
    return _NON_WORD.sub(" ", text)


def tokens_of(text: str) -> tuple[str, ...]:
    """The comparable words of a text; "the" is dropped wherever it stands."""
    words = _clean(text).split()
    if not words:
        return ()
    words = join_ranges(convert_number_words(words))
    if "the" not in words:
        return tuple(words)
    # "the" is noise, except in a name made of it ("The The").
    kept = [
        w
        for i, w in enumerate(words)
        if w != "the" or (i > 0 and words[i - 1] == "the") or (i + 1 < len(words) and words[i + 1] == "the")
    ]
    return tuple(kept or words)


def word_tokens(text: str) -> tuple[str, ...]:
    """Like :func:`tokens_of`, but number words stay words ("first officer", not "1st officer")."""
    return tuple(w for w in _clean(text).split() if w != "the")


@lru_cache(maxsize=8192)
def cached_tokens(text: str) -> tuple[str, ...]:
    return tokens_of(text)


def joined(tokens: tuple[str, ...] | list[str]) -> str:
    """Tokens glued together, so "sino soviet" meets "sinosoviet"; numbers stay apart."""
    spaced = " ".join(tokens)
    zeroed = _zeroed(spaced)
    if not (b"0 0" in zeroed if zeroed is not None else _DIGIT_AFTER_DIGIT.search(spaced)):
        return "".join(tokens)  # no number right after a digit: nothing to keep apart
    out: list[str] = []
    previous = ""
    for token in tokens:
        if previous and previous[-1].isdigit() and is_number(token):
            out.append(" ")
        out.append(token)
        previous = token
    return "".join(out)


def drop_leading_article(tokens: tuple[str, ...]) -> tuple[str, ...]:
    if len(tokens) > 1 and tokens[0] in _ARTICLES:
        return tokens[1:]
    return tokens
