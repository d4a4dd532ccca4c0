"""Building each kind of question from one card.

Every builder returns zero or more questions and never raises on odd text: a
card that cannot make a fair question of some kind simply makes none of it.
Every prompt is finally scrubbed with the answer's own words, so whatever
path built it, the prompt cannot spell out what it asks for.
"""

from __future__ import annotations

import random
import re

from bot.cards import Card
from bot.questions import distractors
from bot.questions.clues import definition_clues, notes_clues
from bot.questions.explicit import explicit
from bot.questions.index import DeckIndex, FactTerms, card_front_date, card_terms, front_display
from bot.questions.model import (
    CHOICE,
    CLOZE,
    DATE,
    FLIP,
    MAX_CLUE_CHARS,
    MAX_PROMPT_CHARS,
    RECALL,
    Question,
    explanation_for,
)
from bot.questions.pairs import meaning_questions, pair_questions
from bot.questions.shapes import BACK, is_pair, sides
from bot.questions.terms import YEAR_SHAPES, Term, lead_word
from bot.questions.words import (
    BLANK,
    Matcher,
    content_words,
    fold,
    gives_away,
    mask,
    matcher_for,
    significant_pieces,
    truncate,
    unique,
)

MAX_TYPED_WORDS = 5
MAX_TYPED_CHARS = 45
MAX_CLOZES = 2
_SHAPE_COST = {"quote": 0.0, "number": 0.1, "year": 0.1, "range": 0.1, "decade": 0.2, "name": 0.15}


def build(
    card: Card, index: DeckIndex, rng: random.Random, *, notes_style: bool, direction: str | None = None
) -> list[Question]:
    """Every question a card makes, showing the side ``direction`` names (None: the deck's own default)."""
    explanation = explanation_for(card)
    if card.explicit:
        return explicit(card, index, rng, explanation)
    if notes_style:
        questions = [
            *recall(card, index, rng, explanation, notes_style=True),
            *front_date(card, index, rng, explanation, notes_style=True),
            *cloze(card, index, rng, explanation),
        ]
        # A card with nothing else to ask is still asked, from its facts with the heading's words hidden.
        return questions or recall(card, index, rng, explanation, notes_style=True, strict=False)
    shape = index.shape
    questions: list[Question] = []
    for shown in sides(direction or shape.default_direction, rng):
        if shape.pairs and is_pair(card):
            questions += pair_questions(card, front_display(card), shown, index, rng, explanation)
        elif shown == BACK:
            questions += [
                *recall(card, index, rng, explanation, notes_style=False),
                *front_date(card, index, rng, explanation),
                *cloze(card, index, rng, explanation),
            ]
        else:
            questions += meaning_questions(card, front_display(card), index.backs, rng, explanation)
    if not questions and card.answers and card.back:
        # Nothing fair to type or choose (the sides share some words): the card is still studied, as a flip
        # card, as long as its clue says something once the answer's words are hidden.
        clue, hidden = mask(card.back[0], Matcher(card.answers))
        left = content_words(clue)
        if left and len(left) >= hidden:
            prompt = f"Translate: “{clue}”" if shape.foreign else f"Which term matches this definition?\n• {clue}"
            questions.append(Question(card, FLIP, truncate(prompt, MAX_PROMPT_CHARS), (front_display(card),), None, explanation, FLIP))
    return questions


def typeable(answer: str) -> bool:
    """Short enough to type against the clock once optional parts are dropped."""
    core = answer.split("(")[0].strip() or answer
    return 0 < len(significant_pieces(core)) <= MAX_TYPED_WORDS and len(core) <= MAX_TYPED_CHARS


def recall(
    card: Card, index: DeckIndex, rng: random.Random, explanation: str, *, notes_style: bool, strict: bool = True
) -> list[Question]:
    if not card.answers:
        return []
    matcher = Matcher(card.answers)
    clues = notes_clues(card, rng) if notes_style and strict else definition_clues(card, matcher, rng)
    if not clues:
        return []
    date = card_front_date(index, card)
    noun = ""
    if notes_style:
        noun = {"range": "period", "year": "event"}.get(date.shape if date else "", "topic")
        typed_header = f"Name the {noun} these notes describe:"
        choice_header = f"Which {noun} do these notes describe?"
    else:
        what = "definition" if len(clues) == 1 else "definitions"
        typed_header = choice_header = f"Which term matches {'this' if len(clues) == 1 else 'these'} {what}?"
    body = "\n".join(f"• {clue}" for clue in clues)
    display = front_display(card)
    answers = unique((display, *card.answers))
    # The clues are masked already; only the header still needs the scrub.
    typed_header, choice_header = mask(typed_header, matcher)[0], mask(choice_header, matcher)[0]
    questions = []
    # A period's heading is the note-taker's own label ("Increasing Mistrust and Hostility"): a learner can
    # pick it from others but not be asked to type it; an event's name ("1958 Taiwan Strait Crisis") can be typed.
    labelled = notes_style and noun == "period"
    if not labelled and any(typeable(answer) for answer in answers):
        prompt = truncate(f"{typed_header}\n{body}", MAX_PROMPT_CHARS)
        questions.append(Question(card, RECALL, prompt, answers, None, explanation, RECALL))
    picked = distractors.fronts(display, card.answers, date.shape if date else "", index, rng, body)
    if picked:
        choices = distractors.shuffled_choices(display, picked, rng)
        prompt = truncate(f"{choice_header}\n{body}", MAX_PROMPT_CHARS)
        questions.append(Question(card, CHOICE, prompt, answers, choices, explanation, RECALL))
    return questions


def front_date(
    card: Card, index: DeckIndex, rng: random.Random, explanation: str, *, notes_style: bool = False
) -> list[Question]:
    date = card_front_date(index, card)
    if date is None or not card.answers or not date.name:
        return []
    name = truncate(date.name, 300)
    if notes_style and date.shape == "range":
        # A section's span is what the notes cover, not when one event in it happened
        # (1962 is not wrong for the Cuban Missile Crisis inside a 1960-1963 section).
        prompt = f"Which years does the notes section “{name}” cover?"
    else:
        plural = "years" if date.shape == "range" else "year"
        prompt = f"In what {plural} did “{name}” take place?"
    return _with_choice(card, DATE, prompt, (date.answer,), date.shape, index, rng, explanation)


def cloze(card: Card, index: DeckIndex, rng: random.Random, explanation: str) -> list[Question]:
    """Blank a rare term from the facts; years go to date questions, the rest to cloze."""
    front_matcher = Matcher([card.front]) if card.answers else None
    best: list[tuple[float, FactTerms, Term]] = []
    for facts in card_terms(index, card):
        scored = [
            (cost + rng.random() * 0.05, facts, term)
            for term in facts.terms
            if (cost := _cloze_cost(facts.fact, _trim(term, index), index, front_matcher)) is not None
        ]
        if scored:
            best.append(min(scored, key=lambda item: item[0]))
    best.sort(key=lambda item: item[0])
    questions: list[Question] = []
    dates = words = 0
    for _, facts, term in best:
        is_date = term.shape in YEAR_SHAPES
        if (is_date and dates >= 1) or (not is_date and words >= MAX_CLOZES):
            continue
        built = _cloze_questions(card, facts.fact, _trim(term, index), index, rng, explanation)
        if built:
            questions.extend(built)
            dates += is_date
            words += not is_date
    return questions


def _trim(term: Term, index: DeckIndex) -> Term:
    """"Soviet Marxism-Leninism" -> "Marxism-Leninism" when the deck names it on its own."""
    if term.shape != "name" or " " not in term.answer:
        return term
    first, rest = term.answer.split(" ", 1)
    if index.common(first) and fold(rest) in index.name_keys:
        offset = len(first) + 1
        return Term(rest, term.start + offset, term.end, term.shape)
    return term


def _cloze_cost(fact: str, term: Term, index: DeckIndex, front_matcher: Matcher | None) -> float | None:
    """How poor a blank this term makes (lower is better), or None for no blank at all."""
    if term.shape == "name" and index.common(term.answer):
        return None
    if term.shape == "number" and term.answer in {"0", "1"}:
        return None
    rest = fact[: term.start] + " " + fact[term.end :]
    context = content_words(rest)
    if len(context) < 4:
        return None
    cost = _SHAPE_COST.get(term.shape, 0.2) + (index.rarity(term.answer) if term.shape in ("name", "quote") else 0.05)
    if term.shape == "name" and " " in term.answer:
        cost -= 0.05
    matcher = matcher_for((term.answer,))
    if gives_away(rest, matcher):
        cost += 0.4
    if front_matcher is not None and gives_away(term.answer, front_matcher):
        cost += 0.5
    return cost


def _cloze_questions(card: Card, fact: str, term: Term, index: DeckIndex, rng: random.Random, explanation: str) -> list[Question]:
    blanked = _window(fact[: term.start], fact[term.end :])
    what = {"year": "year", "range": "years", "decade": "decade", "number": "number"}.get(term.shape, "blank")
    lines = []
    # The topic is context: when it would name the blank ("Topic: Soviet Economic …" for "Soviet Union"),
    # it is left out rather than shown with holes in it.
    if card.answers and not gives_away(card.front, matcher_for((term.answer,))):
        lines.append(f"Topic: {truncate(card.front, 200)}")
    lines.append(f"Fill in the {what}: {blanked}")
    prompt = "\n".join(lines)
    answers = [term.answer]
    if term.shape == "number" and "," in term.answer:
        answers.append(term.answer.replace(",", ""))
    hedge = _HEDGE_BEFORE.search(fact[: term.start])
    if hedge and term.shape in ("number", "year"):
        # "over _____ industrial projects": repeating the clue's "over" is still the answer.
        answers.extend(f"{hedge.group(1)} {answer}" for answer in list(answers))
    kind = DATE if term.shape in YEAR_SHAPES else CLOZE
    lead = lead_word(fact, term.start) if term.shape == "name" else ""
    return _with_choice(card, kind, prompt, tuple(answers), term.shape, index, rng, explanation, lead)


_HEDGE_BEFORE = re.compile(
    r"\b(over|about|around|nearly|almost|approximately|roughly|some|more than|at least|up to|under|fewer than|less than)\s+$",
    re.IGNORECASE,
)


def _window(before: str, after: str) -> str:
    """The fact around the blank, cut at word breaks when it is too long to show."""
    room = MAX_CLUE_CHARS
    if len(before) + len(after) + len(BLANK) <= room:
        return f"{before}{BLANK}{after}".strip()
    half = (room - len(BLANK)) // 2
    if len(before) > half:
        cut = before[-half:]
        space = cut.find(" ")
        before = "…" + (cut[space + 1 :] if 0 <= space < half // 2 else cut)
    after = truncate(after, room - len(before) - len(BLANK))
    return f"{before}{BLANK}{after}".strip()


def _with_choice(
    card: Card,
    kind: str,
    prompt: str,
    answers: tuple[str, ...],
    shape: str,
    index: DeckIndex,
    rng: random.Random,
    explanation: str,
    lead: str = "",
) -> list[Question]:
    typed = _question(card, kind, prompt, answers, None, explanation, matcher_for(answers))
    picked = distractors.by_shape(shape, answers[0], answers, index, rng, typed.prompt, lead)
    if not picked:
        return [typed]
    choices = distractors.shuffled_choices(answers[0], picked, rng)
    return [typed, Question(card, CHOICE, typed.prompt, typed.answers, choices, typed.explanation, kind)]


def _question(
    card: Card,
    kind: str,
    prompt: str,
    answers: tuple[str, ...],
    choices: tuple[str, ...] | None,
    explanation: str,
    matcher: Matcher,
    basis: str = "",
) -> Question:
    scrubbed, _ = mask(prompt, matcher)
    return Question(card, kind, truncate(scrubbed, MAX_PROMPT_CHARS), answers, choices, explanation, basis or kind)
