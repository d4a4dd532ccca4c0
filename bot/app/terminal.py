"""The quiz in a terminal: try Deckhand without a Discord token.

It plays by exactly the same rules as the Discord quiz (:mod:`bot.quiz`), for
one player. The clock only matters for speed points, so a slow typist is
never cut off mid-answer. Typed rounds also show flip cards (answers nobody
could type): the answer is revealed and the player rates how well they knew
it, as in Anki; a flip card earns no points.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TextIO

from bot.cards import Deck
from bot.decks import deck_context
from bot.questions import FLIP, RATINGS, TYPED_KINDS, NoQuestionError, pick_questions
from bot.quiz import CHOICE, Close, QuizConfig, QuizSession, Reply, reply_feedback
from bot.shared.text import LETTERS, plus_points, points_text

PLAYER = 0


def play(
    deck: Deck,
    *,
    questions: int,
    mode: str,
    seed: int | None,
    inp: TextIO,
    out: TextIO,
    clock: Callable[[], float] = time.monotonic,
    direction: str | None = None,
) -> int:
    """Play one round; returns the points scored. ``direction`` says which side of two-sided cards is shown."""
    rng = random.Random(seed)
    count = min(questions, len(deck.cards))
    try:
        kinds = None if mode == CHOICE else (*TYPED_KINDS, FLIP)
        picked = pick_questions(deck, rng, count, mode=mode, kinds=kinds, direction=direction)
    except NoQuestionError as exc:
        out.write(f"Cannot make a quiz from {deck.title}: {exc}.\n")
        return 0
    config = QuizConfig(questions=count, seconds=60, mode=mode)
    session = QuizSession(deck, picked, config=config, starter=PLAYER, context=deck_context(deck))
    out.write(f"Deckhand quiz: {deck.title} ({len(deck.cards)} cards), {count} questions.\n")
    if mode == CHOICE:
        out.write("Answer with a letter (A-D). Type 'skip' or 'quit' at any time.\n")
    else:
        out.write("Type your answer. Type 'hint' for a hint, 'skip' to pass, 'quit' to stop.\n")
    started_at = clock()

    def now() -> float:
        # Cap the clock inside the question's window: no one is timed out here.
        active = session.current
        elapsed = clock() - started_at
        return min(elapsed, active.deadline - 0.001) if active else elapsed

    ratings: list[str] = []
    while not session.finished:
        active = session.start_next(now())
        if active is None:
            break
        question = active.question
        out.write(f"\nQuestion {active.number}/{session.total}\n{question.prompt}\n")
        if question.choices:
            for letter, choice in zip(LETTERS, question.choices):
                out.write(f"  {letter}) {choice}\n")
        if question.kind == FLIP:
            rating = flip_rating(question.answers[0], inp, out)
            session.close(now(), Close.STOPPED if rating is None else Close.SKIPPED)
            if rating is None:
                break
            ratings.append(rating)
            if question.explanation and question.explanation != question.answers[0]:
                out.write(f"{question.explanation}\n")
            continue
        reason = _ask(session, config.plays_as_choice(question), inp, out, now)
        result = session.close(now(), reason)
        if result.winners:
            out.write(f"Correct, {plus_points(result.winners[0].points)}.\n")
        elif reason != Close.STOPPED:
            out.write(f"The answer: {question.answers[0]}\n")
        if reason != Close.STOPPED and question.explanation:
            out.write(f"{question.explanation}\n")
    standings = session.standings()
    points = standings[0].points if standings else 0
    right = standings[0].correct if standings else 0
    asked = len(session.results) - len(ratings)
    out.write(f"\nDone: {right} of {asked} correct, {points_text(points)}.\n")
    if ratings:
        counts = ", ".join(f"{ratings.count(r)} {r}" for r in RATINGS if r in ratings)
        out.write(f"Flip cards rated: {counts}.\n")
    return points


def flip_rating(answer: str, inp: TextIO, out: TextIO) -> str | None:
    """Reveal the answer when the player is ready, then take their rating; None when they quit."""
    out.write("(flip card: think of the answer, then press Enter to see it)\n> ")
    out.flush()
    line = inp.readline()
    if not line or line.strip().lower() in {"quit", "exit", "q"}:
        out.write("\n")
        return None
    out.write(f"Answer: {answer}\n")
    while True:
        out.write("How well did you know it? 1 again, 2 hard, 3 good, 4 easy\n> ")
        out.flush()
        line = inp.readline()
        if not line:
            out.write("\n")
            return None
        text = line.strip().lower()
        if text in {"quit", "exit", "q"}:
            return None
        if text.isdigit() and 1 <= int(text) <= len(RATINGS):
            return RATINGS[int(text) - 1]
        if text in RATINGS:
            return text
        out.write("Type 1, 2, 3 or 4 (or again, hard, good, easy).\n")


def _ask(session: QuizSession, choice: bool, inp: TextIO, out: TextIO, now: Callable[[], float]) -> Close:
    """Read replies until the question is won, skipped, out of tries or quit."""
    while True:
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            out.write("\n")
            return Close.STOPPED
        text = line.strip()
        command = text.lower()
        if command in {"quit", "exit", "q"}:
            return Close.STOPPED
        if command == "skip":
            return Close.SKIPPED
        if command == "hint" and not choice:
            hint = session.hint()
            out.write(f"Hint: {hint}\n" if hint else "No more hints for this one.\n")
            continue
        if choice:
            index = _choice_index(text, session)
            if index is None:
                out.write("Answer with A, B, C or D.\n")
                continue
            session.lock_choice(PLAYER, index, now())
            return Close.TIMEOUT
        outcome = session.reply(PLAYER, text, now())
        if outcome.kind == Reply.WIN:
            return Close.ANSWERED
        if outcome.kind == Reply.IGNORED:
            continue
        out.write(f"{reply_feedback(outcome)}\n")
        if outcome.tries_left <= 0:
            return Close.TIMEOUT


def _choice_index(text: str, session: QuizSession) -> int | None:
    active = session.current
    if active is None or not active.question.choices:
        return None
    choices = active.question.choices
    key = text.strip().upper().rstrip(")")
    if len(key) == 1 and key in LETTERS[: len(choices)]:
        return LETTERS.index(key)
    if key.isdigit() and 1 <= int(key) <= len(choices):
        return int(key) - 1
    lowered = [c.lower() for c in choices]
    return lowered.index(text.strip().lower()) if text.strip().lower() in lowered else None
