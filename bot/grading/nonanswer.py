"""Messages that are not attempts: "idk", "pass", "no idea", "hmm", "lol".

In a live quiz every channel message is graded, so a shrug or a laugh would
count as a wrong try and lower the member's accuracy. Only a whole message of
such words is a non-answer; "idk, khrushchev?" is an attempt.
"""

from __future__ import annotations

import re

# Words that are not an answer on their own, nor together ("idk lol", "pass pls").
_WORDS = frozenset(
    """
    idk idek idfk idc dunno duno dno donno pass skip next nvm nevermind
    ok okay kk sorry soz sry tbh ngl honestly really just literally totally
    pls plz please again anyone someone guys ugh oops huh eh meh wut wat what
    omg wow nice gg ty thanks xd lmao lmfao rofl welp shrug
    """.split()
)
# Yes and no are answers on a yes/no card, and chatter on any other.
YES_NO = frozenset({"yes", "yeah", "yep", "yup", "no", "nope", "nah", "true", "false"})
_INTERJECTION = re.compile(r"^(?:h+m+|u+m+|u+h+|e+r+m*|a+h+|o+h+|(?:l+o+)+l+|l+m+f*a+o+|(?:h+a+)+h*|(?:h+e+)+h*)$")
# Phrases of a shrug, as the tokenizer leaves them ("don't" is "dont").
_PHRASES = tuple(
    tuple(p.split())
    for p in (
        "i dont know", "i do not know", "dont know", "do not know", "i dont knw", "dont knw",
        "no idea", "no clue", "not a clue", "i have no idea", "i have no clue", "ive no idea",
        "i got nothing", "ive got nothing", "got nothing", "nothing", "no answer",
        "not sure", "im not sure", "i am not sure", "no ideas", "i give up", "give up",
        "beats me", "who knows", "i forgot", "forgot", "i cant remember", "cant remember",
        "i dont remember", "dont remember", "cant recall", "mind blank", "blank", "i pass",
        "skip it", "skip this", "pass on this", "no guess", "no guesses", "any ideas",
        "too hard", "good question",
    )
)
_VOCABULARY = _WORDS | YES_NO | frozenset(word for phrase in _PHRASES for word in phrase)
# Longer than this, a message is saying something.
_MAX_WORDS = 8


def _known(token: str) -> bool:
    return token in _VOCABULARY or bool(_INTERJECTION.match(token))


def is_non_answer(tokens: tuple[str, ...], yes_no_card: bool = False) -> bool:
    """Every word of the message is a shrug, a laugh or a filler noise."""
    i, n = 0, len(tokens)
    if not n or n > _MAX_WORDS or not all(_known(t) for t in tokens):
        return False  # the usual case, decided without walking the phrases
    while i < n:
        token = tokens[i]
        for phrase in _PHRASES:
            if tokens[i : i + len(phrase)] == phrase:
                i += len(phrase)
                break
        else:
            if token in _WORDS or _INTERJECTION.match(token) or (token in YES_NO and not yes_no_card):
                i += 1
            else:
                return False
    return True
