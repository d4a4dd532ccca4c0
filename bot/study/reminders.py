"""Opt-in study reminders: one direct message at a member's local time on days they have cards due.

Each reminder fires at most once a member's local day: the database claims
it (:meth:`~bot.storage.srs.SrsStore.claim_study_reminder`), so a restart or a
second process never sends two. A member whose direct messages are closed
gets no retries: the reminder is turned off, and the bot says so the next
time they use ``/study`` (:data:`CLOSED_DM`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Literal

from bot.shared.zones import zone
from bot.storage import Store, StudyReminder

log = logging.getLogger(__name__)

DEFAULT_TIME = "18:00"
CLOSED_DM = "closed_dm"
Sent = Literal["sent", "closed", "failed"]
Send = Callable[[StudyReminder, int], Awaitable[Sent]]
"""Sends one reminder (the member, how many cards are due): "closed" when their direct messages are closed."""


def reminder_day(reminder: StudyReminder, now: datetime) -> date | None:
    """The member's local day when its reminder time has come and it has not fired that day; else None."""
    local = now.astimezone(zone(reminder.time_zone))
    if local.strftime("%H:%M") < reminder.local_time:
        return None
    if reminder.reminded_on is not None and reminder.reminded_on >= local.date():
        return None
    return local.date()


class Reminders:
    def __init__(
        self, store: Store, send: Send, clock: Callable[[], datetime], owns: Callable[[int], bool] | None = None
    ) -> None:
        self.store, self.send, self.clock = store, send, clock
        self.owns = owns
        """Whose reminders this process sends: members of the servers on its shards."""

    async def run_due(self) -> list[tuple[int, int]]:
        """Send every reminder whose time has come today; returns the (guild, member) pairs reminded."""
        now = self.clock()
        sent: list[tuple[int, int]] = []
        for reminder in await self.store.study_reminders():
            if self.owns is not None and not self.owns(reminder.guild_id):
                continue
            day = reminder_day(reminder, now)
            if day is None:
                continue
            due = await self.store.due_count(reminder.guild_id, reminder.member_id, now)
            if not await self.store.claim_study_reminder(reminder.guild_id, reminder.member_id, day):
                continue  # another process, or an earlier tick, had it
            if due == 0:
                continue  # nothing due at their time today: no message
            outcome = await self.send(reminder, due)
            if outcome == "closed":
                log.info("direct messages closed: turned off a study reminder in guild %s", reminder.guild_id)
                await self.store.stop_study_reminder(reminder.guild_id, reminder.member_id, CLOSED_DM)
            elif outcome == "sent":
                sent.append((reminder.guild_id, reminder.member_id))
        return sent
