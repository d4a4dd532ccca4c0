"""Disputes on Discord: the "I was right" buttons, the moderators' queue (/disputes) and their decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.disputes.cog import DisputesCog
from cogs.disputes.views import DYNAMIC_ITEMS, AnswerDisputeButton, DailyDisputeButton, QuizDisputeButton

if TYPE_CHECKING:
    from bot.app.client import Deckhand

__all__ = ["AnswerDisputeButton", "DailyDisputeButton", "DisputesCog", "QuizDisputeButton", "setup"]


async def setup(bot: Deckhand) -> None:
    bot.add_dynamic_items(*DYNAMIC_ITEMS)
    await bot.add_cog(DisputesCog(bot))
