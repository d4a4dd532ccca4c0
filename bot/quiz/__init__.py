"""Live quiz rounds, with no Discord in sight.

- :mod:`bot.quiz.rules`: one round's rules (:class:`QuizSession`): who wins
  a question, tries, hints, choice lock-ins, the round's standings.
- :mod:`bot.quiz.outcomes`: the records the rules report (replies, closes,
  results, standings).
- :mod:`bot.quiz.saved`: a running round kept in the store, resumed after a
  restart.
- :mod:`bot.quiz.live`: the round in real time (:class:`LiveQuiz`): timing,
  storing every attempt, and a :class:`Presenter` the front end implements.
- :mod:`bot.quiz.scoring`: how many points an answer earns.
- :mod:`bot.quiz.hints`: letter hints.
"""

from bot.quiz.hints import letter_hint
from bot.quiz.picks import QUIZ_PICKS, round_questions
from bot.quiz.live import MAX_OUTAGE, LiveQuiz, Place, Presenter, Unreachable
from bot.quiz.outcomes import (
    ActiveQuestion,
    ChoiceOutcome,
    Close,
    GradedAnswer,
    QuestionResult,
    Reply,
    ReplyOutcome,
    RoundFacts,
    RoundStanding,
    SHRUG_REPLY,
    Winner,
    reply_feedback,
    round_facts,
)
from bot.quiz.rules import (
    CHOICE,
    MAX_HINTS,
    MODES,
    TYPED,
    QuizConfig,
    QuizSession,
    channel_allowed,
    round_config,
)
from bot.quiz.scoring import PointsRules, points_for

__all__ = [
    "QUIZ_PICKS", "round_questions",
    "CHOICE", "MAX_HINTS", "MODES", "TYPED", "ActiveQuestion", "ChoiceOutcome", "Close", "GradedAnswer", "LiveQuiz",
    "Place", "PointsRules", "Presenter", "QuestionResult", "QuizConfig", "QuizSession", "Reply", "ReplyOutcome",
    "RoundFacts", "RoundStanding", "SHRUG_REPLY", "round_facts", "Unreachable", "MAX_OUTAGE", "Winner", "channel_allowed", "letter_hint", "points_for", "reply_feedback", "round_config",
]
