"""The words people wrap around an answer, and the ones that take it back.

"i think it's beijing?" is an answer; "not beijing" and "stalin khrushchev"
are not. Each reply token gets a role so the grader can tell them apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.grading.lexicon import COMMON_ZIPF, zipf

FILLER = frozenset(
    """
    a an the i im ive id me my it its is was were be been being that thats this he hes she shes
    they theyre them what whats which who whos are am would will wud must should could might
    has have had to do does did so
    think thinks thought believe guess suppose reckon assume pretty sure quite fairly
    maybe perhaps probably prob possibly likely definitely definately certainly surely
    obviously clearly def defo
    hmm hm hmmm hmmmm um umm ummm uh uhh er erm eh ah ahh oh ok okay well lol lmao haha
    idk idek dunno tbh
    answer answers final called named known as guess
    in year years from
    mr mrs ms dr sir president chairman premier general king queen emperor tsar czar pope comrade
    please pls plz say said happened but wait actually
    """.split()
)

# Hedges on a number: phrasing only when the answer itself is approximate ("over 200").
APPROXIMATE = frozenset(
    "about around approximately approx roughly nearly almost over circa c ca some more than least at".split()
)

NEGATIONS = frozenset(
    """
    not never isnt wasnt arent werent dont doesnt didnt cant cannot couldnt wouldnt shouldnt
    aint nor neither nope hardly wont
    """.split()
)
# "no" only takes back what directly follows it: "no khrushchev", not "no, it's khrushchev".
WEAK_NEGATION = "no"
_PRONOUNS = frozenset({"it", "that", "this", "he", "she", "they", "there"})
_HEDGED = frozenset({"sure", "certain", "positive"})
# Tags that only read as phrasing at the very end: "khrushchev, right?"
_TAGS = frozenset({"right", "yes", "yeah", "yep", "correct", "innit"})

FILL, NEG, WEAK, CONTENT, APPROX = 0, 1, 2, 3, 4

_LONG_FILLER = tuple(w for w in FILLER if len(w) >= 5)
# A slip of one letter changes a word's length by at most one: only fillers of about the token's length can match.
_FILLER_NEAR_LENGTH = {
    n: tuple(w for w in _LONG_FILLER if abs(len(w) - n) <= 1) for n in range(4, max(map(len, _LONG_FILLER)) + 2)
}


# One slip (OSA distance 1) on a word leaves its first h letters or its last h as they were, for
# h = (n - 1) // 2 and n the token's length: the slip is at one place (two neighbours for a swap), and
# the first h and last h letters never both hold it. A token that shares neither with any filler of
# about its length is no slip on one. (Four-letter tokens meet only five-letter fillers, one letter
# longer, where h = 2 holds too.)
def _ends_length(n: int) -> int:
    return max(2, (n - 1) // 2)


def _by_end(near: tuple[str, ...], h: int) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    heads: dict[str, tuple[str, ...]] = {}
    tails: dict[str, tuple[str, ...]] = {}
    for w in near:
        heads[w[:h]] = (*heads.get(w[:h], ()), w)
        tails[w[-h:]] = (*tails.get(w[-h:], ()), w)
    return heads, tails


# For each token length: the fillers of about that length by their first h letters, and by their last h.
_FILLER_ENDS = {n: (*_by_end(near, _ends_length(n)), _ends_length(n)) for n, near in _FILLER_NEAR_LENGTH.items()}


@lru_cache(maxsize=4096)
def _near_filler(token: str) -> bool:
    """ "thnk", "belive", "probaly": a slip on a filler word is still filler."""
    ends = _FILLER_ENDS.get(len(token))
    if ends is None or not token.isalpha():
        return False
    heads, tails, h = ends
    candidates = heads.get(token[:h], ()) + tails.get(token[-h:], ())
    if not candidates or not any(OSA.distance(token, w, score_cutoff=1) <= 1 for w in candidates):
        return False
    return zipf(token) < COMMON_ZIPF  # "right" is a word of its own, not a slip on "might"


# The role of every word of the lists above, in the order :func:`roles` tests them: one lookup a token.
_ROLE = {**{w: FILL for w in FILLER}, **{w: APPROX for w in APPROXIMATE}, WEAK_NEGATION: WEAK, **{w: NEG for w in NEGATIONS}}


def roles(tokens: tuple[str, ...], tagged: bool = False) -> tuple[int, ...]:
    """FILL, NEG, WEAK, APPROX or CONTENT for each token.

    ``tagged`` says the message ends in a question tag set off by punctuation
    ("khrushchev, right?"), so its last word is phrasing, not a second guess.
    """
    out: list[int] = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        role = _ROLE.get(token)
        if role is None:
            if token == "100" and i > 0 and tokens[i - 1] in NEGATIONS and out[-1] == FILL:
                out.append(FILL)  # the "100" of "not 100% sure"
            elif tagged and i == last and i > 0 and token in _TAGS:
                out.append(FILL)
            elif len(token) >= 4 and _near_filler(token):
                out.append(FILL)
            else:
                out.append(CONTENT)
        elif role == NEG:
            following = tokens[i + 1] if i < last else ""
            if i == 0 and following in _PRONOUNS:
                out.append(FILL)  # "wasn't it khrushchev?" asks, it does not deny
            elif following in _HEDGED or (following == "100" and tokens[i + 2 : i + 3] in (("sure",), ("percent",))):
                out.append(FILL)  # "not sure, khrushchev?", "not 100% sure"
            else:
                out.append(NEG)
        else:
            out.append(role)
    return tuple(out)


_TAGGED = re.compile(r"[,?!.;:]\s*(?:right|yes|yeah|yep|correct|innit)\W*$", re.I)


def is_phrasing(token: str) -> bool:
    return token in FILLER or token in NEGATIONS or token in APPROXIMATE or token == WEAK_NEGATION


def has_tag(reply: str) -> bool:
    return bool(_TAGGED.search(reply))
