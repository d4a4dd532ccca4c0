"""DailyRunner: the steps of posting and closing a question of the day, with a real SQLite file and no Discord."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.daily import CLOSE_AFTER, DailyResults
from bot.daily.runner import DailyRunner, Pause, SendFailure
from tests.helpers import server_library

GUILD, CHANNEL, OTHER = 10, 20, 21
DAY1, DAY2 = date(2025, 6, 2), date(2025, 6, 3)
LEADERS = b"""\
title: Leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
  - front: Who led China when the People's Republic was founded?
    answers: [Mao Zedong, Mao]
  - front: Which Soviet leader signed the 1950 treaty with Mao?
    answers: [Joseph Stalin, Stalin]
"""


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class Forbidden(Exception):
    pass


class Gone(Exception):
    pass


class Recorder:
    """A presenter that writes down what a front end would send, and fails when told to."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int, date]] = []
        self.fail_with: Exception | None = None
        self.fail_results_with: Exception | None = None
        self.next_id = 1000

    async def send_question(self, schedule, loaded, question, day, closes) -> int:
        assert closes > at(day, 0), "a post closes after its own day starts"
        if self.fail_with is not None:
            raise self.fail_with
        self.next_id += 1
        self.sent.append(("question", schedule.channel_id, day))
        return self.next_id

    async def send_results(self, post, results: DailyResults, question, media) -> None:
        if self.fail_results_with is not None:
            raise self.fail_results_with
        self.sent.append(("results", post.channel_id, post.post_date))

    def failure(self, error: Exception) -> SendFailure:
        return "forbidden" if isinstance(error, Forbidden) else "gone" if isinstance(error, Gone) else "retry"

    def pause_reason(self, pause: Pause) -> str:
        return f"{pause.kind}|{pause.channel_id}|{pause.deck}|{pause.detail}"


@pytest.fixture
async def setup(tmp_path):
    async with server_library(tmp_path, GUILD, {"leaders": LEADERS}) as (store, library):
        presenter = Recorder()
        runner = DailyRunner(store, library, presenter, clock=lambda: at(DAY1, 9), time_scale=0.001)
        yield store, library, presenter, runner


async def schedule(store, channel: int = CHANNEL, deck: str = "leaders", pick: str | None = None):
    return await store.set_schedule(GUILD, channel, "09:00", deck, time_zone="UTC", pick=pick)


async def test_a_due_post_is_claimed_sent_and_remembered(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    assert await runner.run_due(at(DAY1, 8, 59)) == []
    assert await runner.run_due() == [CHANNEL], "the clock says 09:00"
    post = await store.get_daily_post(CHANNEL, DAY1)
    assert post.message_id == 1001 and post.open
    assert post.card_key in await store.used_cards(CHANNEL, "leaders")
    assert await runner.run_due(at(DAY1, 12)) == [], "one post per local day"
    assert presenter.sent == [("question", CHANNEL, DAY1)]


async def test_the_next_post_closes_the_previous_one_first(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    await runner.run_due(at(DAY1, 9))
    await runner.run_due(at(DAY2, 9))
    assert presenter.sent == [("question", CHANNEL, DAY1), ("results", CHANNEL, DAY1), ("question", CHANNEL, DAY2)]
    assert not (await store.get_daily_post(CHANNEL, DAY1)).open


async def test_cards_start_over_once_every_card_was_used(setup) -> None:
    """pick: random keeps the first rule: no repeat until the deck is used up."""
    store, _, _, runner = setup
    await schedule(store, pick="random")
    keys = []
    for offset in range(4):
        day = DAY1 + timedelta(days=offset)
        assert await runner.post(await store.get_schedule(CHANNEL), day, at(day, 9))
        keys.append((await store.get_daily_post(CHANNEL, day)).card_key)
    assert len(set(keys[:3])) == 3, "no card repeats before the deck is used up"
    assert await store.used_cards(CHANNEL, "leaders") == {keys[3]}, "the history restarted with the fourth post"


async def test_a_second_poster_for_the_same_day_posts_nothing(setup) -> None:
    store, library, presenter, runner = setup
    await schedule(store)
    rival = DailyRunner(store, library, presenter, clock=lambda: at(DAY1, 9), time_scale=0.001)
    sched = await store.get_schedule(CHANNEL)
    outcomes = await asyncio.gather(runner.post(sched, DAY1, at(DAY1, 9)), rival.post(sched, DAY1, at(DAY1, 9)))
    assert sorted(outcomes) == [False, True]
    assert presenter.sent == [("question", CHANNEL, DAY1)]


@pytest.mark.parametrize(("error", "kind"), [(Forbidden(), "forbidden"), (Gone(), "gone")])
async def test_a_channel_that_refuses_the_post_pauses(setup, error: Exception, kind: str) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    await schedule(store, OTHER)
    presenter.fail_with = error
    assert await runner.post(await store.get_schedule(CHANNEL), DAY1, at(DAY1, 9)) is False
    reason = f"{kind}|{CHANNEL}|leaders|"
    paused = await store.get_schedule(CHANNEL)
    assert not paused.enabled and paused.paused_reason == reason
    post = await store.get_daily_post(CHANNEL, DAY1)
    assert not post.open and post.results == {"not_posted": reason}
    assert (await store.get_schedule(OTHER)).enabled, "only that channel pauses"


async def test_any_other_send_failure_is_raised_and_nothing_pauses(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    presenter.fail_with = RuntimeError("503 from the API")
    with pytest.raises(RuntimeError):
        await runner.post(await store.get_schedule(CHANNEL), DAY1, at(DAY1, 9))
    assert (await store.get_schedule(CHANNEL)).enabled
    assert await runner.run_due(at(DAY1, 9)) == [], "run_due logs it and carries on"


async def test_a_removed_deck_pauses_with_its_name(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store, deck="Space Race")
    assert await runner.run_due(at(DAY1, 9)) == []
    assert (await store.get_schedule(CHANNEL)).paused_reason == f"deck_missing|{CHANNEL}|Space Race|"
    assert presenter.sent == []
    assert await store.get_daily_post(CHANNEL, DAY1) is None, "nothing was claimed"


async def test_an_unreadable_deck_pauses_with_the_readers_message(setup) -> None:
    store, _, _, runner = setup
    await store.add_deck(GUILD, "broken", "deck-yaml", "broken.yaml", b"title: Broken\ncards: []\n", imported_by=1, card_count=0)
    await schedule(store, deck="broken")
    await runner.run_due(at(DAY1, 9))
    kind, channel, deck, detail = (await store.get_schedule(CHANNEL)).paused_reason.split("|")
    assert (kind, channel, deck) == ("deck_unreadable", str(CHANNEL), "broken")
    assert detail.startswith("broken.yaml")


async def test_a_deck_that_cannot_make_questions_pauses_before_claiming(setup) -> None:
    store, _, presenter, runner = setup
    # Both sides say the same thing, so nothing can be asked that the prompt does not give away.
    tiny = b'title: X\ncards:\n  - front: "Photosynthesis"\n    back: "photosynthesis"\n'
    await store.add_deck(GUILD, "Tiny", "deck-yaml", "tiny.yaml", tiny, imported_by=1, card_count=1)
    await schedule(store, deck="tiny")
    await runner.run_due(at(DAY1, 9))
    assert (await store.get_schedule(CHANNEL)).paused_reason == f"no_questions|{CHANNEL}|Tiny|", "named as the library spells it"
    assert await store.get_daily_post(CHANNEL, DAY1) is None and presenter.sent == []


async def test_results_that_cannot_be_shown_are_still_stored(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    await runner.run_due(at(DAY1, 9))
    post = await store.get_daily_post(CHANNEL, DAY1)
    presenter.fail_results_with = Gone()
    await runner.close_quietly(post, at(DAY1, 20))
    closed = await store.get_daily_post(CHANNEL, DAY1)
    assert not closed.open and "answered" in closed.results
    presenter.fail_results_with = RuntimeError("timeout")
    await store.set_schedule(GUILD, OTHER, "09:00", "leaders", time_zone="UTC")
    await runner.refresh(OTHER)  # what /daily set does after storing a schedule
    await runner.run_due(at(DAY1, 9))
    with pytest.raises(RuntimeError):
        await runner.close_quietly(await store.get_daily_post(OTHER, DAY1), at(DAY1, 20))


async def test_a_post_whose_channel_stopped_posting_closes_on_its_own(setup) -> None:
    store, _, presenter, runner = setup
    await schedule(store)
    await runner.run_due(at(DAY1, 9))
    await store.remove_schedule(CHANNEL)
    await runner.refresh(CHANNEL)  # what /daily off does
    await runner.run_due(at(DAY1, 9) + CLOSE_AFTER - timedelta(minutes=1))
    assert (await store.get_daily_post(CHANNEL, DAY1)).open
    from bot.daily.runner import REREAD_EVERY

    await runner.run_due(at(DAY1, 9) + CLOSE_AFTER + REREAD_EVERY)  # looked for every ten minutes
    assert not (await store.get_daily_post(CHANNEL, DAY1)).open
    assert presenter.sent[-1] == ("results", CHANNEL, DAY1)


async def test_a_restarted_runner_rebuilds_the_posted_question(setup) -> None:
    store, library, presenter, runner = setup
    await schedule(store)
    await runner.run_due(at(DAY1, 9))
    post = await store.get_daily_post(CHANNEL, DAY1)
    before = await runner.question_for(post)
    after = await DailyRunner(store, library, presenter, clock=lambda: at(DAY1, 10)).question_for(post)
    assert after is not None and after[1].prompt == before[1].prompt and after[1].answers == before[1].answers


async def test_start_waits_for_ready_and_stop_ends_the_timer(setup) -> None:
    store, library, presenter, _ = setup
    await schedule(store)
    ready = asyncio.Event()
    runner = DailyRunner(store, library, presenter, clock=lambda: at(DAY1, 9), time_scale=0.001, ready=ready.wait)
    runner.start()
    await asyncio.sleep(0.05)
    assert presenter.sent == [], "nothing is posted before the front end is ready"
    ready.set()
    for _ in range(100):
        if presenter.sent:
            break
        await asyncio.sleep(0.01)
    assert presenter.sent == [("question", CHANNEL, DAY1)]
    await asyncio.wait_for(runner.stop(), 5)
    assert runner._ticker is not None and runner._ticker.done()


async def test_a_tick_reads_no_schedules_from_the_database(setup) -> None:
    """Schedules are read once, then kept in memory; a change is put in by refresh(), others every ten minutes."""
    from bot.daily.runner import REREAD_EVERY

    store, _, presenter, runner = setup
    await schedule(store)
    reads: list[str] = []
    real_schedules, real_open = store.schedules, store.open_daily_posts

    async def schedules(*args, **kwargs):
        reads.append("schedules")
        return await real_schedules(*args, **kwargs)

    async def open_posts(*args, **kwargs):
        reads.append("open posts")
        return await real_open(*args, **kwargs)

    store.schedules, store.open_daily_posts = schedules, open_posts  # counted, still the real SQLite reads
    await runner.run_due(at(DAY1, 8, 59))
    assert reads.count("schedules") == 1
    reads.clear()
    for minute in range(1, 8):  # idle ticks before nine, then the post
        await runner.run_due(at(DAY1, 8, 59) + timedelta(seconds=30 * minute))
    assert presenter.sent == [("question", CHANNEL, DAY1)]
    assert "schedules" not in reads and reads.count("open posts") <= 1, reads  # the post closes yesterday's
    reads.clear()
    for second in range(30, 8 * 60, 30):  # the ten minutes since the first read are not over
        await runner.run_due(at(DAY1, 9) + timedelta(seconds=second))
    assert reads == [], "idle ticks touch no table"
    await store.set_schedule(GUILD, OTHER, "09:30", "leaders", time_zone="UTC")
    await runner.refresh(OTHER)
    await runner.run_due(at(DAY1, 9, 30))
    assert ("question", OTHER, DAY1) in presenter.sent
    # Another process's change is seen within REREAD_EVERY.
    await store.set_schedule(GUILD, 22, "09:00", "leaders", time_zone="UTC")
    reads.clear()
    later = at(DAY1, 9, 30) + REREAD_EVERY
    await runner.run_due(later)  # starts reading them again in the background; this tick does not wait for it
    assert runner._rereading is not None and not runner._rereading.done()
    await runner.settled()
    assert runner._rereading is None and not runner._background
    assert "schedules" in reads and ("question", 22, DAY1) not in presenter.sent
    await runner.run_due(later + timedelta(seconds=30))
    assert ("question", 22, DAY1) in presenter.sent


async def test_a_change_during_a_long_tick_never_waits_for_it(setup) -> None:
    """/daily set must answer within seconds even while a tick spaces out hundreds of posts."""
    store, _, presenter, runner = setup
    await runner.run_due(at(DAY1, 8))
    await schedule(store)
    async with runner._lock:  # a tick is busy posting
        await asyncio.wait_for(runner.refresh(CHANNEL), timeout=0.5)
    await runner.run_due(at(DAY1, 9))
    assert presenter.sent == [("question", CHANNEL, DAY1)], "the change was put in as the next tick began"


async def test_the_background_reread_keeps_every_schedule_read_in_pages(setup, monkeypatch) -> None:
    """Every schedule comes back from a re-read done a few at a time, and posts on time after it."""
    from bot.daily import book as book_module
    from bot.daily import runner as runner_module

    store, _, presenter, runner = setup
    monkeypatch.setattr(book_module, "SCHEDULE_PAGE", 2)
    channels = list(range(30, 37))
    for channel in channels:
        await store.set_schedule(GUILD, channel, "09:00", "leaders", time_zone="Europe/Paris")
    await runner.run_due(at(DAY1, 6))
    assert len(runner.book) == len(channels)
    await store.set_schedule(GUILD, 40, "09:00", "leaders", time_zone="Europe/Paris")  # another process's change
    await runner.run_due(at(DAY1, 6) + runner_module.REREAD_EVERY)
    await runner.settled()
    assert len(runner.book) == len(channels) + 1
    await runner.run_due(at(DAY1, 6, 59))  # 08:59 in Paris (summer time)
    assert presenter.sent == []
    await runner.run_due(at(DAY1, 7))
    assert sorted(c for _, c, _ in presenter.sent) == [*channels, 40]
    await runner.stop()  # a later re-read may have started in the background


async def test_the_daily_question_asks_what_the_group_keeps_missing(setup) -> None:
    """pick: weakest (the default): the card members keep getting wrong, but never twice in a week in one channel."""
    from bot.decks import card_key
    from bot.srs import AGAIN, DEFAULT, GOOD

    store, library, _, runner = setup
    assert (await schedule(store)).pick == "weakest"
    loaded = await library.get(GUILD, "leaders")
    keys = [card_key("leaders", card) for card in loaded.deck.cards]
    missed = keys[1]
    for member in (1, 2, 3):
        for key in keys:
            for days_ago, rating in ((9, GOOD), (5, GOOD)) if key != missed else ((9, AGAIN), (5, AGAIN)):
                await store.record_review(
                    GUILD, member, key, "leaders", "recall",
                    lambda state, usual, when, key=key, rating=rating: DEFAULT.review(state, key, rating, when),
                    at=at(DAY1, 9) - timedelta(days=days_ago),
                )
    assert await runner.post(await store.get_schedule(CHANNEL), DAY1, at(DAY1, 9))
    assert (await store.get_daily_post(CHANNEL, DAY1)).card_key == missed
    assert await runner.post(await store.get_schedule(CHANNEL), DAY2, at(DAY2, 9))
    assert (await store.get_daily_post(CHANNEL, DAY2)).card_key != missed, "not again within seven days"
    day8 = DAY1 + timedelta(days=7)
    assert await runner.post(await store.get_schedule(CHANNEL), day8, at(day8, 9))
    assert (await store.get_daily_post(CHANNEL, day8)).card_key == missed, "a week later it is the weakest again"
    await store.set_schedule(GUILD, CHANNEL, "10:00", "leaders", time_zone="UTC")
    assert (await store.get_schedule(CHANNEL)).pick == "weakest", "changing the time keeps the pick"


async def test_pick_new_asks_the_cards_fewest_members_have_met(setup) -> None:
    from bot.decks import card_key
    from bot.srs import DEFAULT, GOOD

    store, library, _, runner = setup
    await schedule(store, pick="new")
    loaded = await library.get(GUILD, "leaders")
    keys = [card_key("leaders", card) for card in loaded.deck.cards]
    for member, met in ((1, keys[:2]), (2, keys[:1])):
        for key in met:
            await store.record_review(GUILD, member, key, "leaders", "recall",
                                      lambda state, usual, when, key=key: DEFAULT.review(state, key, GOOD, when))
    assert await runner.post(await store.get_schedule(CHANNEL), DAY1, at(DAY1, 9))
    assert (await store.get_daily_post(CHANNEL, DAY1)).card_key == keys[2], "nobody has met the third card"


async def test_a_shard_process_posts_only_for_its_servers(setup) -> None:
    """Two processes on one database: each posts its own servers' schedules, and each post happens once."""
    store, library, presenter, _ = setup
    other_guild = GUILD + 1
    await schedule(store)
    await store.set_schedule(other_guild, CHANNEL + 1, "09:00", "sino-soviet-relations", time_zone="UTC")
    clock = lambda: at(DAY1, 9)  # noqa: E731
    ours = DailyRunner(store, library, presenter, clock=clock, time_scale=0.001, owns=lambda g: g == GUILD)
    theirs = DailyRunner(store, library, presenter, clock=clock, time_scale=0.001, owns=lambda g: g == other_guild)
    assert await ours.run_due() == [CHANNEL]
    assert await theirs.run_due() == [CHANNEL + 1]
    assert await ours.run_due() == [] and await theirs.run_due() == []
    assert sorted(presenter.sent) == [("question", CHANNEL, DAY1), ("question", CHANNEL + 1, DAY1)]
