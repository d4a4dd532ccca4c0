"""Wrong answers that are worth considering.

A distractor has to be the same kind of thing as the answer (a year for a
year, a name for a name, a heading for a heading), distinct from the other
choices once case and punctuation are ignored, and never itself an accepted
answer, or the question marks a right pick wrong. Candidates come from the
deck's pools (see :mod:`bot.questions.index`), sampled rather than scanned, so
a 20,000-card deck costs the same per question as a 20-card one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.questions.index import DeckIndex
from bot.questions.picker import SAMPLE, Picker, sample
from bot.questions.sorts import fill, same_form, sort_of
from bot.questions.terms import range_ends


def years(answer: str, accepted: Sequence[str], index: DeckIndex | None, rng: random.Random) -> list[str] | None:
    year = int(answer)
    picker = Picker(accepted)
    close = index.closest_years(year, 6) if index else []
    rng.shuffle(close)
    for candidate in close:
        picker.offer(str(candidate))
    offsets = [1, 2, 3, 4, 5, 7, 10, -1, -2, -3, -4, -5, -7, -10]
    rng.shuffle(offsets)
    for offset in offsets:
        if picker.done:
            break
        picker.offer(str(year + offset))
    return picker.chosen if picker.done else None


def year_ranges(answer: str, accepted: Sequence[str], index: DeckIndex | None, rng: random.Random) -> list[str] | None:
    ends = range_ends(answer)
    if ends is None:
        return None
    start, end = ends
    short = len(answer.replace("–", "-").partition("-")[2].strip()) == 2

    def written(a: int, b: int) -> str:
        """A range in the answer's own style ("2005-06" or "2005-2006"), so no choice stands out by its shape."""
        return f"{a}-{b % 100:02d}" if short else f"{a}-{b}"

    picker = Picker(accepted)
    pool = [(r, range_ends(r)) for r in (index.nearby_ranges(start) if index else [])]
    span = end - start
    # The deck's other spans of the same kind: seasons beside a season, longer spans beside a longer one.
    known = sorted(
        (r for r in pool if r[1] is not None and (r[1][1] - r[1][0] == 1) == (span == 1)),
        key=lambda r: abs(r[1][0] - start) + abs(r[1][1] - end),
    )
    close = [written(*ends_) for _, ends_ in known[:8]]
    rng.shuffle(close)
    for candidate in close:
        picker.offer(candidate)
    shifts = [(d, d) for d in (-6, -4, -3, -2, -1, 1, 2, 3, 4, 6)]
    if end - start > 1:  # a season spans one year; other spans may stretch or shrink too
        shifts += [(0, 2), (0, -1), (-2, 0), (1, 3)]
    rng.shuffle(shifts)
    for a, b in shifts:
        if picker.done:
            break
        if end + b > start + a:
            picker.offer(written(start + a, end + b))
    return picker.chosen if picker.done else None


def decades(answer: str, accepted: Sequence[str], index: DeckIndex | None, rng: random.Random) -> list[str] | None:
    decade = int(answer[:4])
    picker = Picker(accepted)
    # The nearest decades first: "1950s" beside "1960s" is a real choice, "1990s" in a Cold War deck is not.
    pool = [d for d in (index.decades if index else []) if 0 < abs(d - decade) <= 20]
    rng.shuffle(pool)
    for candidate in pool:
        picker.offer(f"{candidate}s")
    steps = [-10, 10, -20, 20, -30, 30]
    for near in range(0, len(steps), 2):
        pair = steps[near : near + 2]
        rng.shuffle(pair)
        for step in pair:
            picker.offer(f"{decade + step}s")
    return picker.chosen if picker.done else None


def numbers(answer: str, accepted: Sequence[str], index: DeckIndex | None, rng: random.Random) -> list[str] | None:
    value = _number(answer)
    if value is None:
        return None
    picker = Picker(accepted)
    percent = answer.endswith("%")
    pool = (index.percents if percent else index.numbers) if index else []
    for candidate in sample(pool, rng):
        other = _number(candidate)
        if other and value and 0.2 <= other / value <= 5:
            picker.offer(candidate)
        if picker.done:
            break
    factors = [0.25, 0.5, 0.75, 1.5, 2, 3, 4, 5]
    rng.shuffle(factors)
    for factor in factors:
        if picker.done:
            break
        candidate = _format_like(answer, value * factor)
        if candidate:
            picker.offer(candidate)
    return picker.chosen if picker.done else None


def names(
    answer: str, accepted: Sequence[str], index: DeckIndex, rng: random.Random, prompt: str, lead: str = ""
) -> list[str] | None:
    """Other names of the same sort (see :mod:`bot.questions.sorts`), the deck's own first, none already in the prompt.

    A country's choices are countries, a capital's capitals, an ideology's
    ideologies: the deck's names found after the same preposition (``lead``)
    first, then the deck's other names of that sort, then well-known ones.
    A name of a sort nobody can list is offered only names of the same rough
    shape, and gets no choice question when the deck has too few.
    """
    picker = Picker(accepted, avoid_text=prompt)
    words = len(answer.split())
    sort = sort_of(answer)
    own = index.names_by_class.get(sort, [])
    by_lead = [name for name in index.names_by_lead.get(lead, ()) if sort_of(name) == sort] if lead else []
    for pool in (by_lead, own, fill(sort, answer)):
        candidates = [c for c in sample(pool, rng) if same_form(answer, c)]
        candidates.sort(key=lambda c: abs(len(c.split()) - words))
        for candidate in candidates:
            if not index.common(candidate):
                picker.offer(candidate, check_words=True)
            if picker.done:
                return picker.chosen
    return None


def texts(answer: str, accepted: Sequence[str], pool: Sequence[str], rng: random.Random, prompt: str = "") -> list[str] | None:
    """Distractors of similar length from a pool of same-shaped texts."""
    picker = Picker(accepted, avoid_text=prompt)
    candidates = sample(pool, rng)
    size = max(1, len(answer))
    candidates.sort(key=lambda c: abs(len(c) - size) / size + rng.random() * 0.5)
    for candidate in candidates:
        picker.offer(candidate, check_words=True)
        if picker.done:
            return picker.chosen
    return None


def fronts(
    answer: str, accepted: Sequence[str], date_shape: str, index: DeckIndex, rng: random.Random, prompt: str = ""
) -> list[str] | None:
    """Other headings or terms for a recall question, similar in length and kind, none named in the clue."""
    picker = Picker(accepted, avoid_phrase=prompt)
    size = max(1, len(answer))
    candidates = _sample_entries(index.fronts, rng)
    # Keys worked out in list order, as sort would, so the draws stay the same.
    # A heading of the same shape (an event beside events, a period beside periods) always comes first.
    keys = [abs(e[1] - size) / size + (2.0 if e[2] != date_shape else 0) + rng.random() * 0.5 for e in candidates]
    order = sorted(range(len(candidates)), key=keys.__getitem__)
    for display, _, _ in (candidates[i] for i in order):
        picker.offer(display)
        if picker.done:
            return picker.chosen
    return None


def _sample_entries(pool: Sequence[tuple[str, int, str]], rng: random.Random) -> list[tuple[str, int, str]]:
    if len(pool) <= SAMPLE:
        return list(pool)
    return rng.sample(pool, SAMPLE)


def by_shape(
    shape: str, answer: str, accepted: Sequence[str], index: DeckIndex, rng: random.Random, prompt: str = "", lead: str = ""
) -> list[str] | None:
    if shape == "year":
        return years(answer, accepted, index, rng)
    if shape == "range":
        return year_ranges(answer, accepted, index, rng)
    if shape == "decade":
        return decades(answer, accepted, index, rng)
    if shape == "number":
        return numbers(answer, accepted, index, rng)
    if shape == "name":
        return names(answer, accepted, index, rng, prompt, lead)
    if shape == "quote":
        return texts(answer, accepted, index.quotes, rng, prompt)
    return None


def shuffled_choices(answer: str, distractors: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    choices = [answer, *distractors]
    rng.shuffle(choices)
    return tuple(choices)


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _format_like(original: str, value: float) -> str | None:
    """``value`` written the way ``original`` is: commas, decimals, percent, rounded like it."""
    if value <= 0:
        return None
    body = original.rstrip("%")
    suffix = "%" if original.endswith("%") else ""
    if "." in body:
        decimals = len(body.split(".")[1])
        return f"{value:.{decimals}f}{suffix}"
    digits = body.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    step = 10 ** min(zeros, max(0, len(str(int(value))) - 1))
    rounded = int(round(value / step) * step) if step > 1 else int(round(value))
    if rounded <= 0:
        return None
    return f"{rounded:,}{suffix}" if "," in body else f"{rounded}{suffix}"
