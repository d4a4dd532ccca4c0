"""Study reminders when the bot runs as several shard processes on one database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.storage import SrsState, open_store
from bot.study.reminders import Reminders


async def test_each_reminder_is_sent_once_by_the_process_of_its_server(database_url: str) -> None:
    now = datetime(2026, 3, 4, 20, 0, tzinfo=timezone.utc)
    store = await open_store(database_url)
    try:
        for guild in (1, 2):
            await store.set_study_reminder(guild, 7, enabled=True, local_time="19:00", time_zone="UTC")
            await store.put_srs(SrsState(guild, 7, "deck:1", "deck", {}, now - timedelta(hours=1)))
        sent: list[tuple[str, int]] = []

        def sender(name: str):  # type: ignore[no-untyped-def]
            async def send(reminder, due):  # type: ignore[no-untyped-def]
                sent.append((name, reminder.guild_id))
                return "sent"

            return send

        first = Reminders(store, sender("first"), lambda: now, owns=lambda guild: guild == 1)
        second = Reminders(store, sender("second"), lambda: now, owns=lambda guild: guild == 2)
        assert await first.run_due() == [(1, 7)]
        assert await second.run_due() == [(2, 7)]
        assert await first.run_due() == [] and await second.run_due() == []
        assert sorted(sent) == [("first", 1), ("second", 2)]
    finally:
        await store.close()
