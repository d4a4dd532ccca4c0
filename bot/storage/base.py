"""The whole storage contract: every area's interface, plus opening and closing.

Callers depend on the narrowest interface that serves them
(:class:`~bot.storage.attempts.AttemptStore`,
:class:`~bot.storage.boards.BoardStore`,
:class:`~bot.storage.settings.SettingsStore`,
:class:`~bot.storage.daily.DailyStore`, :class:`~bot.storage.decks.DeckStore`,
:class:`~bot.storage.srs.SrsStore`, :class:`~bot.storage.rounds.RoundStore`,
:class:`~bot.storage.disputes.DisputeStore`,
:class:`~bot.storage.processes.ProcessStore`) and the records in
:mod:`bot.storage.models`. A backend implements each area in a file of the
same name (``bot/storage/sqlite/attempts.py`` ...) and joins them in one
:class:`Store`.

Every method is a coroutine. Methods that take ``at`` use the store's clock
when it is None, so tests never sleep. Writes that must not happen twice (a
quiz win, a daily post, a closed daily question) return a bool that is True
for exactly one caller, enforced by the database, not by Python checks.
"""

from __future__ import annotations

from abc import abstractmethod

from .attempts import AttemptStore
from .boards import BoardStore
from .daily import DailyStore
from .decks import DeckStore
from .disputes import DisputeStore
from .settings import SettingsStore
from .processes import ProcessStore
from .rounds import RoundStore
from .srs import SrsStore


class Store(
    AttemptStore, BoardStore, SettingsStore, DailyStore, DeckStore, SrsStore, RoundStore, DisputeStore, ProcessStore
):
    @abstractmethod
    async def close(self) -> None: ...

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def failing(self) -> str | None:
        """Why writes are failing now (a full disk, a read-only file...), or None while they work.

        A backend logs the first failed write once and the first write that
        works again; callers tell members and need not log each failure."""
        return None

    @abstractmethod
    async def check_integrity(self) -> str:
        """'ok', or the database's description of what is damaged."""
