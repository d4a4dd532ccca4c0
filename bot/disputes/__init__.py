"""The deck learns: members dispute a refused answer, answer moderators settle it once, the deck keeps the alias.

- :mod:`bot.disputes.raising` - who may dispute which answer ("I was right", within a day, once per answer);
- :mod:`bot.disputes.settling` - accept (the reply becomes an alias of the card, every identical refused
  answer is re-graded and credited, members' memory of the card is worked out again) or reject;
- :mod:`bot.disputes.aliases` - ``/deck alias add|remove|list``.

Identical disputes (same card, same reply as the grader compares it) are
settled together; storage does each settlement in one transaction
(:class:`bot.storage.DisputeStore`).
"""

from bot.disputes.aliases import AliasedCard, add_alias, find_card, list_aliases, remove_alias
from bot.disputes.raising import (
    DISPUTE_HOURS,
    Asked,
    DisputeRefused,
    RecentQuestions,
    asked_by_card,
    disputable,
    dispute_attempt,
    dispute_review,
)
from bot.disputes.settling import accept, can_moderate, reject, replay_with

__all__ = [
    "DISPUTE_HOURS", "AliasedCard", "Asked", "RecentQuestions", "asked_by_card", "DisputeRefused", "accept", "add_alias", "can_moderate", "disputable",
    "dispute_attempt", "dispute_review", "find_card", "list_aliases", "reject", "remove_alias", "replay_with",
]
