"""python -m bot study: one learner's sessions in a terminal, saved between runs."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.study import LEARNER, LEARNER_GUILD, study
from bot.decks.readers import read_deck
from bot.storage import open_store
from tests.helpers import ROOT, Clock

CAPITALS = b"title: Capitals\ncards:\n  - front: Capital of France?\n    answers: [Paris]\n  - front: Capital of Peru?\n    answers: [Lima]\n"


async def test_sessions_remember_the_learner_between_runs(tmp_path: Path) -> None:
    deck = read_deck(CAPITALS, "capitals.yaml")
    url = f"sqlite:///{tmp_path / 'study.db'}"
    clock = Clock(datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
    out = io.StringIO()
    # Peru is missed (an empty line shows the answer), comes back, and is then answered; France is known.
    replies = {"Capital of France?": ["paris", "paris"], "Capital of Peru?": ["", "lima", "lima"]}

    class Replies(io.StringIO):
        def readline(self, *args: object) -> str:
            asked = out.getvalue().rsplit("] ", 1)[-1].split("\n", 1)[0]
            clock.advance(minutes=11)  # learning steps are due again by the next card
            return replies[asked].pop(0) + "\n" if replies[asked] else "quit\n"

    reviewed = await study(deck, "capitals", new=10, inp=Replies(), out=out, database_url=url, clock=clock)
    text = out.getvalue()
    assert text.startswith("Deckhand study: Capitals. 0 due, 2 new.")
    assert "Not quite. The answer is Lima. This card comes back again in 1 min." in text
    assert text.count("Capital of Peru?") >= 2, "the missed card came back in the same session"
    assert "Done: " in text and "Next card due in " in text
    store = await open_store(url)
    try:
        reviews = await store.reviews(LEARNER_GUILD, LEARNER)
        assert len(reviews) == reviewed and {r.source for r in reviews} == {"study"}
    finally:
        await store.close()

    clock.advance(days=40)
    later = io.StringIO()
    await study(deck, "capitals", new=10, inp=io.StringIO("quit\n"), out=later, database_url=url, clock=clock)
    assert later.getvalue().startswith("Deckhand study: Capitals. 2 due, 0 new."), "both come back, nothing new"


def test_the_command_saves_to_database_url(tmp_path: Path) -> None:
    deck = tmp_path / "capitals.yaml"
    deck.write_bytes(CAPITALS)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'mine.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "study", str(deck), "--new", "1"], input="paris\nparis\n", capture_output=True,
        text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "0 due, 1 new." in done.stdout and (tmp_path / "mine.db").is_file()
    assert "Done: 2 reviewed, 2 correct. Next card due in " in done.stdout and " day" in done.stdout, done.stdout
    bad = subprocess.run([sys.executable, "-m", "bot", "study", str(deck), "--new", "500"], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=60)
    assert bad.returncode == 2 and "0 to 100" in bad.stderr and "Traceback" not in bad.stderr


async def test_a_flip_card_in_the_terminal_takes_the_learners_rating(tmp_path: Path) -> None:
    from bot.srs import EASY

    deck = read_deck(b"title: Bio\ncards:\n  - front: What does the mitochondrion do?\n"
                     b"    answers: [It makes most of the cell's energy as ATP from glucose and oxygen]\n", "bio.yaml")
    url = f"sqlite:///{tmp_path / 'study.db'}"
    out = io.StringIO()
    await study(deck, "bio", new=5, inp=io.StringIO("\neasy\n"), out=out, database_url=url,
                clock=Clock(datetime(2026, 12, 1, 18, 0, tzinfo=UTC)))
    assert "Answer: It makes most of the cell's energy" in out.getvalue() and "Noted. This card comes back in " in out.getvalue()
    store = await open_store(url)
    try:
        assert [r.rating for r in await store.reviews(LEARNER_GUILD, LEARNER)] == [EASY]
    finally:
        await store.close()


def test_stats_png_draws_the_learners_progress_from_their_reviews(tmp_path: Path) -> None:
    deck = tmp_path / "capitals.yaml"
    deck.write_bytes(CAPITALS)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'mine.db'}"}
    run = [sys.executable, "-m", "bot", "study"]
    subprocess.run([*run, str(deck)], input="paris\n\nquit\n", capture_output=True, text=True, env=env, cwd=tmp_path,
                   timeout=60, check=True)
    done = subprocess.run([*run, "--stats-png", str(tmp_path / "me.png")], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "from 2 reviews in the last year" in done.stdout
    from PIL import Image

    with Image.open(tmp_path / "me.png") as picture:
        assert picture.size == (800, 560)
    missing = subprocess.run([*run, "--stats-png", str(tmp_path / "no" / "me.png")], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=60)
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr


async def test_review_history_counts_reviews_by_day_and_kind(tmp_path: Path) -> None:
    from bot.srs import AGAIN, DEFAULT, GOOD

    store = await open_store(f"sqlite:///{tmp_path / 'h.db'}")
    try:
        at = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
        for i, rating in enumerate((GOOD, AGAIN, GOOD)):
            await store.record_review(0, 0, f"d:{i}", "d", "recall" if i < 2 else "date",
                                      lambda s, u, w, i=i, rating=rating: DEFAULT.review(s, f"d:{i}", rating, w),
                                      at=at - timedelta(days=i))
        history = await store.review_history(0, 0, at=at, zone="Europe/Paris")  # 23:30 UTC is the next day in Paris
        assert [(d.day.isoformat(), d.points, d.correct, d.attempts) for d in history.days] == [
            ("2026-11-30", 1, 1, 1), ("2026-12-01", 1, 0, 1), ("2026-12-02", 1, 1, 1)]
        assert [(k.kind, k.correct, k.attempts) for k in history.kinds] == [("recall", 1, 2), ("date", 1, 1)]
    finally:
        await store.close()
