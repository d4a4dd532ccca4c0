"""The question of the day, with no Discord in sight.

- :mod:`bot.daily.schedule`: when each channel posts (local times through
  daylight saving, missed posts, the due-time planner).
- :mod:`bot.daily.pacing`: spreading a busy minute's posts under Discord's
  global request limit.
- :mod:`bot.daily.picking`: which card and which question a day asks.
- :mod:`bot.daily.answers`: a member's one answer (:class:`DailyAnswers`)
  and its grade; :mod:`bot.daily.claims`: the claims it makes.
- :mod:`bot.daily.results`: what a closed post shows; :mod:`bot.daily.counter`:
  how often an open post shows its count of answers again.
- :mod:`bot.daily.runner`: posting and closing on a timer
  (:class:`DailyRunner`), through a :class:`DailyPresenter` the front end
  implements.
"""

from bot.daily.answers import (
    Answered,
    DailyAnswers,
    DailyVerdict,
    OpenQuestion,
    Refusal,
    Refused,
    daily_attempt,
    grade_daily,
)
from bot.daily.claims import answered_key, answered_prefix, right_key, right_prefix
from bot.daily.counter import EDIT_EVERY, CountEdits
from bot.daily.pacing import DISCORD_GLOBAL_RATE, POST_RATE, REQUESTS_PER_POST, busiest_second, send_plan
from bot.daily.picking import CardChoice, choose_card, daily_question, find_card, seed_for
from bot.daily.results import (
    CLOSE_AFTER,
    FASTEST_SHOWN,
    STREAK_LOOKUPS,
    STREAKS_SHOWN,
    DailyResults,
    answered_count,
    gather_results,
    stale,
    summarize,
)
from bot.daily.runner import DailyPresenter, DailyRunner, Pause, SendFailure
from bot.daily.schedule import (
    TICK_SECONDS,
    Due,
    DuePlanner,
    ScheduleLike,
    day_end,
    due_day,
    due_schedules,
    next_post_time,
    parse_local_time,
    paused_schedules,
    post_time,
    schedules_using,
)

__all__ = [
    "CLOSE_AFTER", "EDIT_EVERY", "Answered", "CountEdits", "answered_count", "DailyAnswers", "OpenQuestion", "Refusal", "Refused", "DISCORD_GLOBAL_RATE", "FASTEST_SHOWN", "POST_RATE", "REQUESTS_PER_POST", "STREAKS_SHOWN",
    "STREAK_LOOKUPS", "TICK_SECONDS", "CardChoice", "DailyPresenter", "DailyResults", "DailyRunner",
    "DailyVerdict", "Due", "DuePlanner", "Pause", "ScheduleLike", "SendFailure", "answered_key", "answered_prefix",
    "busiest_second", "choose_card", "daily_attempt", "daily_question", "day_end", "due_day", "due_schedules",
    "find_card", "gather_results", "grade_daily", "next_post_time", "parse_local_time", "paused_schedules",
    "post_time", "right_key", "right_prefix", "schedules_using", "seed_for", "send_plan", "stale", "summarize",
]
