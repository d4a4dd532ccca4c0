"""LiveQuiz: a round's timing and storage, with a real SQLite file and no Discord."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.decks import DeckLibrary
from bot.questions import questions_for_card
from bot.quiz import QuizConfig, QuizSession, Reply, Unreachable, reply_feedback
from bot.quiz.live import LiveQuiz, Place
from bot.storage import open_store
from tests.helpers import ROOT, fill_disk, free_disk, make_read_only

GUILD, CHANNEL = 10, 20


class Recorder:
    """A presenter that writes down what a front end would show."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []
        self.question_shown = asyncio.Event()

    async def show_question(self, quiz, active) -> None:
        self.events.append(("question", active.number))
        self.question_shown.set()

    async def show_result(self, quiz, result) -> None:
        self.question_shown.clear()
        self.events.append(("result", (result.number, result.reason, [w.member for w in result.winners])))

    async def show_summary(self, quiz) -> None:
        self.events.append(("summary", [(s.member, s.points) for s in quiz.session.standings()]))


@pytest.fixture
async def setup(tmp_path):
    store = await open_store(f"sqlite:///{tmp_path / 'live.db'}")
    library = DeckLibrary(ROOT / "data", store)
    library.load_builtins()
    loaded = await library.get(GUILD, "sino-soviet-relations")
    yield store, loaded
    await store.close()


def typed_questions(loaded, count: int):
    rng = random.Random(3)
    picked = []
    for card in loaded.deck.cards:
        for question in questions_for_card(card, loaded.deck, rng):
            if question.kind == "date" and question.choices is None:
                picked.append(question)
                break
        if len(picked) == count:
            return picked
    raise AssertionError("the seed deck has too few date questions")


def live_quiz(store, loaded, presenter, count: int = 2, seconds: int = 30, round_id: str = "round-1") -> LiveQuiz:
    session = QuizSession(
        loaded.deck, typed_questions(loaded, count), config=QuizConfig(questions=count, seconds=seconds),
        starter=1, context=loaded.context,
    )
    return LiveQuiz(session, loaded, Place(GUILD, CHANNEL, round_id), presenter, store, gap=0, time_scale=0.01)


async def test_a_round_plays_out_and_is_stored(setup):
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    answer = quiz.session.current.question.answers[0]
    assert (await quiz.reply(2, "1900")).kind == "wrong"
    assert (await quiz.reply(3, answer)).kind == "win"
    await asyncio.wait_for(task, 5)  # the second question times out in 0.3 s of real time

    assert presenter.events[0] == ("question", 1)
    assert presenter.events[1] == ("result", (1, "answered", [3]))
    assert presenter.events[3] == ("result", (2, "timeout", []))
    assert presenter.events[-1][0] == "summary"
    page = await store.leaderboard(GUILD, "all")
    rows = {row.member_id: row for row in page.rows}
    assert rows[3].correct == 1 and rows[3].points > 10
    assert rows[2].attempts == 1 and rows[2].points == 0


async def test_simultaneous_correct_replies_have_one_winner(setup):
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter, count=1)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    answer = quiz.session.current.question.answers[0]
    outcomes = await asyncio.gather(*(quiz.reply(member, answer) for member in range(100, 120)))
    await asyncio.wait_for(task, 5)
    assert [o.kind for o in outcomes].count("win") == 1
    page = await store.leaderboard(GUILD, "all")
    assert [row.member_id for row in page.rows if row.points > 0] == [outcomes[[o.kind for o in outcomes].index("win")].attempt.member]


async def test_stop_mid_round_keeps_what_was_scored(setup):
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter, count=2, seconds=120)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    await quiz.reply(5, quiz.session.current.question.answers[0])
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    quiz.stop()
    await asyncio.wait_for(task, 5)
    assert ("result", (2, "stopped", [])) in presenter.events
    assert (await store.member_rank(GUILD, 5, "all")).correct == 1


async def test_skip_moves_on(setup):
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter, count=2, seconds=120)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    assert quiz.skip()
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    quiz.stop()
    await asyncio.wait_for(task, 5)
    assert ("result", (1, "skipped", [])) in presenter.events


async def stored_points(store) -> dict[int, int]:
    rows = await store._db.execute_fetchall("SELECT member_id, SUM(points) FROM attempts WHERE guild_id = ? GROUP BY member_id", (GUILD,))
    return {member: points for member, points in rows if points}


async def test_an_answer_that_cannot_be_stored_is_never_announced(setup, caplog):
    """A read-only database mid-round: the win is not shown, the round ends with what was saved, logged once."""
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter, count=3)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    first = await quiz.reply(7, quiz.session.current.question.answers[0])
    assert first.kind == "win"
    await asyncio.wait_for(presenter.question_shown.wait(), 5)

    await make_read_only(store)
    outcome = await quiz.reply(8, quiz.session.current.question.answers[0])
    await asyncio.wait_for(task, 5)
    assert outcome.kind == Reply.UNSAVED and "could not be saved" in reply_feedback(outcome)
    assert presenter.events[2] == ("question", 2)
    assert presenter.events[3] == ("result", (2, "stopped", [])), "no winner is shown for an answer not stored"
    assert presenter.events[-1] == ("summary", [(7, first.attempt.points)]), "the standings are what was saved"
    assert presenter.events.count(("question", 3)) == 0, "the round ends"
    assert quiz.unsaved
    await make_read_only(store, False)
    assert await stored_points(store) == {7: first.attempt.points}
    assert caplog.text.count("storage is failing") == 1
    assert store.failing is not None

    # The next round works again by itself, and says so once in the log.
    again = Recorder()
    quiz = live_quiz(store, loaded, again, count=1, round_id="round-2")
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(again.question_shown.wait(), 5)
    assert (await quiz.reply(8, quiz.session.current.question.answers[0])).kind == "win"
    await asyncio.wait_for(task, 5)
    assert store.failing is None and "storage works again" in caplog.text
    assert (await stored_points(store))[8] > 0


async def test_a_disk_that_fills_mid_round_never_shows_points_that_are_gone(setup, caplog):
    store, loaded = setup
    await fill_disk(store)
    caplog.clear()  # filling the disk failed a write of its own
    announced: dict[int, int] = {}
    failed = False
    for round_number in range(5):
        presenter = Recorder()
        session = QuizSession(
            loaded.deck, typed_questions(loaded, 4), config=QuizConfig(questions=4, seconds=30), starter=1, context=loaded.context,
        )
        quiz = LiveQuiz(session, loaded, Place(GUILD, CHANNEL, f"round-{round_number}"), presenter, store, gap=0, time_scale=0.01)
        task = asyncio.create_task(quiz.run())
        while not task.done():
            try:
                await asyncio.wait_for(presenter.question_shown.wait(), 2)
            except TimeoutError:
                break
            if quiz.session.current is None:
                await asyncio.sleep(0)
                continue
            member = 100 + round_number
            outcome = await quiz.reply(member, quiz.session.current.question.answers[0])
            if outcome.kind == Reply.WIN:
                announced[member] = announced.get(member, 0) + outcome.attempt.points
            else:
                assert outcome.kind == Reply.UNSAVED
                failed = True
        await asyncio.wait_for(task, 5)
        assert dict(presenter.events[-1][1]).get(100 + round_number, 0) == announced.get(100 + round_number, 0)
        if failed:
            break
    assert failed, "the full disk refused an answer"
    assert "is full" in store.failing
    await free_disk(store)
    assert await stored_points(store) == announced
    assert caplog.text.count("storage is failing") <= 1, "logged once, not per reply (filling the disk may have logged it)"


class Outage(Recorder):
    """A front end that cannot reach Discord for ``seconds`` of the driven clock, from question ``from_question`` on."""

    def __init__(self, clock: list[float], from_question: int, seconds: float) -> None:
        super().__init__()
        self.clock, self.from_question, self.seconds = clock, from_question, seconds
        self.start: float | None = None
        self.refused = 0

    def _check(self) -> None:
        if self.start is not None and self.start <= self.clock[0] < self.start + self.seconds:
            self.refused += 1
            raise Unreachable("Discord answered 503")

    async def show_question(self, quiz, active) -> None:
        if active.number >= self.from_question and self.start is None:
            self.start = self.clock[0]
        self._check()
        self.deadline_at_show = active.deadline - quiz.now()
        await super().show_question(quiz, active)

    async def show_result(self, quiz, result) -> None:
        self._check()
        await super().show_result(quiz, result)

    async def show_summary(self, quiz) -> None:
        self._check()
        await super().show_summary(quiz)


async def shown(presenter: Recorder, number: int) -> None:
    while ("question", number) not in presenter.events:
        await asyncio.sleep(0.001)


def driven_quiz(store, loaded, presenter, clock, count: int = 2) -> LiveQuiz:
    """A round on a clock that only moves when the round pauses: outages take no real time."""

    async def sleep(seconds: float) -> None:
        clock[0] += seconds
        await asyncio.sleep(0)

    session = QuizSession(
        loaded.deck, typed_questions(loaded, count), config=QuizConfig(questions=count, seconds=30), starter=1, context=loaded.context,
    )
    return LiveQuiz(
        session, loaded, Place(GUILD, CHANNEL, "outage"), presenter, store, gap=0, time_scale=1.0,
        clock=lambda: clock[0], sleep=sleep,
    )


async def test_45_seconds_of_outage_do_not_end_the_round(setup, caplog):
    caplog.set_level("INFO", logger="bot.quiz.live")
    store, loaded = setup
    clock = [0.0]
    presenter = Outage(clock, 2, 45)
    quiz = driven_quiz(store, loaded, presenter, clock)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    first = await quiz.reply(7, quiz.session.current.question.answers[0])
    await asyncio.wait_for(shown(presenter, 2), 5)
    assert presenter.refused >= 4 and clock[0] >= 45, "it kept trying, with growing pauses, for the whole outage"
    assert presenter.deadline_at_show == 30, "the question waited unseen, so it gets its full time once shown"
    second = await quiz.reply(8, quiz.session.current.question.answers[0])
    await asyncio.wait_for(task, 5)
    assert not quiz.gave_up
    assert [e[0] for e in presenter.events] == ["question", "result", "question", "result", "summary"]
    assert dict(presenter.events[-1][1]) == {7: first.attempt.points, 8: second.attempt.points}
    assert caplog.text.count("cannot reach Discord") == 1 and "reachable again" in caplog.text


async def test_an_outage_past_ten_minutes_ends_the_round_with_what_was_saved(setup):
    store, loaded = setup
    clock = [0.0]
    presenter = Outage(clock, 2, 3600)
    quiz = driven_quiz(store, loaded, presenter, clock, count=3)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    first = await quiz.reply(7, quiz.session.current.question.answers[0])
    await asyncio.wait_for(task, 5)
    assert quiz.gave_up and quiz.session.finished
    assert 600 <= clock[0] - presenter.start < 640, "it gave up after ten minutes, not before, not much after"
    assert ("question", 2) not in presenter.events and ("question", 3) not in presenter.events
    assert await stored_points(store) == {7: first.attempt.points}


async def test_time_that_runs_out_while_the_connection_is_down_does_not_count(setup):
    store, loaded = setup
    presenter = Recorder()
    quiz = live_quiz(store, loaded, presenter, count=1, seconds=30)  # 30 game seconds = 0.3 s here
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    quiz.pause()
    await asyncio.sleep(0.6)  # the question's whole time, twice over, with nobody able to answer
    assert presenter.events == [("question", 1)], "no 'time's up' while the connection is down"
    presenter.question_shown.clear()
    quiz.resume()
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    assert presenter.events == [("question", 1), ("question", 1)], "asked again once it is back"
    assert 29 <= quiz.time_left() <= 30, "with its full time"
    await asyncio.sleep(0.05)
    assert not task.done() and quiz.session.current is not None, "and it stays open, not closed at once"
    won = await quiz.reply(7, quiz.session.current.question.answers[0])
    await asyncio.wait_for(task, 5)
    assert won.kind == "win" and presenter.events[-2] == ("result", (1, "answered", [7]))


async def test_a_connection_down_past_ten_minutes_ends_the_round(setup):
    store, loaded = setup
    presenter = Recorder()
    session = QuizSession(
        loaded.deck, typed_questions(loaded, 2), config=QuizConfig(questions=2, seconds=30), starter=1, context=loaded.context,
    )
    quiz = LiveQuiz(session, loaded, Place(GUILD, CHANNEL, "down"), presenter, store, gap=0, time_scale=0.0005, max_outage=600)
    task = asyncio.create_task(quiz.run())
    await asyncio.wait_for(presenter.question_shown.wait(), 5)
    quiz.pause()
    await asyncio.wait_for(task, 5)  # 30 s of question, then 600 s of waiting: 0.3 s here
    assert quiz.gave_up and ("question", 2) not in presenter.events
