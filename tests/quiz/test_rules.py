"""Quiz round rules and scoring, without Discord or a clock."""

from __future__ import annotations

import random

import pytest

from bot.decks import deck_context
from bot.decks.readers import read_deck
from bot.questions import Question, pick_questions, questions_for_card
from bot.quiz import (
    CHOICE,
    TYPED,
    Close,
    QuizConfig,
    QuizSession,
    Reply,
    channel_allowed,
    letter_hint,
    reply_feedback,
    round_config,
)
from bot.quiz.scoring import PointsRules, points_for
from bot.settings import GuildSettings

DECK = read_deck(
    b"""\
title: Leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Nikita Khrushchev, Khrushchev]
    back: First Secretary 1953-1964
  - front: Who founded the People's Republic of China?
    answers: [Mao Zedong, Mao]
    back: Chairman from 1949
  - front: Who led the USSR after Stalin's death?
    answers: [Georgy Malenkov, Malenkov]
    back: Briefly, in 1953
  - front: Who led the USSR from 1964?
    answers: [Leonid Brezhnev, Brezhnev]
    back: General Secretary until 1982
""",
    "leaders.yaml",
)
CONTEXT = deck_context(DECK)


def session(mode: str = TYPED, count: int = 2, **config: object) -> QuizSession:
    questions = pick_questions(DECK, random.Random(4), count, mode=mode)
    return QuizSession(DECK, questions, config=QuizConfig(questions=count, mode=mode, **config), starter=1, context=CONTEXT)


def test_points_reward_speed_and_charge_hints():
    rules = PointsRules(base=10, speed_bonus=5, hint_penalty=3, minimum=1)
    assert points_for(rules, elapsed=0, limit=30) == 15
    assert points_for(rules, elapsed=15, limit=30) == 12
    assert points_for(rules, elapsed=30, limit=30) == 10
    assert points_for(rules, elapsed=45, limit=30) == 10
    assert points_for(rules, elapsed=0, limit=30, hints=2) == 9
    assert points_for(rules, elapsed=30, limit=30, hints=9) == 1


def test_first_correct_reply_wins_and_later_ones_are_ignored():
    quiz = session()
    active = quiz.start_next(0.0)
    answer = active.question.answers[0]
    assert quiz.reply(2, "idk", 1.0).kind == "ignored", "a shrug is not an attempt"
    assert quiz.reply(2, "Stalingrad", 1.0).kind == "wrong"
    win = quiz.reply(3, answer, 3.0)
    assert win.kind == "win" and win.attempt.points == points_for(PointsRules(), elapsed=3.0, limit=30)
    assert quiz.reply(2, answer, 4.0).kind == "ignored"
    result = quiz.close(4.0, "timeout")
    assert result.reason == "answered" and [w.member for w in result.winners] == [3]
    assert quiz.standings()[0].member == 3


def test_several_guesses_never_win_and_tries_run_out():
    quiz = session(tries=2)
    active = quiz.start_next(0.0)
    answer = active.question.answers[-1]
    several = quiz.reply(2, f"stalin {answer} lenin", 1.0)
    assert several.kind == "wrong" and several.verdict.kind == "several" and several.tries_left == 1
    assert quiz.reply(2, "lenin", 2.0).tries_left == 0
    assert quiz.reply(2, answer, 3.0).kind == "no_tries"
    assert quiz.current.winner is None


def test_near_miss_is_nudged_once():
    khrushchev = next(
        q for q in questions_for_card(DECK.cards[0], DECK, random.Random(1)) if q.kind == "explicit"
    )
    quiz = QuizSession(DECK, [khrushchev], config=QuizConfig(questions=1), starter=1, context=CONTEXT)
    quiz.start_next(0.0)
    first = quiz.reply(2, "Krushev", 1.0)
    second = quiz.reply(2, "Kruschov", 2.0)
    third = quiz.reply(3, "Krushev", 2.0)
    assert first.kind == second.kind == "almost"
    assert first.react and not second.react
    assert third.react, "each member gets their own nudge"


def test_a_shrug_gets_one_word_back_and_uses_no_try():
    khrushchev = next(
        q for q in questions_for_card(DECK.cards[0], DECK, random.Random(1)) if q.kind == "explicit"
    )
    quiz = QuizSession(DECK, [khrushchev], config=QuizConfig(questions=1), starter=1, context=CONTEXT)
    active = quiz.start_next(0.0)
    first, again, other, blank = quiz.reply(2, "idk", 1.0), quiz.reply(2, "no idea", 2.0), quiz.reply(3, "pass", 2.0), quiz.reply(4, "🙂", 2.0)
    assert [o.shrug for o in (first, again, other, blank)] == [True, False, True, False], "once a member; a smiley is no shrug"
    assert all(o.kind == "ignored" for o in (first, again, other, blank)) and active.tries == {}


def test_late_and_empty_replies_are_not_attempts():
    quiz = session()
    active = quiz.start_next(0.0)
    assert quiz.reply(2, "🙂", 1.0).kind == "ignored"
    assert quiz.reply(2, active.question.answers[0], 31.0).kind == "ignored"
    assert active.tries == {}


def test_hints_reveal_more_and_cost_points():
    quiz = session()
    active = quiz.start_next(0.0)
    hints = [quiz.hint() for _ in range(4)]
    assert hints[3] is None
    assert all(h is not None for h in hints[:3])
    assert hints[0].count("_") > hints[1].count("_") >= hints[2].count("_")
    win = quiz.reply(2, active.question.answers[0], 0.0)
    assert win.attempt.points == 15 - 3 * 3


def test_letter_hint_keeps_the_shape():
    assert letter_hint("Nikita Khrushchev", 1) == "N_____ K_________"
    assert letter_hint("Taiwan Strait Crisis (1958)", 1) == "T_____ S_____ C_____"
    assert letter_hint("1947-1953", 2).startswith("19")


def test_number_hints_give_the_century_then_the_decade_and_never_the_whole():
    assert [letter_hint("1958", level) for level in (1, 2, 3)] == ["19__", "195_", "195_"]
    assert [letter_hint("1947-1953 (Korea)", level) for level in (1, 2)] == ["19__-19__", "194_-195_"]
    assert letter_hint("1950s", 1) == "19__s" and letter_hint("3,500", 2) == "3,5__"
    assert letter_hint("7", 3) == "_", "one digit: any digit shown would be the answer"
    assert letter_hint("Nikita Khrushchev", 1) == "N_____ K_________", "a name gives its initials first"


def test_choice_lock_in_is_final_and_scored_at_close():
    quiz = session(mode=CHOICE, count=1)
    active = quiz.start_next(0.0)
    choices = active.question.choices
    right = choices.index(active.question.answers[0])
    assert quiz.lock_choice(2, right, 2.0).locked
    again = quiz.lock_choice(2, (right + 1) % 4, 3.0)
    assert not again.locked and "already locked in" in again.message
    assert quiz.lock_choice(3, (right + 1) % 4, 4.0).locked
    assert not quiz.lock_choice(4, 9, 4.0).locked
    result = quiz.close(30.0, "timeout")
    assert [w.member for w in result.winners] == [2]
    assert {a.member: a.correct for a in result.attempts} == {2: True, 3: False}
    assert result.answered == 2 and result.reason == "answered"


def test_only_starter_or_moderator_controls_the_round():
    quiz = session()
    assert quiz.can_control(1, manage_messages=False)
    assert quiz.can_control(9, manage_messages=True)
    assert not quiz.can_control(9, manage_messages=False)


def test_stop_ends_the_round():
    quiz = session(count=3)
    quiz.start_next(0.0)
    result = quiz.close(1.0, "stopped")
    assert result.reason == "stopped" and quiz.finished
    assert quiz.start_next(2.0) is None


def test_a_round_needs_questions():
    with pytest.raises(ValueError):
        QuizSession(DECK, [], config=QuizConfig(), starter=1)
    assert isinstance(session().start_next(0.0).question, Question)


# -- what the server's settings decide about a round ------------------------------------------


def test_quizzes_run_anywhere_until_a_server_lists_channels() -> None:
    assert channel_allowed(5, ())
    assert channel_allowed(5, (5, 6))
    assert not channel_allowed(7, (5, 6))


def test_round_config_takes_the_server_settings_unless_seconds_are_given() -> None:
    settings = GuildSettings(guild_id=1, answer_seconds=45, base_points=20, speed_bonus=0, hint_penalty=7, strictness="strict")
    config = round_config(settings, 4, CHOICE)
    assert (config.questions, config.seconds, config.mode, config.strictness) == (4, 45, CHOICE, "strict")
    assert config.points == PointsRules(20, 0, 7)
    assert round_config(settings, 4, TYPED, 15).seconds == 15


def test_private_feedback_for_each_outcome():
    quiz = session(tries=2)
    active = quiz.start_next(0.0)
    answer = active.question.answers[0]
    assert reply_feedback(quiz.reply(2, "idk", 1.0)) == "There's no answer in that, so it doesn't use up a try."
    assert reply_feedback(quiz.reply(2, "Stalingrad", 1.0)).endswith("(1 try left)")
    assert "left" not in reply_feedback(quiz.reply(2, "Lenin", 1.0))
    assert reply_feedback(quiz.reply(2, answer, 2.0)) == "You've used all your tries for this question."
    assert reply_feedback(quiz.reply(3, answer, 3.0)).startswith("✅ Correct, +")
    assert reply_feedback(quiz.reply(4, answer, 4.0)) == "This question is already closed."


def test_one_rule_decides_button_questions():
    choice = next(q for q in questions_for_card(DECK.cards[0], DECK, random.Random(1)) if q.choices is not None)
    typed = next(q for q in questions_for_card(DECK.cards[0], DECK, random.Random(1)) if q.choices is None)
    assert QuizConfig(mode=CHOICE).plays_as_choice(choice)
    assert not QuizConfig(mode=TYPED).plays_as_choice(choice)
    assert not QuizConfig(mode=CHOICE).plays_as_choice(typed)
    # A typed reply to a question played with buttons is no attempt at all.
    quiz = QuizSession(DECK, [choice], config=QuizConfig(questions=1, mode=CHOICE), starter=1, context=CONTEXT)
    quiz.start_next(0.0)
    assert quiz.reply(2, choice.answers[0], 1.0).kind is Reply.IGNORED


def test_outcomes_and_reasons_are_named_values():
    quiz = session(count=1)
    quiz.start_next(0.0)
    assert quiz.reply(2, "Brezhnev", 1.0).kind in (Reply.WRONG, Reply.ALMOST)
    result = quiz.close(2.0, "skipped")
    assert result.reason is Close.SKIPPED and result.reason == "skipped"
    other = session(count=1)
    other.start_next(0.0)
    with pytest.raises(ValueError):
        other.close(1.0, "ended")


def test_a_flip_card_is_never_graded():
    card = DECK.cards[0]
    flip = Question(card, "flip", card.front, card.answers, None, "", "flip")
    quiz = QuizSession(DECK, [flip], config=QuizConfig(questions=1), starter=1, context=CONTEXT)
    quiz.start_next(0.0)
    assert quiz.reply(2, card.answers[0], 1.0).kind is Reply.IGNORED
    assert quiz.close(2.0, "timeout").winners == ()
    assert pick_questions(DECK, random.Random(1), 4, mode=TYPED) and all(
        q.kind != "flip" for q in pick_questions(DECK, random.Random(1), 4, mode=TYPED)
    )


def test_round_facts_name_the_fastest_winner_and_the_cards_nobody_got():
    from bot.quiz import round_facts

    quiz = session()
    first = quiz.start_next(0.0)
    quiz.reply(2, first.question.answers[0], 4.0)
    quiz.close(4.0, "answered")
    second = quiz.start_next(10.0)
    quiz.close(40.0, "timeout")
    facts = round_facts(quiz.results)
    assert (facts.fastest.member, facts.fastest.elapsed) == (2, 4.0)
    assert facts.missed == (second.question.card.front,)
