"""``/quiz``: live quiz rounds in a channel.

The cog (:mod:`cogs.quiz.cog`) turns slash commands, messages, buttons and
modals into calls on :class:`bot.quiz.LiveQuiz`; the presenter shows what it
reports, with every embed built in :mod:`cogs.quiz.embeds` and the buttons in
:mod:`cogs.quiz.views`. Rules, timing and storage all live in the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.quiz.cog import QuizCog

if TYPE_CHECKING:
    from bot.app.client import Deckhand

__all__ = ["QuizCog", "setup"]


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(QuizCog(bot))
