"""Finding the askable parts of a fact: dates, numbers, quotations and names.

These are the spans a cloze question blanks out. Each comes with a shape
("year", "range", "decade", "number", "quote", "name") so multiple-choice
distractors can be drawn from the same kind of thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.questions.words import PIECE, STOP_WORDS

YEAR_SHAPES = ("year", "range", "decade")


def _upper_ranges() -> list[tuple[int, int]]:
    """Code-point ranges of capital letters, for a regex that visits only capitalised words."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if chr(code).isupper() or chr(code).istitle():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


# Each pattern opens with its first characters and checks what precedes them
# afterwards ("not after a letter, digit, dot, comma or apostrophe"): a pattern
# that opens with a character class lets the regex engine skip straight to
# candidates, where an opening look-behind is tried at every position.
_Y = r"(?:1[0-9]|20)(?<![\w.,'‘’]..)\d{2}"
RANGE = re.compile(rf"({_Y})\s*(?:-|–|—|‐|\bto\b|\buntil\b)\s*((?:1[0-9]|20)?\d{{2}})(?![\w%]|[.,]\d)")
DECADE = re.compile(r"((?:1[0-9]|20)(?<![\w.,'‘’]..)\d0)s\b")
YEAR = re.compile(rf"({_Y})(?![\w%]|[.,]\d)")
NUMBER = re.compile(r"(\d(?<![\w.,'‘’]\d)(?:\d{0,2}(?:,\d{3})+|\d*(?:\.\d+)?))(%?)(?![\w]|[.,]\d)")
QUOTE = re.compile(r"“([^“”\n]{2,80})”|\"([^\"\n]{2,80})\"|(?<![\w])‘(?=[^\W\d_])([^‘’\n]{2,60})’(?!\w)")
_UPPER = "".join(
    f"{re.escape(chr(a))}-{re.escape(chr(b))}" if a != b else re.escape(chr(a))
    for a, b in _upper_ranges()
)
# A word starting with a capital letter, not the tail of "post-Stalin" or "Mao’s".
_CAPITAL_TOKEN = re.compile(rf"[{_UPPER}](?<![\w'’\-‐].)(?:\w|[-‐'’](?=\w))*")
_LINK_GAP = re.compile(r"^\s{1,2}(of|de|la|von|van|der|du|del|da)\s{1,2}$")
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?:;]\s+|\s[-–—]\s+|[(\[“\"‘]\s*)$")
# Month and weekday abbreviations are capitalised but make poor blanks.
_NOT_NAMES = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
_DIGIT = re.compile(r"\d")
_LIST_GAP = re.compile(r"^(?:[’']s)?(?:,\s*|\s+(?:and|&)\s+|,\s*(?:and|&)\s+)$")
# Plural nouns or units after a four-digit number mean a count, not a year.
_COUNT_WORD = re.compile(r"\s+([a-z]+s|km|kg|mi|m|ft|lb|tons?|people|men|troops)\b")


@dataclass(frozen=True, slots=True)
class Term:
    """An askable span of a fact; ``answer`` is what a person types for it."""

    answer: str
    start: int
    end: int
    shape: str


def year_range(first: str, second: str) -> str | None:
    """"1953", "60" -> "1953-1960"; None when the range runs backwards."""
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return None
    return f"{first}-{second}"


def range_ends(text: str) -> tuple[int, int] | None:
    """The first and last year of "1953-1960", "1953–60" or a season "2006-07"; None for anything else."""
    first, sep, second = text.replace("–", "-").replace("—", "-").replace("/", "-").partition("-")
    first, second = first.strip(), second.strip()
    if not sep or not (first.isdigit() and second.isdigit()) or len(first) not in (3, 4) or len(second) not in (2, 3, 4):
        return None
    start = int(first)
    if len(second) < len(first):
        end = int(first[: len(first) - len(second)] + second)
        if end <= start and start + 10 >= end + 10 ** len(second):
            end += 10 ** len(second)  # "1999-00": a season across the turn of the century
    else:
        end = int(second)
    return (start, end) if end > start else None


# The look-behind only lets a word be tried from its first letter: the search
# still finds the leftmost match, without retrying from inside every word.
_LEAD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
LEAD_WORDS = frozenset(
    """in at near from to into across over by between under towards toward within through against with
    during after before since until outside inside beyond around""".split()
)


def lead_word(text: str, start: int) -> str:
    """The preposition just before a term ("near", "by", "during"), or "".

    Names after the same preposition tend to be the same kind of thing:
    places follow "near", people follow "by", events follow "during".
    """
    match = _LEAD.search(text[max(0, start - 30) : start])
    if match and match.group(1).lower() in LEAD_WORDS:
        return match.group(1).lower()
    return ""


def find_dates(text: str) -> list[Term]:
    """Years, year ranges and decades, in order, without overlaps."""
    found: list[Term] = []
    if not _DIGIT.search(text):
        return found
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in RANGE.finditer(text):
        answer = year_range(match.group(1), match.group(2))
        if answer:
            found.append(Term(answer, match.start(), match.end(), "range"))
            taken.append((match.start(), match.end()))
    for match in DECADE.finditer(text):
        if free(match.start(), match.end()):
            found.append(Term(match.group(0), match.start(), match.end(), "decade"))
            taken.append((match.start(), match.end()))
    for match in YEAR.finditer(text):
        if free(match.start(), match.end()) and not _COUNT_WORD.match(text, match.end()):
            found.append(Term(match.group(1), match.start(), match.end(), "year"))
            taken.append((match.start(), match.end()))
    found.sort(key=lambda t: t.start)
    return found


def find_numbers(text: str, dates: list[Term]) -> list[Term]:
    result: list[Term] = []
    if not _DIGIT.search(text):
        return result
    spans = [(t.start, t.end) for t in dates]
    for match in NUMBER.finditer(text):
        if any(not (match.end() <= a or match.start() >= b) for a, b in spans):
            continue
        result.append(Term(match.group(0), match.start(), match.end(), "number"))
    return result


def find_quotes(text: str) -> list[Term]:
    result: list[Term] = []
    if '"' not in text and "“" not in text and "‘" not in text:
        return result
    for match in QUOTE.finditer(text):
        group = next(i for i in (1, 2, 3) if match.group(i) is not None)
        inner = match.group(group).strip()
        if not inner or len(inner.split()) > 6 or not PIECE.search(inner):
            continue
        start = match.start(group) + (len(match.group(group)) - len(match.group(group).lstrip()))
        result.append(Term(inner, start, start + len(inner), "quote"))
    return result


def capitalised(token: str) -> bool:
    return token[:1].isupper() and (len(token) > 1 or token == "I")


def at_sentence_start(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before in _OPENERS:
        return True
    # Every other sentence break ends in white space.
    return before.isspace() and bool(_SENTENCE_BREAK.search(text[max(0, start - 4) : start]))


_OPENERS = frozenset("([“\"‘")


def capital_tokens(text: str) -> list[tuple[int, int, str]]:
    """Capitalised words with their spans: one scan shared by name evidence and name finding."""
    if text[1:].islower():
        # No capital after the first character (every capital is a cased,
        # non-lower-case character), so only a word at the very start can count.
        match = _CAPITAL_TOKEN.match(text)
        return [(0, match.end(), match.group(0))] if match else []
    return [(match.start(), match.end(), match.group(0)) for match in _CAPITAL_TOKEN.finditer(text)]


def strip_possessive(word: str) -> str:
    """"Mao’s" -> "Mao"; a capitalised word never holds a line break, so no regex is needed."""
    return word[:-2] if word.endswith(_POSSESSIVES) else word


_POSSESSIVES = ("’s", "'s")


def find_names(
    text: str, known_proper: frozenset[str] | set[str], tokens: list[tuple[int, int, str]] | None = None
) -> list[Term]:
    """Runs of capitalised words that are not just sentence openers.

    A capitalised word at the start of a sentence counts only if the deck also
    capitalises it mid-sentence (``known_proper``), or its shape says it is a
    name anyway (an acronym, an inner capital). Runs inside long title-case
    lists ("Friendship, Alliance and Mutual Assistance") are skipped: they are
    pieces of a longer title, not names on their own. Only capitalised words
    are visited, so plain lower-case text costs one regex scan; ``tokens``,
    when given, is :func:`capital_tokens` of ``text`` already scanned.
    """
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for start, end, word in capital_tokens(text) if tokens is None else tokens:
        if len(word) < 2 or word.lower() in _NOT_NAMES:
            continue
        if current and not current[-1][2].endswith(_POSSESSIVES):
            gap = text[current[-1][1] : start]
            if len(gap) <= 2 and gap.isspace():
                current.append((start, end, word))
                continue
            link = _LINK_GAP.match(gap)
            if link:
                offset = current[-1][1] + link.start(1)
                current.append((offset, offset + len(link.group(1)), link.group(1)))
                current.append((start, end, word))
                continue
        if current:
            runs.append(current)
        opener = at_sentence_start(text, start)
        current = [(start, end, word)] if (not opener or _looks_proper(word, known_proper)) else []
    if current:
        runs.append(current)
    result = []
    for run in _drop_title_lists(text, runs):
        start, end = run[0][0], run[-1][1]
        answer = strip_possessive(text[start:end])
        if all(w.lower() in STOP_WORDS for _, _, w in run):
            continue
        result.append(Term(answer, start, start + len(answer), "name"))
    return result


def _drop_title_lists(text: str, runs: list[list[tuple[int, int, str]]]) -> list[list[tuple[int, int, str]]]:
    """Runs that are names on their own, not pieces of a long title.

    "Treaty of Friendship, Alliance and Mutual Assistance" splits into runs at
    the comma and "and"; a comma list where some part has several words is a
    title, while "Beijing and Moscow" or "Stalin, Mao and Khrushchev" are names.
    """
    kept: list[list[tuple[int, int, str]]] = []
    group: list[list[tuple[int, int, str]]] = []
    has_comma = False

    def flush() -> None:
        if len(group) >= 2 and has_comma and any(len(run) >= 2 for run in group):
            return
        kept.extend(group)

    for run in runs:
        if group:
            gap = text[group[-1][-1][1] : run[0][0]]
            if _LIST_GAP.match(gap):
                has_comma = has_comma or "," in gap
                group.append(run)
                continue
            flush()
        group, has_comma = [run], False
    if group:
        flush()
    return kept


def _looks_proper(word: str, known_proper: frozenset[str] | set[str]) -> bool:
    bare = strip_possessive(word)
    if bare.lower() in known_proper:
        return True
    letters = [ch for ch in bare if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True
    rest = bare[1:]
    return rest != rest.lower()  # a capital inside the word ("McCarthy", "iPhone")


def proper_words(text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[str]:
    """Words a fact capitalises mid-sentence: evidence that they are names."""
    found: list[str] = []
    for start, _, word in capital_tokens(text) if tokens is None else tokens:
        if capitalised(word) and not at_sentence_start(text, start):
            found.append(strip_possessive(word).lower())
    return found
