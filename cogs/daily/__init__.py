"""``/daily``: a question of the day per channel, answered privately.

The rules live in :mod:`bot.daily`: when to post, which card, a member's one
answer (:class:`bot.daily.DailyAnswers`) and the results, posted on a timer
by :class:`bot.daily.DailyRunner`. Here: the commands (:mod:`cogs.daily.cog`),
the runner's Discord side (:mod:`cogs.daily.posts`), the buttons and form
(:mod:`cogs.daily.views`) and every message (:mod:`cogs.daily.embeds`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.daily.cog import DailyCog

if TYPE_CHECKING:
    from bot.app.client import Deckhand

__all__ = ["DailyCog", "setup"]


async def setup(bot: Deckhand) -> None:
    await bot.add_cog(DailyCog(bot))
