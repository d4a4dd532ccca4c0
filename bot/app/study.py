"""``python -m bot study``: the study session of ``/study start``, for one learner in a terminal.

The same scheduler and the same session (:class:`bot.study.StudySession`) as
on Discord, saved to the database in ``DATABASE_URL`` or, without one, to a
file of the learner's own (``~/.local/share/deckhand/study.db``), so cards
come back when they are due even offline.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.cards import Deck
from bot.decks import LoadedDeck, deck_context
from bot.app.terminal import flip_rating
from bot.questions import RATINGS
from bot.storage import open_store
from bot.study import StudyResult, StudySession, comes_back

LEARNER_GUILD = 0
LEARNER = 0
"""The terminal's one learner, in a server of their own: never a Discord id."""
GIVE_UP = {"", "?", "idk", "show"}
QUIT = {"quit", "exit", "q"}


def default_database_url() -> str:
    """``DATABASE_URL``, else a study file in the learner's own data folder."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "deckhand"
    base.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{base / 'study.db'}"


async def study(
    deck: Deck, name: str, *, new: int, inp: TextIO, out: TextIO, database_url: str,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:
    """One session on ``deck`` (kept under ``name``); returns how many cards were reviewed."""
    store = await open_store(database_url)
    try:
        loaded = LoadedDeck(name, deck, deck_context(deck), builtin=False)
        session = StudySession(store, loaded, LEARNER_GUILD, LEARNER, clock)
        await session.open(new)
        due = sum(not card.new for card in session.queue)
        out.write(f"Deckhand study: {deck.title}. {due} due, {session.left - due} new.\n")
        out.write("Type your answer; press Enter on an empty line to see the answer, 'quit' to stop.\n")
        while (card := session.next()) is not None:
            out.write(f"\n[{'new card' if card.new else 'review'} · {session.left} left] {card.question.prompt}\n")
            result = await _one(session, inp, out)
            if result is None:
                break
            out.write(_told(result, clock()))
        done = session.summary
        out.write(f"\nDone: {done.reviewed} reviewed, {done.correct} correct.")
        next_due = await session.next_due()
        if next_due is not None:
            out.write(f" Next card due {comes_back(next_due, clock(), again=False)} ({next_due.astimezone():%Y-%m-%d %H:%M}).")
        out.write("\n")
        return done.reviewed
    finally:
        await store.close()


async def _one(session: StudySession, inp: TextIO, out: TextIO) -> StudyResult | None:
    card = session.current
    assert card is not None
    question = card.question
    if question.kind == "flip":
        rating = flip_rating(question.answers[0], inp, out)
        return None if rating is None else await session.rate(RATINGS.index(rating) + 1)
    if question.choices is not None:
        out.write("".join(f"  {letter}) {choice}\n" for letter, choice in zip("ABCD", question.choices)))
    while True:
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            return None
        text = line.strip()
        if text.lower() in QUIT:
            return None
        if text.lower() in GIVE_UP:
            return await session.answer(give_up=True)
        if question.choices is None:
            return await session.answer(text)
        letter = text.upper()[:1]
        if letter in "ABCD"[: len(question.choices)] and len(text) == 1:
            return await session.answer(index="ABCD".index(letter))
        out.write("Answer with A, B, C or D (or Enter to see the answer).\n")


async def stats_png(out: Path, *, database_url: str, name: str = "Your study", clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    """The learner's progress card, drawn from their reviews in the local database; returns how many reviews it shows."""
    from bot.pictures import progress_card

    store = await open_store(database_url)
    try:
        history = await store.review_history(LEARNER_GUILD, LEARNER, at=clock())
    finally:
        await store.close()
    out.write_bytes(progress_card(name, history, unit="review"))
    return sum(d.attempts for d in history.days)


def _told(result: StudyResult, now: datetime) -> str:
    question = result.card.question
    if question.kind == "flip":
        head = "Noted."
    elif result.correct:
        head = "Correct."
    else:
        head = f"Not quite. The answer is {question.answers[0]}."
    lines = [f"{head} This card comes back {comes_back(result.due, now)}."]
    if question.explanation:
        lines.append(question.explanation)
    return "\n".join(lines) + "\n"
