"""What a marker knows that is not spelling: other names for the same thing.

Each rule adds accepted forms to an answer when it is prepared (once per
answer string), so a reply costs nothing more to grade:

- **Names of countries and places**: ISO names, official and common names
  and three-letter codes from ``pycountry``, joined with a small reviewed
  list of other names (USSR and Soviet Union, Peking and Beijing, Burma and
  Myanmar...). A name shared by two countries ("Korea") is nobody's alias.
- **Initials**: a proper name of several words is also its initials, with
  numerals read ("World War II": "WWII", "WW2"); the wars have their
  ordinal names too ("Second World War").
- **Decades**: "1960s" is also "60s", "'60s" and "the sixties".
- **Number words as words**: "First Officer" keeps its words, so "Frist
  Officer" is a slip on a word, not a wrong number.

Initials the other way round (a reply that spells out an answer written as
initials, "People's Republic of China" for "PRC") are checked at reply
time by :func:`initials`, only when the letters line up exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.grading.normalize import fold, joined, tokens_of
from bot.grading.numbers import convert_number_words

# Reviewed by hand: other names a fair marker accepts for the same place or thing.
_REVIEWED = (
    ("Soviet Union", "USSR", "Union of Soviet Socialist Republics", "U.S.S.R."),
    ("United States", "US", "USA", "U.S.", "U.S.A.", "United States of America"),
    ("United Kingdom", "UK", "U.K.", "Great Britain", "Britain"),
    ("China", "PRC", "People's Republic of China", "Mainland China"),
    ("Taiwan", "ROC", "Republic of China"),
    ("Russia", "Russian Federation"),
    ("Beijing", "Peking"),
    ("Myanmar", "Burma"),
    ("Mumbai", "Bombay"),
    ("Chennai", "Madras"),
    ("Kolkata", "Calcutta"),
    ("Thailand", "Siam"),
    ("Sri Lanka", "Ceylon"),
    ("Iran", "Persia"),
    ("Netherlands", "Holland", "The Netherlands"),
    ("Czechia", "Czech Republic"),
    ("Eswatini", "Swaziland"),
    ("North Macedonia", "Macedonia"),
    ("Ho Chi Minh City", "Saigon"),
    ("Istanbul", "Constantinople"),
    ("Volgograd", "Stalingrad"),
    ("Saint Petersburg", "St Petersburg", "Leningrad", "Petrograd"),
    ("Democratic Republic of the Congo", "DR Congo", "DRC", "Zaire"),
    ("South Korea", "Republic of Korea", "ROK"),
    ("North Korea", "DPRK", "Democratic People's Republic of Korea"),
    ("World War II", "WWII", "WW2", "Second World War", "World War 2"),
    ("World War I", "WWI", "WW1", "First World War", "World War 1", "Great War"),
    ("United Nations", "UN", "U.N."),
    ("European Union", "EU"),
)
_HISTORIC_COUNTRIES = ("Soviet Union", "USSR", "Yugoslavia", "Czechoslovakia", "East Germany", "West Germany",
                       "Ottoman Empire", "Prussia", "Austria-Hungary", "Rhodesia", "Zaire", "Burma", "Persia", "Siam")
"""Countries no longer on the ISO list that a deck still asks about."""

REGIONS = (
    "Africa", "Antarctica", "Asia", "Europe", "North America", "South America", "Oceania", "Australasia",
    "Central America", "Latin America", "the Caribbean", "the Middle East", "Central Asia", "East Asia",
    "South Asia", "Southeast Asia", "Eastern Europe", "Western Europe", "Northern Europe", "Southern Europe",
    "Scandinavia", "the Balkans", "the Baltics", "North Africa", "West Africa", "East Africa", "Sub-Saharan Africa",
    "Siberia", "the Arctic",
)
"""Continents and world regions: the wrong choices for an answer that is one."""

DEMONYMS = (
    "American", "British", "Chinese", "Soviet", "Russian", "French", "German", "Japanese", "Korean", "Vietnamese",
    "Indian", "Pakistani", "Cuban", "Mexican", "Canadian", "Italian", "Spanish", "Portuguese", "Polish", "Czech",
    "Hungarian", "Romanian", "Yugoslav", "Greek", "Turkish", "Iranian", "Iraqi", "Israeli", "Egyptian", "Afghan",
    "Mongolian", "Taiwanese", "Tibetan", "Indonesian", "Filipino", "Australian", "Brazilian", "Argentine",
    "Dutch", "Belgian", "Swedish", "Norwegian", "Finnish", "Danish", "Austrian", "Swiss", "Irish", "Scottish",
    "Ukrainian", "Nigerian", "Ethiopian", "Kenyan", "South African",
)
"""Peoples and nationalities (reviewed by hand): the wrong choices for an answer that is one."""

_DECADE_WORDS = {
    "2": "twenties", "3": "thirties", "4": "forties", "5": "fifties", "6": "sixties", "7": "seventies",
    "8": "eighties", "9": "nineties",
}
_DECADE = re.compile(r"^19([2-9])0s$")
_SHORT_DECADE = re.compile(r"^([2-9])0s$")
_WORD_RUN = re.compile(r"[^\W_]+")
_NOT_INITIALS = frozenset({"of", "and", "the", "for", "in", "on", "de", "a", "an", "&"})
_ROMAN_TAIL = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9", "x": "10"}


@lru_cache(maxsize=65_536)
def _key(text: str) -> str:
    """The folded words of ``text`` joined: what two names must share to be the same name. Remembered, as
    every answer of a deck is looked up here once per question and the alias lists once per name."""
    return joined(tokens_of(text))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    """Folded key -> every name of the same thing."""
    groups: list[set[str]] = [set(group) for group in _REVIEWED]
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a dependency; grading still works without the country names
        countries = []
    else:
        countries = list(pycountry.countries)
    shorts: dict[str, int] = {}
    for country in countries:
        if ", " in country.name:  # "Iran, Islamic Republic of" is also "Iran", unless two share it ("Korea")
            short = _key(country.name.split(", ")[0])
            shorts[short] = shorts.get(short, 0) + 1
    for country in countries:
        names = {country.name, country.alpha_3}
        for attribute in ("official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
        if ", " in country.name and shorts[_key(country.name.split(", ")[0])] == 1:
            names.add(country.name.split(", ")[0])
        groups.append(names)
    # Join groups that share a name (the reviewed list and ISO agree on "China").
    by_key: dict[str, int] = {}
    merged: list[set[str]] = []
    for group in groups:
        keys = {_key(name) for name in group} - {""}
        hits = {by_key[k] for k in keys if k in by_key}
        target = min(hits) if hits else len(merged)
        if not hits:
            merged.append(set())
        for index in sorted(hits - {target}, reverse=True):
            merged[target] |= merged[index]
            merged[index] = set()
        merged[target] |= group
        for name in merged[target]:
            by_key[_key(name)] = target
    # A name claimed by two different groups ("Korea") is nobody's alias.
    owners: dict[str, set[int]] = {}
    for index, group in enumerate(merged):
        for name in group:
            owners.setdefault(_key(name), set()).add(index)
    result: dict[str, tuple[str, ...]] = {}
    for index, group in enumerate(merged):
        names = tuple(sorted(n for n in group if len(owners[_key(n)]) == 1))
        for name in names:
            result[_key(name)] = names
    return result


@lru_cache(maxsize=1)
def _countries() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every folded key naming a country, one common name per ISO country) for choices of the same kind."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover
        return frozenset(), ()
    keys: set[str] = {_key(name) for name in _HISTORIC_COUNTRIES}
    names: list[str] = []
    for country in pycountry.countries:
        shown = getattr(country, "common_name", None) or country.name.split(", ")[0]
        names.append(shown)
        for name in (country.name, shown, getattr(country, "official_name", None), country.alpha_3):
            if name:
                keys.add(_key(name))
    aliases = _aliases()
    for key in list(keys):
        keys.update(_key(n) for n in aliases.get(key, ()))
    return frozenset(keys), tuple(sorted(set(names)))


def is_country(text: str) -> bool:
    """True when the text names a country (or a country that was), in any of its names."""
    return _key(text) in _countries()[0]


def country_names() -> tuple[str, ...]:
    """One common name per ISO country, sorted: other choices for a question whose answer is a country."""
    return _countries()[1]


@lru_cache(maxsize=1)
def _region_keys() -> frozenset[str]:
    return frozenset(_key(name) for name in REGIONS)


@lru_cache(maxsize=1)
def _demonym_keys() -> frozenset[str]:
    return frozenset(_key(name) for name in DEMONYMS)


def is_demonym(text: str) -> bool:
    """True when the text names a people or nationality ("Chinese", "Soviet")."""
    return _key(text) in _demonym_keys()


def is_region(text: str) -> bool:
    """True when the text names a continent or a world region ("Asia", "the Balkans")."""
    return _key(text) in _region_keys()


def alias_forms(answer: str) -> tuple[str, ...]:
    """Other names of the answer, if it names a country, place or thing a marker knows by several."""
    return aliases_of_key(_key(answer))


def aliases_of_key(key: str) -> tuple[str, ...]:
    """:func:`alias_forms` for an answer whose key (its tokens joined) is already known."""
    names = _aliases().get(key)
    if not names:
        return ()
    return tuple(name for name in names if _key(name) != key)


def decade_forms(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """ "1960s" also as "60s" and "sixties"; "60s" and "sixties" also as "1960s"."""
    forms = []
    for i, token in enumerate(tokens):
        match = _DECADE.match(token)
        if match:
            digit = match.group(1)
            forms += [(*tokens[:i], f"{digit}0s", *tokens[i + 1:]), (*tokens[:i], _DECADE_WORDS[digit], *tokens[i + 1:])]
            continue
        short = _SHORT_DECADE.match(token)
        digit = short.group(1) if short else next((d for d, w in _DECADE_WORDS.items() if w == token), None)
        if digit:
            forms.append((*tokens[:i], f"19{digit}0s", *tokens[i + 1:]))
    return forms


def initials(tokens: tuple[str, ...]) -> str:
    """The initials of a name's words with its numerals kept: ("world", "war", "2") -> "ww2"."""
    letters = []
    for token in tokens:
        if token in _NOT_INITIALS:
            continue
        if token.isdigit() or token in _ROMAN_TAIL:
            letters.append(token)
        elif token[:1].isalpha():
            letters.append(token[0])
        else:
            return ""
    return "".join(letters)


def initial_forms(answer: str, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A proper name of several capitalised words, as its initials ("United Nations" -> "un")."""
    if answer.islower():
        return []  # no capital anywhere: no proper name to abbreviate
    words = [w for w in _WORD_RUN.findall(answer) if fold(w) not in _NOT_INITIALS]
    if len(words) < 2 or not all(w[0].isupper() or w.isdigit() or fold(w) in _ROMAN_TAIL for w in words):
        return []
    found = initials(tokens)
    if len(found) < 2:
        return []
    forms = [(found,)]
    tail = tokens[-1] if tokens else ""
    if tail in _ROMAN_TAIL:
        forms.append((found[: -len(tail)] + _ROMAN_TAIL[tail],))
    return forms


def is_initialism(answer: str) -> bool:
    """An answer written as capitals only: "PRC", "NATO", "WWII"."""
    letters = answer.replace(".", "").strip()
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters.upper() == letters and any(c.isalpha() for c in letters)


def word_forms(answer: str, tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The answer's words as written when the tokenizer read some as numbers ("first" -> "1st")."""
    if not any(token[:1].isdigit() for token in tokens):
        return []  # nothing was read as a number, so the words are as written
    from bot.grading.normalize import word_tokens

    words = word_tokens(answer)
    if not words or words == tokens or list(convert_number_words(list(words))) == list(words):
        return []  # no number word was read as a number ("1953-1960" is digits already)
    return [words]
