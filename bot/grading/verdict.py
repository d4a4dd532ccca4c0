"""Grade one typed reply against a card's accepted answers.

The aim is the verdict a fair human marker would give: spelling slips and
chatty phrasing are fine; a different word, a different number, several
guesses at once, a denial or only part of the answer are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.grading.answers import PreparedAnswer, prepare
from bot.grading.knowledge import initials
from bot.grading.lexicon import EMPTY_CONTEXT, GradingContext
from bot.grading.matching import BUDGETS, OK, Alignment, Comparer, align_prefixes, may_be_ok
from bot.grading.nonanswer import YES_NO, is_non_answer
from bot.grading.normalize import cached_tokens, fold, joined, tokens_of
from bot.grading.numbers import is_number
from bot.grading.phrasing import APPROX, CONTENT, FILL, NEG, WEAK, has_tag, is_phrasing, roles

KINDS = {
    "exact": "Correct, as written once case, accents, punctuation and markdown are set aside.",
    "typo": "Correct, with a small misspelling, a plural or a regional spelling.",
    "close": "Not accepted: a different real word, or just over the spelling allowance.",
    "wrong": "Not accepted.",
    "several": "Not accepted: more than one guess, or the answer plus other things.",
    "negated": "Not accepted: the reply denies the answer (\"not Khrushchev\").",
    "fragment": "Not accepted: only part of the answer.",
    "empty": "Not an attempt: no words or numbers at all, or only a shrug such as \"idk\", \"pass\" or \"no idea\".",
}

FEEDBACK = {
    "exact": "Correct.",
    "close": "Almost: check the spelling.",
    "wrong": "Not quite.",
    "several": "One answer per message, please.",
    "negated": "Say what it is, not what it isn't.",
    "fragment": "Part of it: give the full answer.",
    "empty": "Type your answer in words or numbers.",
}

SHRUG = "No answer there."
"""The feedback of an "empty" verdict that is a shrug ("idk", "pass"), not a message without words."""

# Past this many words a reply is an essay, not an answer, and is not searched.
MAX_REPLY_WORDS = 200


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    kind: str
    feedback: str
    matched: str | None
    score: float


class _VerdictDraft:
    """A Verdict being filled in: the same slots, without the frozen guard (see ``bot.cards.model.new_card``)."""

    __slots__ = Verdict.__slots__


def _verdict(kind: str, score: float, feedback: str | None = None, matched: str | None = None) -> Verdict:
    # Every reply ends here: filling in a plain object of the same layout is four times cheaper than
    # the frozen dataclass's own constructor, and makes the same frozen Verdict.
    verdict = object.__new__(_VerdictDraft)
    verdict.correct = kind == "exact" or kind == "typo"
    verdict.kind = kind
    verdict.feedback = feedback or FEEDBACK[kind]
    verdict.matched = matched
    verdict.score = round(score, 3)
    verdict.__class__ = Verdict  # type: ignore[assignment]
    return verdict  # type: ignore[return-value]


def _similarity(tokens: tuple[str, ...], prepared: list[PreparedAnswer]) -> float:
    """How alike the reply and its nearest answer form are, 0 to 1: rapidfuzz's ratio, the best over every form.
    (A loop over the few forms: process.extractOne costs several times one ratio.)"""
    text = " ".join(tokens)
    ratio = fuzz.ratio
    best = 0.0
    for p in prepared:
        for spaced in p.spaced:
            score = ratio(text, spaced)
            if score > best:
                best = score
    return best / 100


def grade(
    reply: str,
    answers: Sequence[str],
    *,
    context: GradingContext | None = None,
    strictness: str = "normal",
) -> Verdict:
    """Grade ``reply`` against every accepted answer of a card."""
    limits = BUDGETS.get(strictness)
    if limits is None:
        raise ValueError(f"strictness must be one of {', '.join(BUDGETS)}, not {strictness!r}")
    if isinstance(answers, str):
        answers = (answers,)
    prepared = [prepare(a) for a in answers if a and a.strip()]
    if not prepared:
        return _verdict("wrong", 0.0, "This card has no answer to check against.")
    tokens = cached_tokens(reply) if len(reply) <= 200 else tokens_of(reply)
    if not tokens:
        folded = "".join(fold(reply).split())
        for p in prepared:
            if p.raw is not None and p.raw == folded:
                return _verdict("exact", 1.0, matched=p.text)
        return _verdict("empty", 0.0)
    prepared = [p for p in prepared if p.variants]
    if not prepared:
        return _verdict("wrong", 0.0)
    key = joined(tokens)
    for p in prepared:
        if key in p.keys:
            return _verdict("exact", 1.0, matched=p.text)
    if len(tokens) == 1:
        for p in prepared:
            if key in p.initials:  # "WW2" for "World War II"
                return _verdict("exact", 1.0, matched=p.text)
    elif any(p.initialism for p in prepared):
        spelled = initials(tokens)  # "People's Republic of China" for "PRC", letter for letter
        for p in prepared:
            if p.initialism and spelled in p.keys:
                return _verdict("exact", 1.0, matched=p.text)
    if len(tokens) > MAX_REPLY_WORDS:
        return _verdict("wrong", 0.0, "Keep your reply to the answer.")
    verdict = _judge(reply, tokens, key, prepared, Comparer(context or EMPTY_CONTEXT, limits))
    if verdict.correct and context is not None and key in context.phrases:
        # Another answer of this deck, word for word ("stan lee" beside "Stanley"): never a slip on this one.
        return _verdict("wrong", verdict.score, "That's a different answer from this deck.")
    if not verdict.correct and _shrugs(tokens, prepared):
        return _verdict("empty", 0.0, SHRUG)
    return verdict


def _shrugs(tokens: tuple[str, ...], prepared: list[PreparedAnswer]) -> bool:
    """ "idk", "pass", "no idea": not an attempt, unless the card's answer uses that word
    ("pass" against "Brenner Pass" is part of the answer) or is yes/no ("no" against "Yes").
    Phrasing words such as "i" or "no" shared with the answer do not count."""
    if not is_non_answer(tokens):
        return False
    words = {t for p in prepared for variant in p.variants for t in variant}
    if any(t in words and not is_phrasing(t) for t in tokens):
        return False
    yes_no = any(len(v) == 1 and v[0] in YES_NO for p in prepared for v in p.variants)
    return not yes_no or is_non_answer(tokens, yes_no_card=True)


def _judge(
    reply: str, tokens: tuple[str, ...], key: str, prepared: list[PreparedAnswer], comparer: Comparer
) -> Verdict:
    """The verdict for a reply that is not an exact form of any answer."""
    role = roles(tokens, has_tag(reply))
    accepted: list[tuple[int, int, int, PreparedAnswer]] = []  # (edits, start, end, answer)
    denials: list[tuple[int, int]] = []
    several = wrong_number = hedged = False
    close_word: str | None = None
    close = False
    for p in prepared:
        for found in _alignments(tokens, p, comparer):
            denied, extra = _outside(tokens, role, found.start, found.end, p)
            if found.near == 0:
                if not denied and not extra:
                    accepted.append((found.edits, found.start, found.end, p))
                elif denied:
                    denials.append((found.start, found.end))
                elif _dates_differ(extra, p):
                    wrong_number = True  # "1959 Taiwan Strait Crisis": the name is right, the date is not
                elif p.numeric and _only_hedges(tokens, role, found.start, found.end):
                    hedged = True  # "around 1950": not a second guess, but not the exact number either
                else:
                    several = True
            elif not denied and not extra and found.near <= 2:
                close = True
                close_word = close_word or found.other_word
    # "not Charles Darwin" denies the alias "Darwin" inside it too.
    accepted = [a for a in accepted if not any(s <= a[1] and a[2] <= e for s, e in denials)]
    if accepted:
        edits, _, _, p = min(accepted, key=lambda a: a[0])
        if edits == 0:
            return _verdict("exact", 1.0, matched=p.text)
        score = max(0.0, 1.0 - edits / max(len(key), 1))
        return _verdict("typo", score, f"Correct (spelled {p.text}).", matched=p.text)
    score = _similarity(tokens, prepared)
    if denials:
        return _verdict("negated", score)
    if several:
        return _verdict("several", score)
    if wrong_number:
        return _verdict("wrong", score, "Not quite: check the date.")
    if hedged:
        return _verdict("wrong", score, "Not quite: give the exact number.")
    if close:
        if close_word:
            # The member's own word is not echoed back: they know what they typed.
            return _verdict("close", score, "Close, but that's a different word.")
        return _verdict("close", score)
    if _is_fragment(tokens, role, prepared, comparer):
        return _verdict("fragment", score)
    return _verdict("wrong", score)


def _alignments(tokens: tuple[str, ...], answer: PreparedAnswer, comparer: Comparer) -> list[Alignment]:
    """Every stretch of the reply that spells a variant of the answer, variants that begin others read off
    the longer one's pass."""
    found: list[Alignment] = []
    for owner, lengths in answer.plan:
        for spelled in align_prefixes(tokens, answer.variants[owner], answer.numbers[owner], comparer, lengths).values():
            found += spelled
    return found


def _outside(
    tokens: tuple[str, ...], role: tuple[int, ...], start: int, end: int, answer: PreparedAnswer
) -> tuple[bool, list[str]]:
    """(denied, extra content words) for the reply words around a matched stretch.

    A negation denies what follows it: "not khrushchev" denies the answer,
    while in "not stalin but khrushchev" or "khrushchev, not stalin" it only
    denies the other name, which then is not a second guess either.
    """
    denied = False
    extra: list[str] = []
    for span in (range(start), range(end, len(tokens))):
        negation: int | None = None
        has_target = False
        for k in span:
            r = role[k]
            if r == FILL or tokens[k] in answer.optional or (r == APPROX and answer.approximate):
                continue
            if r in (NEG, WEAK):
                negation, has_target = k, False
            elif r == APPROX and negation is not None:
                continue  # "not over 200" still denies the number
            elif negation is not None:
                has_target = True
            else:
                extra.append(tokens[k])
        if negation is not None and not has_target:
            before = span.start == 0
            if role[negation] == NEG or not before or (negation == 0 and start == 1):
                denied = True
    return denied, extra


def _only_hedges(tokens: tuple[str, ...], role: tuple[int, ...], start: int, end: int) -> bool:
    """Every word outside the match is phrasing or a hedge such as "about" or "over"."""
    outside = [k for k in (*range(start), *range(end, len(tokens)))]
    return any(role[k] == APPROX for k in outside) and all(role[k] in (FILL, APPROX) for k in outside)


def _dates_differ(extra: list[str], answer: PreparedAnswer) -> bool:
    """The only extra word is a number where the answer has an optional date."""
    return len(extra) == 1 and is_number(extra[0]) and any(is_number(t) for t in answer.optional)


def _is_fragment(
    tokens: tuple[str, ...], role: tuple[int, ...], prepared: list[PreparedAnswer], comparer: Comparer
) -> bool:
    """Every content word of the reply is a word of the answer, but not all of it."""
    content = [t for t, r in zip(tokens, role) if r == CONTENT]
    if len(tokens) > 1 and tokens[-1] == "i" and role[-2] == CONTENT:
        content.append("i")  # the numeral of "World War I", not the pronoun
    if not content:
        return False
    compare, limits = comparer.compare, comparer.limits
    for p in prepared:
        for variant in p.variants:
            if len(content) >= len(variant):
                continue
            for t in content:
                # Only words of the answer, spelt within the allowance: "Maoism" is
                # another word, not a part of "Marxism-Leninism".
                for a in variant:
                    if t == a or (may_be_ok(t, a, limits) and compare(t, a)[0] == OK):
                        break
                else:
                    break  # a word that is in no place of the answer
            else:
                return True
    return False
