"""The quiz in a terminal: try Deckhand without a Discord token.

It plays by exactly the same rules as the Discord quiz (:mod:`bot.quiz`), for
one player. The clock only matters for speed points, so a slow typist is
never cut off mid-answer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TextIO

from bot.cards import Deck
from bot.decks import deck_context
from bot.questions import NoQuestionError, pick_questions
from bot.quiz import CHOICE, Close, QuizConfig, QuizSession, Reply, reply_feedback
from bot.shared.text import LETTERS

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
) -> int:
    """Play one round; returns the points scored."""
    rng = random.Random(seed)
    count = min(questions, len(deck.cards))
    try:
        picked = pick_questions(deck, rng, count, mode=mode)
    except NoQuestionError as exc:
        out.write(f"Cannot make a quiz from {deck.title}: {exc}.\n")
        return 0
    config = QuizConfig(questions=count, seconds=60, mode=mode)
    session = QuizSession(deck, picked, config=config, starter=PLAYER, context=deck_context(deck))
    out.write(f"Deckhand quiz: {deck.title} ({len(deck.cards)} cards), {count} questions.\n")
    if mode == CHOICE:
        out.write("Answer with a letter (A-D). Type 'skip' or 'quit' at any time.\n")
    else:
        out.write("Type your answer. Type 'hint' for a letter hint, 'skip' to pass, 'quit' to stop.\n")
    started_at = clock()

    def now() -> float:
        # Cap the clock inside the question's window: no one is timed out here.
        active = session.current
        elapsed = clock() - started_at
        return min(elapsed, active.deadline - 0.001) if active else elapsed

    while not session.finished:
        active = session.start_next(now())
        if active is None:
            break
        question = active.question
        out.write(f"\nQuestion {active.number}/{session.total} ({question.label})\n{question.prompt}\n")
        if question.choices:
            for letter, choice in zip(LETTERS, question.choices):
                out.write(f"  {letter}) {choice}\n")
        reason = _ask(session, config.plays_as_choice(question), inp, out, now)
        result = session.close(now(), reason)
        if result.winners:
            out.write(f"Correct! +{result.winners[0].points} points.\n")
        elif reason != Close.STOPPED:
            out.write(f"The answer: {question.answers[0]}\n")
        if reason != Close.STOPPED and question.explanation:
            out.write(f"{question.explanation}\n")
    standings = session.standings()
    points = standings[0].points if standings else 0
    right = standings[0].correct if standings else 0
    asked = len(session.results)
    out.write(f"\nDone: {right} of {asked} right, {points} points.\n")
    return points


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
