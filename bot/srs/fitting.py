"""Parameters that learn: a server's own FSRS parameters, fitted from its members' reviews.

Until a server has :data:`MIN_REVIEWS` reviews it uses FSRS's default
parameters. Then, at most every :data:`REFIT_DAYS` days, its reviews are fitted
with ``fsrs-rs-python`` (FSRS's own optimizer, in Rust; no torch) in a separate
process, so the bot's event loop and memory never carry the optimizer. The
result is used only when it predicts the server's own reviews better than the
defaults do (a lower log-loss) and the scheduler accepts it (every parameter
within FSRS's bounds); otherwise the server keeps what it had.

Run ``python -m bot.srs.fitting`` with review sequences as JSON on standard
input to fit by hand: ``[[[rating, "ISO time"], ...], ...]``, one list per
member and card; it prints ``{"parameters": [...], "log_loss": ..., "default_log_loss": ...}``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.srs.scheduler import DEFAULT, Scheduler
from bot.storage import FittedParameters, Store

log = logging.getLogger(__name__)

MIN_REVIEWS = 512
"""FSRS's optimizer needs this many reviews to do better than its defaults."""
REFIT_DAYS = 30
FIT_TIMEOUT = 600.0


class ParameterBook:
    """Each server's scheduler: its fitted parameters, or the defaults."""

    def __init__(self) -> None:
        self._schedulers: dict[int, Scheduler] = {}

    def for_guild(self, guild_id: int | None) -> Scheduler:
        return self._schedulers.get(guild_id, DEFAULT) if guild_id is not None else DEFAULT

    def put(self, fitted: FittedParameters) -> None:
        self._schedulers[fitted.guild_id] = Scheduler(fitted.parameters)

    def clear(self) -> None:
        self._schedulers.clear()

    async def load(self, store: Store) -> None:
        """Every server's fitted parameters, at start-up; parameters this scheduler refuses are left out."""
        for fitted in await store.guild_parameters():
            try:
                self.put(fitted)
            except ValueError as exc:
                log.warning("ignored the stored parameters of guild %s: %s", fitted.guild_id, exc)

    async def fit_due(self, store: Store, now: datetime) -> list[int]:
        """Fit every server whose turn it is (enough reviews, none fitted in the last month); returns them."""
        fitted_at = {f.guild_id: f.fitted_at for f in await store.guild_parameters()}
        done = []
        for guild_id in await store.review_guilds(MIN_REVIEWS):
            last = fitted_at.get(guild_id)
            if last is not None and now - last < timedelta(days=REFIT_DAYS):
                continue
            if await self.fit(store, guild_id, now):
                done.append(guild_id)
        return done

    async def fit(self, store: Store, guild_id: int, now: datetime) -> bool:
        sequences = await store.review_sequences(guild_id)
        count = sum(len(s) for s in sequences)
        if count < MIN_REVIEWS:
            return False
        payload = json.dumps([[[rating, at.isoformat()] for rating, at in s] for s in sequences])
        try:
            parameters, loss, default_loss = await _fit_in_worker(payload)
            if not loss < default_loss:
                log.info("kept the default scheduler for guild %s: fitted log-loss %.4f, default %.4f (%s reviews)",
                         guild_id, loss, default_loss, count)
                return False
            fitted = FittedParameters(guild_id, parameters, count, now)
            self.put(fitted)  # refuses parameters out of FSRS's bounds, before anything is stored
        except (OSError, ValueError, RuntimeError, asyncio.TimeoutError) as exc:
            log.warning("could not fit scheduler parameters for guild %s from %s reviews: %s", guild_id, count, exc)
            return False
        await store.set_guild_parameters(fitted)
        log.info("fitted scheduler parameters for guild %s from %s reviews: log-loss %.4f (default %.4f)",
                 guild_id, count, loss, default_loss)
        return True


async def _fit_in_worker(payload: str) -> tuple[tuple[float, ...], float, float]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.srs.fitting",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(payload.encode()), FIT_TIMEOUT)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(err.decode(errors="replace").strip().splitlines()[-1:] or "the fitting process failed")
    found = json.loads(out)
    values = found.get("parameters") if isinstance(found, dict) else None
    if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values):
        raise ValueError("the fitting process gave no parameters")
    return tuple(float(v) for v in values), float(found["log_loss"]), float(found["default_log_loss"])


def fit_sequences(sequences: Sequence[Sequence[tuple[int, datetime]]]) -> dict[str, object]:
    """FSRS's optimizer on review histories, and how well the fit and the defaults predict them (run in the
    worker: imports fsrs-rs-python)."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview

    items = []
    for reviews in sequences:
        history = []
        previous: datetime | None = None
        for rating, at in reviews:
            days = 0 if previous is None else max(0, (at.date() - previous.date()).days)
            history.append(FSRSReview(rating, days))
            previous = at
            if len(history) >= 2:
                items.append(FSRSItem(list(history)))
    parameters = list(FSRS(DEFAULT_PARAMETERS).compute_parameters(items))
    return {
        "parameters": parameters,
        "log_loss": FSRS(parameters).evaluate(items).log_loss,
        "default_log_loss": FSRS(DEFAULT_PARAMETERS).evaluate(items).log_loss,
    }


def main() -> int:
    data = json.load(sys.stdin)
    sequences = [[(int(rating), datetime.fromisoformat(at)) for rating, at in reviews] for reviews in data]
    json.dump(fit_sequences(sequences), sys.stdout)
    return 0


BOOK = ParameterBook()
"""The bot's one book of server schedulers, loaded at start-up and after each fit."""


if __name__ == "__main__":
    sys.exit(main())
