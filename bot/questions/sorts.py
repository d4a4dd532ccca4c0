"""What sort of thing a name is, so a wrong choice is the same sort as the answer.

A teacher's wrong choices for "between Beijing and _____" are other
capitals, not "Asia" or "Mao"; for "Maoism vs. _____" other ideologies, not
"Taiwan". :func:`sort_of` names the sort (country, region, people, city,
ideology, event, direction, or the rough shape of an unknown name), and
:func:`fill` gives well-known names of that sort for when a deck names too
few itself. Names of an unknown sort are only ever offered beside each other.

The lists are short and reviewed by hand: well-known names, so that a wrong
choice is plausible to a learner rather than obscure ("French Polynesia"
beside "Soviet Union" is no real choice).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.grading.knowledge import DEMONYMS, REGIONS, alias_forms, is_country, is_demonym, is_region
from bot.questions.words import fold

COUNTRY, REGION, PEOPLE, CITY, IDEOLOGY, EVENT, DIRECTION = (
    "country", "region", "people", "city", "ideology", "event", "direction",
)

WELL_KNOWN_COUNTRIES = (
    "United States", "United Kingdom", "France", "Germany", "Japan", "China", "India", "Italy", "Canada",
    "Brazil", "Mexico", "Russia", "Australia", "Spain", "South Korea", "North Korea", "Vietnam", "Egypt",
    "Turkey", "Iran", "Iraq", "Israel", "Pakistan", "Indonesia", "Poland", "Cuba", "Argentina",
    "South Africa", "Nigeria", "Saudi Arabia", "Mongolia", "Afghanistan", "Ukraine", "Sweden", "Greece",
    "Portugal", "Netherlands", "Norway", "Thailand", "Philippines",
)
"""Countries a learner anywhere has heard of: the wrong choices when a deck names too few."""

CITIES = (
    "Washington", "London", "Paris", "Berlin", "Tokyo", "Beijing", "Moscow", "Rome", "Madrid", "Ottawa",
    "Canberra", "New Delhi", "Cairo", "Ankara", "Tehran", "Baghdad", "Hanoi", "Seoul", "Pyongyang", "Havana",
    "Warsaw", "Prague", "Budapest", "Vienna", "Athens", "Stockholm", "Oslo", "Helsinki", "Kabul", "Islamabad",
    "Jakarta", "Manila", "Bangkok", "Buenos Aires", "Brasília", "Mexico City", "Ulaanbaatar", "Taipei", "Kyiv",
    "Lisbon", "Dublin", "Brussels", "Amsterdam", "Nairobi", "Pretoria", "Shanghai", "Hong Kong", "Mumbai",
    "Istanbul", "Saint Petersburg", "New York", "Los Angeles", "Chicago", "Sydney", "Toronto", "Belgrade",
    "Bucharest", "Sofia", "Copenhagen", "Riyadh", "Damascus", "Jerusalem", "Nanjing", "Wuhan", "Vladivostok",
)
"""Capitals and great cities (reviewed by hand)."""

IDEOLOGIES = (
    "Communism", "Capitalism", "Socialism", "Fascism", "Liberalism", "Conservatism", "Nationalism",
    "Imperialism", "Anarchism", "Marxism", "Leninism", "Stalinism", "Trotskyism", "Maoism", "Marxism-Leninism",
    "Titoism", "Colonialism", "Feudalism", "Totalitarianism", "Revisionism",
)
"""Political and economic doctrines."""

FOLLOWERS = (
    "Communist", "Capitalist", "Socialist", "Fascist", "Nationalist", "Imperialist", "Anarchist", "Marxist",
    "Leninist", "Stalinist", "Trotskyist", "Maoist", "Marxist-Leninist", "Titoist", "Revisionist", "Colonialist",
)
"""The same doctrines as adjectives ("China's Maoist ideology"), listed since not every "-ism" has an "-ist"."""

DIRECTIONS = ("Western", "Eastern", "Northern", "Southern")

_FILLS: dict[str, tuple[str, ...]] = {
    COUNTRY: WELL_KNOWN_COUNTRIES,
    # Continents beside a continent, not "Scandinavia" beside "Asia"; nobody lives in Antarctica.
    REGION: tuple(r for r in REGIONS if " " not in r and r not in ("Antarctica", "Scandinavia", "Siberia", "Australasia")),
    PEOPLE: DEMONYMS,
    CITY: CITIES,
    DIRECTION: DIRECTIONS,
}

_EVENT_WORDS = frozenset(
    "war wars crisis treaty revolution incident conference pact agreement accords accord battle siege "
    "uprising rebellion massacre summit act plan doctrine movement campaign split affair".split()
)
_PLACE_WORDS = frozenset(
    "island islands river sea ocean strait mountains mountain lake city province state states republic "
    "union bay gulf peninsula desert valley coast kingdom empire".split()
)
_IDEOLOGY = re.compile(r"(ism|ist)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def name_class(name: str) -> str:
    """A rough sort of name from its own words: an acronym, an ideology, an event, a place, or one or several words."""
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return "acronym"
    words = name.split()
    pieces = _WORD.findall(words[-1].lower()) if words else []
    last = pieces[-1] if pieces else ""
    if _IDEOLOGY.search(name):
        return IDEOLOGY
    if last in _EVENT_WORDS:
        return EVENT
    if last in _PLACE_WORDS:
        return "place"
    return "multi" if len(words) > 1 else "single"


@lru_cache(maxsize=65_536)
def sort_of(name: str) -> str:
    """The sort of thing ``name`` names; other names of it count ("WWII" is an event, as "World War II" is)."""
    if is_country(name):
        return COUNTRY
    if is_region(name):
        return REGION
    if is_demonym(name):
        return PEOPLE
    if fold(name) in _city_keys():
        return CITY
    if fold(name) in _direction_keys():
        return DIRECTION
    shape = name_class(name)
    if shape in ("acronym", "single", "multi"):
        for other in alias_forms(name):
            other_shape = name_class(other)
            if other_shape in (EVENT, IDEOLOGY, "place"):
                return other_shape
    return shape


def fill(sort: str, answer: str) -> tuple[str, ...]:
    """Well-known names of ``sort`` to offer when the deck names too few (none for a sort nobody can list)."""
    if sort == IDEOLOGY:
        return FOLLOWERS if _ends_ist(answer) else IDEOLOGIES
    return _FILLS.get(sort, ())


def same_form(answer: str, candidate: str) -> bool:
    """An ideology beside an ideology in the same grammar: "Maoist" beside "Stalinist", not beside "Stalinism"."""
    if sort_of(answer) != IDEOLOGY:
        return True
    return _ends_ist(answer) == _ends_ist(candidate)


def _ends_ist(name: str) -> bool:
    return bool(re.search(r"ists?\b", name.lower()))


@lru_cache(maxsize=1)
def _city_keys() -> frozenset[str]:
    keys = {fold(city) for city in CITIES}
    for city in CITIES:
        keys.update(fold(name) for name in alias_forms(city))
    return frozenset(keys)


@lru_cache(maxsize=1)
def _direction_keys() -> frozenset[str]:
    return frozenset(fold(d) for d in DIRECTIONS)
