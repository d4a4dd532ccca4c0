"""The shortcuts in text folding and matching must answer exactly as the plain versions do.

Each test checks a fast path against the plain version written out here:
every pattern run on every text, a regex for "starts with a digit", a set
of strings for the deck's answer keys.
"""

from __future__ import annotations

import random
import re
import unicodedata

from bot.grading import normalize as N
from bot.grading.lexicon import KeySet
from bot.grading.numbers import convert_number_words, is_number, join_ranges


def _plain_fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(N._PUNCT_MAP).casefold().translate(N._LETTER_MAP)
    if not text.isascii():
        text = unicodedata.normalize("NFC", N._MARKS.sub("", unicodedata.normalize("NFD", text)))
    return text


def _plain_clean(text: str) -> str:
    text = N._DISCORD.sub(" ", text)
    if "```" in text:
        text = N._FENCE.sub(lambda m: f" {m.group(1)} ", text)
    if "~~" in text:
        kept = N._STRIKE.sub(" ", text)
        text = kept if any(ch.isalnum() for ch in kept) else N._STRIKE.sub(lambda m: m.group(1), text)
    if ">" in text:
        text = N._QUOTE_LINE.sub(" ", text)
    text = _plain_fold(text)
    text = N._ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = N._APOSTROPHE_INNER.sub("", text)
    if any(ch.isdigit() for ch in text):
        text = N._THOUSANDS_COMMA.sub("", text)
        text = N._DECIMAL_COMMA.sub(r"\1.\2", text)
        text = N._THOUSANDS_SPACE.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
        text = N._LEADING_DOT.sub("0.", text)
        text = N._NUMBER_DASH.sub(" to ", text)
    text = N._LOOSE_DOT.sub(" ", text)
    return N._NON_WORD.sub(" ", text)


def _plain_joined(tokens: tuple[str, ...]) -> str:
    out, previous = [], ""
    for token in tokens:
        if previous and previous[-1].isdigit() and is_number(token):
            out.append(" ")
        out.append(token)
        previous = token
    return "".join(out)


PIECES = [
    "Zürich", "Café", "1,000", "3,5", "1 000 000", ".5", "1953-60", "1953 – 1960", "U.S.A.", "rock & roll",
    "`code`", "<@123>", ":smile:", "~~no~~", "> quote", "twenty one", "between 1950 and 1960", "1950 to 1960",
    "Mao's", "the", "The The", "a", "Ø", "straße", "²", "e.g.", "v2.0", "-", "_", "x_y", "12:30", "(1945)",
    "Sino-Soviet", "Henry VIII", "l'état", "mid-1950s", "٣", "one hundred and five", "…", "\u00a0",
]


def _texts(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6))) for _ in range(count)]


def test_folding_and_cleaning_match_every_pattern_run_on_every_text() -> None:
    for text in _texts(4000):
        assert N.fold(text) == _plain_fold(text), text
        assert N._clean(text).split() == _plain_clean(text).split(), text


def test_ascii_cleaning_matches_the_pattern_for_every_ascii_character() -> None:
    """ASCII text skips the last pattern for a byte table: the same words, whatever the characters."""
    rng = random.Random(17)
    alphabet = [chr(c) for c in range(128)]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert N._clean(text).split() == _plain_clean(text).split(), repr(text)
    for c in alphabet:
        assert N._clean(f"ab{c}cd 12{c}34").split() == _plain_clean(f"ab{c}cd 12{c}34").split(), repr(c)


def test_tokens_match_the_plain_pipeline() -> None:
    for text in _texts(2000, seed=9):
        words = _plain_clean(text).split()
        plain = join_ranges(convert_number_words(words)) if words else []
        tokens = N.tokens_of(text)
        assert [t for t in tokens if t != "the"] == [t for t in plain if t != "the"], text


def test_joined_matches_the_plain_loop() -> None:
    for text in _texts(2000, seed=13):
        tokens = N.tokens_of(text)
        assert N.joined(tokens) == _plain_joined(tokens), tokens
    rng = random.Random(13)
    pool = ["x²", "3", "٣", "a1", "1", "war", "2nd", "½", "1953", "é", "i"]
    for _ in range(3000):
        tokens = tuple(rng.choice(pool) for _ in range(rng.randint(1, 5)))
        assert N.joined(tokens) == _plain_joined(tokens), tokens


def test_a_number_is_what_starts_with_a_digit() -> None:
    for token in ["1", "1st", "٣", "²", "a1", "", "x", "10s", "½"]:
        assert is_number(token) == bool(re.match(r"^\d", token)), token


def test_answer_keys_answer_as_a_set_of_strings_does() -> None:
    keys = [f"key{n}" for n in range(0, 3000, 3)]
    kept, plain = KeySet(keys), set(keys)
    for n in range(3000):
        probe = f"key{n}"
        assert (probe in kept) == (probe in plain), probe
    assert 5 not in kept and len(kept) == len(plain)
    assert KeySet(keys) == kept and hash(KeySet(keys)) == hash(kept) and KeySet(keys[1:]) != kept


def test_clean_text_is_found_without_splitting_it() -> None:
    """clean_space's shortcut rests on every white space but " " being unprintable; checked for all of Unicode."""
    import sys

    from bot.cards import clean_space

    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " " and c.isprintable()]
    for text in [*_texts(3000, seed=21), " lead", "trail ", "a  b", "a\u00a0b", "a\tb", "", " ", "a\u2028b"]:
        assert clean_space(text) == " ".join(text.split()), repr(text)


def _plain_same_word(reply: str, answer: str) -> bool:
    from bot.grading.lexicon import _spelling_key, _stems

    if len(answer) < 3 or not reply.isalpha() or not answer.isalpha():
        return False
    if reply[:2] != answer[:2] and reply.replace("ae", "e")[:2] != answer.replace("ae", "e")[:2]:
        return False
    verbs = len(answer) >= 5
    if not _stems(reply, verbs).isdisjoint(_stems(answer, verbs)):
        return True
    r, a = _spelling_key(reply), _spelling_key(answer)
    return r == a or not _stems(r, verbs).isdisjoint(_stems(a, verbs))


ENDINGS = ["", "s", "es", "ies", "ing", "ed", "d", "ical", "al", "our", "ours", "ouring", "ise", "isations",
           "llers", "lled", "ogue", "ogues", "tre", "tres", "ence", "llouring", "aes", "ae", "er", "ors"]


def test_the_same_word_shortcut_answers_as_the_plain_rules_do() -> None:
    """A pair whose lengths are too far apart is never two forms of one word; the rules agree on every pair."""
    from wordfreq import top_n_list

    from bot.grading.lexicon import may_be_same_word, same_word

    rng = random.Random(17)
    stems = [w for w in top_n_list("en", 5000) if w.isalpha()] + ["aegis", "caesar", "paediatric", "archaeology"]
    forms = [stem + rng.choice(ENDINGS) for stem in stems for _ in range(3)]
    pairs = [(rng.choice(forms), rng.choice(forms)) for _ in range(20_000)]
    pairs += [(a + b, a) for a, b in zip(forms, reversed(forms))] + [(a, a + b) for a, b in zip(forms, forms[7:])]
    pairs += [(f"{s}{x}", f"{s}{y}") for s in stems for x, y in [(rng.choice(ENDINGS), rng.choice(ENDINGS))]]
    pairs += [("cesar", "caesar"), ("egis", "aegis"), ("pediatric", "paediatric"), ("archeology", "archaeology")]
    letters = ["".join(rng.choice("aex") for _ in range(rng.randint(3, 9))) for _ in range(3000)]  # "aaex", "eaxe"
    pairs += list(zip(letters, reversed(letters)))
    agreed = sum(same_word(r, a) for r, a in pairs)
    for reply, answer in pairs:
        assert same_word(reply, answer) == _plain_same_word(reply, answer), (reply, answer)
        assert may_be_same_word(reply, answer) or not same_word(reply, answer), (reply, answer)
    assert agreed > 100  # the pairs include many true forms of one word


def test_a_slip_on_a_filler_word_is_found_as_by_trying_every_filler() -> None:
    from rapidfuzz.distance import OSA
    from wordfreq import top_n_list

    from bot.grading import phrasing
    from bot.grading.lexicon import COMMON_ZIPF, zipf

    def plain(token: str) -> bool:
        if len(token) < 4 or not token.isalpha() or zipf(token) >= COMMON_ZIPF:
            return False
        return any(OSA.distance(token, w) <= 1 for w in phrasing._LONG_FILLER)

    rng = random.Random(3)
    tokens = [w[:i] + w[i + 1:] for w in phrasing._LONG_FILLER for i in range(len(w))]  # "thnk", "belive"
    tokens += [w[:i] + "x" + w[i:] for w in phrasing._LONG_FILLER for i in range(len(w) + 1)]
    tokens += [w[:i] + w[i + 1] + w[i] + w[i + 2:] for w in phrasing._LONG_FILLER for i in range(len(w) - 1)]
    tokens += ["".join(rng.choice("abcdeilnorstuy") for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    tokens += [w[:i] + "q" + w[i + 1:] for w in phrasing._LONG_FILLER for i in range(len(w))]
    tokens += [w for w in top_n_list("en", 20_000) if w.isalpha()]  # real words share ends with fillers
    tokens += ["right", "might", "th1nk", "probably2", "definately"]
    found = [t for t in tokens if phrasing._near_filler.__wrapped__(t)]
    assert [t for t in tokens if plain(t)] == found
    assert "thnk" in found and "belive" in found and "right" not in found


def test_words_the_aligner_skips_are_always_too_far_apart() -> None:
    """The aligner skips comparing words of very different lengths; the comparer would call every such pair FAR."""
    from wordfreq import top_n_list

    from bot.grading.lexicon import EMPTY_CONTEXT
    from bot.grading.matching import BUDGETS, FAR, Comparer, _may_be_near, _reach

    rng = random.Random(23)
    words = [w for w in top_n_list("en", 3000) if w.isalpha()] + ["st", "saint", "n", "and", "mt", "mount", "vs"]
    glued = [a + b for a, b in zip(words, words[5:])]
    forms = [w + rng.choice(ENDINGS) for w in words]
    pairs = [(rng.choice(words + glued + forms), rng.choice(words + glued + forms)) for _ in range(30_000)]
    pairs += [("versus", "vs"), ("saint", "st"), ("and", "n"), ("colouring", "color"), ("archaeologists", "archeology")]
    for limits in BUDGETS.values():
        skipped = [(x, y) for x, y in pairs if not _may_be_near(x, y, _reach(y, limits))]
        assert len(skipped) > 10_000
        comparer = Comparer(EMPTY_CONTEXT, limits)
        assert [p for p in skipped if comparer.compare(*p)[0] != FAR] == []
        # With the reach of one slip (the aligner's test for a word split in two), a skipped pair is FAR
        # or more than one slip apart.
        skipped = [(x, y) for x, y in pairs if not _may_be_near(x, y, 1)]
        assert [p for p in skipped if comparer.compare(*p)[0] != FAR and comparer.compare(*p)[1] <= 1] == []
    # Glued words that start like the answer word but that no rule shortens ("foster" + "parent") are
    # skipped, though their first letters and lengths would let them be forms of one word.
    assert not _may_be_near("fosterparent", "foster", _reach("foster", BUDGETS["normal"]))
    assert _may_be_near("fostering", "foster", _reach("foster", BUDGETS["normal"]))


def _plain_roles(tokens: tuple[str, ...], tagged: bool = False) -> tuple[int, ...]:
    from bot.grading import phrasing as P

    out: list[int] = []
    for i, token in enumerate(tokens):
        if token == "100" and i > 0 and tokens[i - 1] in P.NEGATIONS and out[-1] == P.FILL:
            out.append(P.FILL)
        elif token in P.NEGATIONS:
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if i == 0 and following in P._PRONOUNS:
                out.append(P.FILL)
            elif following in P._HEDGED or (following == "100" and tokens[i + 2 : i + 3] in (("sure",), ("percent",))):
                out.append(P.FILL)
            else:
                out.append(P.NEG)
        elif tagged and i == len(tokens) - 1 and i > 0 and token in P._TAGS:
            out.append(P.FILL)
        elif token == P.WEAK_NEGATION:
            out.append(P.WEAK)
        elif token in P.APPROXIMATE:
            out.append(P.APPROX)
        elif token in P.FILLER or P._near_filler(token):
            out.append(P.FILL)
        else:
            out.append(P.CONTENT)
    return tuple(out)


def test_roles_with_one_lookup_a_token_match_the_rules_in_order() -> None:
    from bot.grading import phrasing as P

    rng = random.Random(31)
    pool = sorted(P.FILLER | P.NEGATIONS | P.APPROXIMATE | P._TAGS | P._PRONOUNS | P._HEDGED)
    pool += ["no", "100", "percent", "khrushchev", "thnk", "belive", "right", "mao", "1950", "it"]
    for _ in range(20_000):
        tokens = tuple(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        tagged = rng.random() < 0.3
        assert P.roles(tokens, tagged) == _plain_roles(tokens, tagged), (tokens, tagged)


def test_pairs_ruled_out_before_comparing_are_never_ok() -> None:
    """The fragment check skips pairs :func:`may_be_ok` rules out; the comparer never calls those OK."""
    from wordfreq import top_n_list

    from bot.grading.lexicon import EMPTY_CONTEXT
    from bot.grading.matching import BUDGETS, OK, Comparer, may_be_ok

    rng = random.Random(29)
    words = [w for w in top_n_list("en", 3000) if w.isalpha()] + ["st", "saint", "n", "and", "1950", "1950s", "50", "viii"]
    forms = [w + rng.choice(ENDINGS) for w in words]
    pairs = [(rng.choice(words + forms), rng.choice(words + forms)) for _ in range(30_000)]
    for limits in BUDGETS.values():
        skipped = [(x, y) for x, y in pairs if not may_be_ok(x, y, limits)]
        assert len(skipped) > 10_000
        comparer = Comparer(EMPTY_CONTEXT, limits)
        assert [p for p in skipped if comparer.compare(*p)[0] == OK] == []


def _plain_spelling_key(word: str) -> str:
    from bot.grading import lexicon as L

    if len(word) >= 7:
        word = L._ER_OR.sub(r"or\1", word)
    if len(word) >= 6:
        for pattern, replacement in L._LONG_SPELLINGS:
            word = pattern.sub(replacement, word)
        word = word.replace("ae", "e")
    return word


def test_spelling_keys_match_every_pattern_run_on_every_word() -> None:
    from wordfreq import top_n_list

    from bot.grading.lexicon import _spelling_key

    rng = random.Random(37)
    stems = [w for w in top_n_list("en", 5000) if w.isalpha()]
    words = stems + [stem + rng.choice(ENDINGS) for stem in stems for _ in range(2)]
    words += ["colour", "centre", "advisers", "organisations", "travellers", "catalogue", "defence", "caesar"]
    for word in words:
        assert _spelling_key.__wrapped__(word) == _plain_spelling_key(word), word


def test_a_verdict_made_the_quick_way_is_the_frozen_verdict() -> None:
    import dataclasses

    import pytest

    from bot.grading import grade
    from bot.grading.verdict import Verdict

    made = grade("Krushchev", ["Khrushchev"])
    assert type(made) is Verdict
    assert made == Verdict(True, "typo", made.feedback, "Khrushchev", made.score) and 0 < made.score < 1
    assert hash(made) == hash(Verdict(*dataclasses.astuple(made)))
    assert repr(made).startswith("Verdict(correct=True, kind='typo'")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.correct = False  # type: ignore[misc]
    assert grade("Stalin", ["Khrushchev"]).correct is False
