"""The question a quiz asks, and the sizes that keep it readable.

A question is plain data: the Discord layer, the terminal quiz and the JSON
export all show the same prompt, accept the same answers and teach the same
explanation afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.cards import Card
from bot.questions.words import truncate

RECALL = "recall"
DATE = "date"
CLOZE = "cloze"
CHOICE = "choice"
EXPLICIT = "explicit"
FLIP = "flip"
"""The prompt, then the answer shown: the member rates how well they knew it. Never typed, never graded."""
KINDS = (RECALL, DATE, CLOZE, CHOICE, EXPLICIT, FLIP)
TYPED_KINDS = (RECALL, DATE, CLOZE, EXPLICIT)
RATINGS = ("again", "hard", "good", "easy")
"""How a member rates a flip card: the four ratings of spaced repetition (FSRS), worst first."""

MAX_PROMPT_CHARS = 1500
"""A prompt fits a Discord embed description with room to spare."""
MAX_CLUE_CHARS = 420
"""One fact in a prompt; longer ones are cut at a sentence or word break."""
MAX_EXPLANATION_CHARS = 2000
"""The back shown after a question; the rest of a huge back is cut with "…"."""


@dataclass(frozen=True)
class Question:
    """One question drawn from one card.

    ``answers`` lists the replies that count, canonical first; for a choice
    question the canonical answer is the correct choice exactly as shown.
    ``basis`` says what a choice question asks for (recall, date, cloze or
    explicit); for typed questions it equals ``kind``.
    """

    card: Card
    kind: str
    prompt: str
    answers: tuple[str, ...]
    choices: tuple[str, ...] | None
    explanation: str
    basis: str = ""
    english: bool = True
    """False when the answer is in another language than English: the grader then
    judges "a different real word" by the deck's own words only."""

    @property
    def image(self) -> str | None:
        """The picture shown with the question: a file in the deck's media, or a web address."""
        return self.card.image

    @property
    def label(self) -> str:
        """What the question asks for: its kind, or for a choice question the kind its choices stand for."""
        return self.basis or self.kind

    def to_json(self) -> dict[str, Any]:
        return {
            "card": self.card.front,
            "kind": self.kind,
            "prompt": self.prompt,
            "answers": list(self.answers),
            "choices": None if self.choices is None else list(self.choices),
            "explanation": self.explanation,
            "image": self.image,
        }


def explanation_for(card: Card) -> str:
    """The card's back, so members learn the facts after answering: one fact as it is, several as bullets.

    A card with no back has nothing more to say than its answer, which the reveal shows anyway; nor has a
    fact that only restates an answer (a YAML card's back is its answer when it names none).
    """
    answers = {" ".join(a.split()).casefold() for a in card.answers}
    facts = [fact.strip() for fact in card.back if fact and fact.strip() and " ".join(fact.split()).casefold() not in answers]
    if not facts:
        return ""
    if len(facts) == 1:
        return truncate(facts[0], MAX_EXPLANATION_CHARS)
    lines: list[str] = []
    used = 0
    for fact in facts:
        room = MAX_EXPLANATION_CHARS - used - 2
        if room < 40:
            lines.append("• …")
            break
        line = "• " + truncate(fact, room)
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)
