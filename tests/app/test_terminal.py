"""The terminal quiz: same rules as Discord, one player, typed at a prompt."""

from __future__ import annotations

import io
import subprocess
import sys

from bot.app.terminal import play
from bot.decks.readers import read_deck
from tests.helpers import ROOT

CAPITALS = b"""\
title: Capitals
cards:
  - front: What is the capital of Austria?
    answers: [Vienna]
    back: Vienna sits on the Danube.
  - front: What is the capital of Australia?
    answers: [Canberra]
    back: Canberra was chosen as a compromise between Sydney and Melbourne.
  - front: What is the capital of Canada?
    answers: [Ottawa]
    back: Ottawa is in Ontario.
  - front: What is the capital of Kenya?
    answers: [Nairobi]
    back: Nairobi is Kenya's largest city.
"""


def run(lines: list[str], *, questions: int = 2, mode: str = "typed") -> tuple[int, str]:
    deck = read_deck(CAPITALS, "capitals.yaml")
    out = io.StringIO()
    ticks = iter(range(0, 10_000))
    points = play(
        deck, questions=questions, mode=mode, seed=1, inp=io.StringIO("".join(f"{line}\n" for line in lines)),
        out=out, clock=lambda: float(next(ticks)),
    )
    return points, out.getvalue()


def test_typo_scores_and_explanation_is_shown():
    # The first question is one of the two; answering both with a typo of each still scores both.
    typos = {"Austria": "Vienan", "Australia": "Canbera", "Canada": "Otawa", "Kenya": "Nairobbi"}
    deck = read_deck(CAPITALS, "capitals.yaml")
    out = io.StringIO()

    class Replies(io.StringIO):
        """Answers whatever country the last question asked about, with a typo."""

        def readline(self) -> str:
            asked = out.getvalue().rsplit("Question", 1)[-1]
            return next(typo for country, typo in typos.items() if f"of {country}?" in asked) + "\n"

    points = play(deck, questions=2, mode="typed", seed=1, inp=Replies(), out=out)
    out = out.getvalue()
    assert out.count("Correct, +") == 2
    assert sum(fact in out for fact in ("Danube", "compromise", "Ontario", "largest city")) == 2, "each card's back is shown"
    assert "Done: 2 of 2 correct" in out
    assert points > 0


def test_wrong_other_real_word_is_not_a_typo():
    _, out = run(["Sydney", "Sydney", "Sydney", "quit"], questions=1)
    assert "Correct" not in out
    assert "The answer:" in out


def test_hint_skip_and_quit():
    _, out = run(["hint", "skip", "quit"])
    assert "Hint: " in out
    assert "The answer:" in out
    assert "Done: 0 of 2 correct" in out


def test_end_of_input_ends_the_round_quietly():
    _, out = run([])
    assert "Done: 0 of 1 correct" in out


def test_choice_mode_takes_letters():
    _, out = run(["Z", "A"], questions=1, mode="choice")
    assert "  A) " in out and "  D) " in out
    assert "Answer with A, B, C or D." in out
    assert ("Correct, +" in out) != ("The answer:" in out)
    assert "Done: " in out and "of 1 correct" in out


def test_play_command_on_the_seed_deck():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "play", "-n", "2", "--seed", "5"],
        input="hint\nskip\nquit\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Deckhand quiz: Sino Soviet relations Flashcards" in result.stdout
    assert "Question 1/2" in result.stdout and "Hint: " in result.stdout
    assert "Traceback" not in result.stderr


ESSAYS = b"""\
title: Law
cards:
  - front: What does the Federalist No. 78 argue?
    answers: [That the judiciary is the least dangerous branch, since it has neither force nor will.]
  - front: Why is judicial review a check on Congress?
    answers: [Courts can strike down laws that break the Constitution, so Congress must keep within it.]
"""


def test_flip_cards_reveal_the_answer_and_take_a_rating():
    deck = read_deck(ESSAYS, "law.yaml")
    out = io.StringIO()
    points = play(deck, questions=2, mode="typed", seed=3, inp=io.StringIO("\n3\n\nbogus\neasy\n"), out=out,
                  clock=lambda: 0.0)
    text = out.getvalue()
    assert points == 0
    assert text.count("(flip card: think of the answer, then press Enter to see it)") == 2
    assert "Answer: That the judiciary is the least dangerous branch" in text
    assert "Answer: Courts can strike down laws" in text
    assert "Type 1, 2, 3 or 4 (or again, hard, good, easy)." in text
    assert "Flip cards rated: 1 good, 1 easy." in text and "Done: 0 of 0 correct, 0 points." in text


def test_quitting_at_a_flip_card_ends_the_round():
    deck = read_deck(ESSAYS, "law.yaml")
    out = io.StringIO()
    play(deck, questions=2, mode="typed", seed=3, inp=io.StringIO("quit\n"), out=out, clock=lambda: 0.0)
    assert "Answer:" not in out.getvalue() and "Done:" in out.getvalue()
