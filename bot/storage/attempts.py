"""Attempts and race claims: what every score is derived from."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

from .models import Attempt, AttemptResult, Reschedule


class AttemptStore(ABC):
    """Graded answers, and the claims that make one answer win a question."""

    @abstractmethod
    async def record_attempt(
        self, attempt: Attempt, *, once: str | None = None, review: Reschedule | None = None
    ) -> AttemptResult | None:
        """Store one graded answer with its score aggregates in one transaction.

        With ``review``, the same transaction also updates the member's memory
        of the card: ``review`` is called with their stored state of it and their
        usual time for that kind of question, and its result is stored with a
        review log row that points at this attempt.

        When ``attempt.question_id`` is set and the answer is correct, the same
        transaction claims the question: the first such attempt wins and keeps
        its points; later correct ones are stored with 0 points and won=False.

        ``once`` is a claim for the member's one answer (a question of the
        day): the same transaction makes it, and if the member already holds
        it nothing is stored and the result is None. A failed write leaves
        neither the claim nor the answer, so the member may answer again.
        """

    @abstractmethod
    async def record_attempts_batch(self, attempts: Sequence[Attempt]) -> int:
        """Store many attempts in one transaction (imports, back-fills).

        Attempts here may not carry a ``question_id``: races need
        :meth:`record_attempt`. Returns how many were stored.
        """

    @abstractmethod
    async def claim_question_win(
        self, guild_id: int, channel_id: int, question_id: str, member_id: int, *, at: datetime | None = None
    ) -> bool:
        """True for exactly one caller per (guild, channel, question)."""

    @abstractmethod
    async def question_winner(self, guild_id: int, channel_id: int, question_id: str) -> int | None: ...

    @abstractmethod
    async def question_claims(self, guild_id: int, channel_id: int, prefix: str) -> list[tuple[str, int, datetime]]:
        """Claims whose question id starts with ``prefix``, earliest first: (question id, member, when).

        Lets a daily question count who answered and who was right from the
        claims its answers made, with an index range scan (``prefix`` must be
        non-empty ASCII).
        """
