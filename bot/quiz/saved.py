"""A running round kept in the store, so a restart resumes it where it was.

When a round starts, its questions are written once (each with the key of
its card, so the card is found again in the deck); as it advances, its
progress is rewritten: the deck, who started it, its rules, how many
questions are closed, the scores so far and the id of the open question's
message. A round that ends normally is forgotten. After a crash or a
restart the bot reads what was kept: within :data:`RESUME_WITHIN` and with
its deck and cards still there, the round goes on from the question that was
open; otherwise the channel is told it was interrupted, with its standings.

The text is JSON: the store keeps it as it is, and only this module reads it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.decks import DeckLibrary, DeckNotFound, LoadedDeck, card_key
from bot.questions import Question
from bot.quiz.outcomes import RoundStanding
from bot.quiz.rules import QuizConfig, QuizSession
from bot.quiz.scoring import PointsRules
from bot.storage import SavedRound, Store

log = logging.getLogger(__name__)

RESUME_WITHIN = timedelta(minutes=15)
"""A round kept longer ago than this is not resumed: its players have moved on."""


@dataclass(frozen=True)
class RoundPlan:
    """What a round needs beyond its questions to be played again."""

    guild_id: int
    channel_id: int
    round_id: str
    deck: str
    starter: int
    config: QuizConfig
    answer_button: bool = False


def questions_text(questions: list[Question], deck: str) -> str:
    """The round's questions as kept: each with its card's key, so a restart finds the card again."""
    return json.dumps(
        [
            {
                "card": card_key(deck, q.card), "kind": q.kind, "prompt": q.prompt, "answers": list(q.answers),
                "choices": list(q.choices) if q.choices is not None else None, "explanation": q.explanation,
                "basis": q.basis, "english": q.english,
            }
            for q in questions
        ],
        ensure_ascii=False,
    )


def progress_text(plan: RoundPlan, session: QuizSession, message_id: int | None) -> str:
    """How far the round got: questions closed, scores so far, the open question's message."""
    return json.dumps(
        {
            "deck": plan.deck, "starter": plan.starter, "answer_button": plan.answer_button,
            "config": asdict(plan.config),  # the points rules too: asdict goes all the way down
            "closed": session.asked,
            "standings": [[s.member, s.points, s.correct] for s in session.standings()],
            "message_id": message_id,
        }
    )


class RoundKeeper:
    """Keeps one round in the store as it advances. A failed write is logged by the store and costs only the resume."""

    def __init__(self, store: Store, plan: RoundPlan) -> None:
        self.store = store
        self.plan = plan

    async def started(self, session: QuizSession, questions: list[Question]) -> None:
        await self._quietly(
            self.store.save_round(
                self.plan.guild_id, self.plan.channel_id, self.plan.round_id,
                questions_text(questions, self.plan.deck), progress_text(self.plan, session, None),
            )
        )

    async def advanced(self, session: QuizSession, message_id: int | None = None) -> None:
        await self._quietly(
            self.store.save_round_progress(self.plan.channel_id, self.plan.round_id, progress_text(self.plan, session, message_id))
        )

    async def ended(self) -> None:
        await self._quietly(self.store.end_round(self.plan.channel_id, self.plan.round_id))

    async def _quietly(self, write: Any) -> None:
        try:
            await write
        except Exception as error:  # storage failing: the round plays on, it just could not be resumed
            log.debug("could not keep round %s: %s", self.plan.round_id, error)


@dataclass(frozen=True)
class Resume:
    """A kept round that can go on: its session is at the question that was open."""

    plan: RoundPlan
    session: QuizSession
    deck: LoadedDeck
    message_id: int | None


@dataclass(frozen=True)
class Interrupted:
    """A kept round that cannot go on, and why; its standings are what was saved."""

    plan: RoundPlan | None
    reason: str
    standings: list[RoundStanding]
    asked: int


async def restore(saved: SavedRound, library: DeckLibrary, now: datetime, *, resume: bool = True) -> Resume | Interrupted:
    """What to do with a kept round after a restart. ``resume=False`` ends every kept round."""
    try:
        progress = json.loads(saved.progress)
        kept = json.loads(saved.questions)
        config_data = dict(progress["config"])
        config = QuizConfig(**{**config_data, "points": PointsRules(**config_data["points"])})
        plan = RoundPlan(
            saved.guild_id, saved.channel_id, saved.round_id, str(progress["deck"]), int(progress["starter"]),
            config, bool(progress.get("answer_button")),
        )
        standings = [RoundStanding(int(m), int(p), int(c)) for m, p, c in progress["standings"]]
        closed = int(progress["closed"])
    except (ValueError, KeyError, TypeError) as error:
        log.warning("kept round %s could not be read: %s", saved.round_id, error)
        return Interrupted(None, "what was kept of it could not be read", [], 0)
    if not resume:
        return Interrupted(plan, "the bot was started with --no-resume", standings, closed)
    if now - saved.updated_at > RESUME_WITHIN:
        minutes = int(RESUME_WITHIN.total_seconds() // 60)
        return Interrupted(plan, f"the bot was away for more than {minutes} minutes", standings, closed)
    try:
        loaded = await library.get(saved.guild_id, plan.deck)
    except DeckNotFound:
        return Interrupted(plan, f"its deck “{plan.deck}” was removed", standings, closed)
    questions = _rebuilt(kept, loaded)
    if questions is None or closed >= len(questions):
        return Interrupted(plan, f"its deck “{plan.deck}” has changed", standings, closed)
    session = QuizSession(loaded.deck, questions, config=config, starter=plan.starter, context=loaded.context)
    session.restore(closed, standings)
    return Resume(plan, session, loaded, progress.get("message_id"))


def _rebuilt(kept: list[dict[str, Any]], loaded: LoadedDeck) -> list[Question] | None:
    """The kept questions on the deck's cards, or None when a card is gone (the deck was replaced)."""
    cards = {card_key(loaded.name, card): card for card in loaded.deck.cards}
    questions = []
    for item in kept:
        card = cards.get(item["card"])
        if card is None:
            return None
        choices = tuple(item["choices"]) if item["choices"] is not None else None
        questions.append(
            Question(card, item["kind"], item["prompt"], tuple(item["answers"]), choices, item["explanation"],
                     item.get("basis", ""), bool(item.get("english", True)))
        )
    return questions
