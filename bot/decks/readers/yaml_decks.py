"""YAML decks: Red-DiscordBot trivia lists and Deckhand's own deck format.

Trivia list (``trivia-yaml``), as Red-DiscordBot's Trivia cog reads it::

    AUTHOR: Jane Doe            # optional; shown in the import summary
    CONFIG: {max_score: 10}     # optional; ignored
    Who led the USSR during the Cuban Missile Crisis?:
    - Nikita Khrushchev
    - Khrushchev
    In which year was the PRC founded?:
    - 1949

Every question becomes a card asked as written; any listed answer counts.

Deck file (``deck-yaml``), for authors who want explicit answers and tags::

    title: Cold War basics      # optional; defaults to the file name
    tags: [history]             # optional; added to every card
    cards:
      - front: Who led the USSR during the Cuban Missile Crisis?
        answers: [Nikita Khrushchev, Khrushchev]   # any of these counts
        back: First Secretary 1953-1964            # shown after answering
        tags: [people]
      - front: Zhenbao Island incident             # no answers: a term card
        back: Border clash in March 1969 on the Ussuri river

A card with ``answers`` asks its front as a question; ``back`` (text or a
list) is what is shown afterwards and defaults to the first answer. A card
without ``answers`` is a term card: its back is shown and the front is the
answer, with dates in parentheses optional. ``question`` may be written for
``front`` and ``answer`` for ``answers``. See docs/deck-formats-yaml.md.

Why the parsing is done by hand on YAML events rather than ``yaml.safe_load``:

- answers stay exactly as typed: ``- 1950``, ``- yes``, ``- 010`` and
  ``- 1_000`` are the text "1950", "yes", "010" and "1_000", never a number,
  a boolean or a date; scalar tags are never resolved at all;
- every card knows its line;
- the files come from strangers: nesting is capped (libyaml's own composer
  recurses in C and crashes on deep nesting), and aliases may only expand to
  a bounded number of nodes, so a "billion laughs" file fails at once.
"""

from __future__ import annotations

import re

from bot.cards import Card, Deck, DeckError, Source, clean_space, derive_answers
from bot.decks.readers.limits import MAX_CARDS, MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, title_from_file
from bot.decks.readers.yaml_nodes import Node, compose

__all__ = ["read_yaml", "sniff"]

_TRIVIA_META = {"AUTHOR", "CONFIG", "DESCRIPTION", "$schema"}
"""Red's keys about the list itself: never questions."""
_META_LIMITS = {"AUTHOR": 1000, "DESCRIPTION": 200}
"""Characters Red allows in these keys."""
_CONFIG_RULES = {
    "max_score": ("a positive integer", lambda v: _number(v, whole=True) is not None and _number(v, whole=True) >= 1),
    "timeout": ("a positive number", lambda v: (_number(v) or 0) > 0),
    "delay": ("a positive number greater than or equal to 4", lambda v: (_number(v) or 0) >= 4),
    "bot_plays": ("either true or false", lambda v: v in _BOOLEANS),
    "reveal_answer": ("either true or false", lambda v: v in _BOOLEANS),
    "payout_multiplier": ("a non-negative number", lambda v: _number(v) is not None and _number(v) >= 0),
    "use_spoilers": ("either true or false", lambda v: v in _BOOLEANS),
}
"""Red's CONFIG keys and the values it accepts; Deckhand reads none of them, but says where Red would refuse."""
_BOOLEANS = {"true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes", "No", "on", "off"}
_RED_REFUSES = "Red would refuse this list"
_DECK_KEYS = {"title", "tags", "cards", "author", "description"}
_CARD_KEYS = {"front": "front", "question": "front", "term": "front", "answers": "answers",
              "answer": "answers", "back": "back", "tags": "tags"}
_DOCS = "see docs/deck-formats-yaml.md"


# --- sniffing ---------------------------------------------------------------

_TOP_CARDS = re.compile(r"^cards\s*:\s*(\[.*)?(#.*)?$")
_ITEM = re.compile(r"^\s*-(\s|$)")
_INDENTED_SETTING = re.compile(r"^\s+[A-Za-z_]\w*\s*:(\s|$)")
_META_LINE = re.compile(r"^(AUTHOR|CONFIG|DESCRIPTION|\$schema)\s*:")
_FLOW_ANSWERS = re.compile(r":\s+\[.*\]\s*$")
_YAMLISH = re.compile(r"^(\S[^:]*:(\s|$)|-(\s|$))")


def sniff(text: str) -> bool:
    """True when the text is clearly a trivia list or a deck file, whatever its name.

    Notes often have "Heading:" lines over "- bullet" lines, so the trivia
    shape alone is not enough: it also needs an AUTHOR/CONFIG key or keys that
    read as questions.
    """
    lines = text.lstrip("\ufeff").splitlines()[:400]
    content = [line.rstrip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        return False
    if content[0] == "---":
        content = content[1:]
        if content and content[0] != "---" and _YAMLISH.match(content[0]) and "---" not in content:
            return True
    if any(_TOP_CARDS.match(line) for line in content):
        return True
    return _looks_like_trivia(content)


def _looks_like_trivia(content: list[str]) -> bool:
    questions = asked = items = 0
    meta = False
    for line in content:
        if _ITEM.match(line):
            items += 1
        elif _META_LINE.match(line):
            meta = True
        elif line[0].isspace():
            if not _INDENTED_SETTING.match(line):
                return False
        elif line.endswith(":") or _FLOW_ANSWERS.search(line):
            questions += 1
            asked += "?" in line
            items += bool(_FLOW_ANSWERS.search(line))
        else:
            return False
    return questions > 0 and items >= questions and (meta or asked * 2 >= questions)


# --- nodes to cards ---------------------------------------------------------


def read_yaml(text: str, file: str) -> Deck:
    """Read a trivia list or a deck file; see the module docstring for both formats."""
    root = compose(text.lstrip("\ufeff"), file)
    if root is None:
        raise DeckError(file, "is an empty YAML file; a deck needs at least one card")
    if root.kind == "seq":
        raise DeckError(
            file,
            "starts with a list, but a deck file is a mapping: put 'cards:' on a line above the list "
            f"({_DOCS}), or write trivia as 'question:' lines each followed by '- answer' lines",
            line=root.line,
        )
    if root.kind == "scalar":
        raise DeckError(
            file,
            f"is plain text, not a YAML deck; expected 'cards:' ({_DOCS}) or trivia 'question:' lines",
            line=root.line,
        )
    if any(key.kind == "scalar" and key.text == "cards" for key, _ in root.pairs):
        return _read_deck_file(root, file)
    return _read_trivia(root, file)


def _read_trivia(root: Node, file: str) -> Deck:
    """A Red-DiscordBot trivia list, read by Red's rules.

    Where Red would refuse the list but Deckhand can still read it sensibly
    (an answer written without a list, a long AUTHOR, a CONFIG value Red
    does not accept), the list loads with a note in Red's words; where
    neither can (a question that is a list, answers that are a mapping), it
    is refused. A question written twice keeps its later answers, as Red's
    YAML loader does.
    """
    notes = NoteLog()
    cards: list[Card] = []
    where: dict[str, int] = {}
    first_line: dict[str, int] = {}
    description = ""
    for key, value in root.pairs:
        if key.kind != "scalar":
            raise DeckError(
                file, "a question must be plain text, not a list or mapping (Red: a key of a question is not a text value)",
                line=key.line,
            )
        if key.text in _TRIVIA_META:
            text = _meta(key, value, notes)
            if key.text == "AUTHOR" and text:
                notes.add(f"author: {text}")
            elif key.text == "DESCRIPTION":
                description = text
            continue
        question = clean_space(key.text)
        if value.kind == "map":
            raise DeckError(
                file, f"the answers to {question!r} must be a list ('- answer' lines), not a mapping", line=value.line
            )
        if value.kind == "scalar" and value.text.strip():
            notes.add(f"line {key.line}: the answer to {question!r} is not a list ('- answer'); read as one answer"
                      f" ({_RED_REFUSES})")
        answers = _texts(value, file, f"the answers to {question!r}")
        if not question:
            notes.add(f"line {key.line}: skipped, the question is empty")
            continue
        if not answers:
            notes.add(f"line {key.line}: skipped, {question!r} has no answers")
            continue
        if _too_long(question, answers):
            notes.add(f"line {key.line}: skipped, a question or answer is longer than {MAX_FIELD_CHARS:,} characters")
            continue
        card = Card(question, (answers[0],), answers, ("trivia",), Source(file, key.line), explicit=True)
        if question in where:
            notes.add(f"line {key.line}: repeats the question of line {first_line[question]}; its later answers are kept,"
                      " as in Red")
            cards[where[question]] = card
            continue
        where[question] = len(cards)
        first_line[question] = key.line
        cards.append(card)
        _check_count(cards, file)
    if not cards:
        raise DeckError(
            file,
            "has no trivia questions (Red: the trivia list does not contain any questions); "
            "write each question followed by '- answer' lines",
        )
    return Deck(
        title_from_file(file), tuple(cards), "trivia-yaml", source=file, notes=notes.result(), description=description
    )


def _meta(key: Node, value: Node, notes: NoteLog) -> str:
    """The text of AUTHOR, DESCRIPTION or $schema, noting in Red's words what Red would refuse; CONFIG is checked only."""
    name = key.text
    if name == "CONFIG":
        if value.kind != "map":
            notes.add(f"line {key.line}: CONFIG should be a 'key: value' mapping; ignored ({_RED_REFUSES})")
            return ""
        for setting, setting_value in value.pairs:
            rule = _CONFIG_RULES.get(setting.text) if setting.kind == "scalar" else None
            if rule is None:
                notes.add(f"line {setting.line}: {setting.text!r} is not a key that can be specified in CONFIG"
                          f" ({_RED_REFUSES})")
            elif setting_value.kind != "scalar" or not rule[1](setting_value.text.strip()):
                notes.add(f"line {setting.line}: {setting.text!r} in CONFIG must be {rule[0]} ({_RED_REFUSES})")
        return ""
    if value.kind != "scalar":
        notes.add(f"line {key.line}: {name} must be a text value; ignored ({_RED_REFUSES})")
        return ""
    text = clean_space(value.text)
    limit = _META_LIMITS.get(name)
    if limit is not None and not 1 <= len(value.text) <= limit:
        notes.add(f"line {key.line}: {name} must be a text value not longer than {limit} characters ({_RED_REFUSES})")
    return text


def _number(text: str, *, whole: bool = False) -> float | None:
    try:
        return float(int(text)) if whole else float(text)
    except ValueError:
        return None


def _read_deck_file(root: Node, file: str) -> Deck:
    notes = NoteLog()
    title = title_from_file(file)
    description = ""
    deck_tags: tuple[str, ...] = ()
    card_nodes: list[Node] = []
    for key, value in root.pairs:
        name = key.text if key.kind == "scalar" else ""
        if name == "title":
            title = clean_space(_text(value, file, "title")) or title
        elif name == "tags":
            deck_tags = _tags(value, file)
        elif name == "cards":
            if value.kind != "seq":
                raise DeckError(
                    file, "'cards:' must be a list of cards, each starting with '- front:'", line=value.line
                )
            card_nodes = value.items
        elif name == "author" and value.kind == "scalar" and value.text.strip():
            notes.add(f"author: {clean_space(value.text)}")
        elif name == "description":
            description = clean_space(_text(value, file, "description"))
        elif name in _DECK_KEYS:
            continue
        else:
            notes.add(f"line {key.line}: unknown key {name or '(a list or mapping)'!r} ignored; "
                      f"a deck file has {', '.join(sorted(_DECK_KEYS))}")
    cards: list[Card] = []
    for node in card_nodes:
        card = _card(node, file, deck_tags, notes)
        if card is not None:
            cards.append(card)
            _check_count(cards, file)
    if not cards:
        raise DeckError(file, f"has no cards under 'cards:'; {_DOCS}")
    return Deck(title, tuple(cards), "deck-yaml", source=file, notes=notes.result(), description=description)


def _card(node: Node, file: str, deck_tags: tuple[str, ...], notes: NoteLog) -> Card | None:
    if node.kind != "map":
        raise DeckError(
            file, "each card must be a mapping that starts with 'front:' (as in '- front: ...')", line=node.line
        )
    fields: dict[str, Node] = {}
    for key, value in node.pairs:
        name = _CARD_KEYS.get(key.text) if key.kind == "scalar" else None
        if name is None:
            raise DeckError(
                file,
                f"unknown key {key.text if key.kind == 'scalar' else '(a list or mapping)'!r} in a card; "
                "use front, answers, back or tags",
                line=key.line,
            )
        if name in fields:
            raise DeckError(file, f"this card has '{name}' twice", line=key.line)
        fields[name] = value
    if "front" not in fields:
        raise DeckError(file, "a card has no 'front:'; every card needs one", line=node.line)
    front = clean_space(_text(fields["front"], file, "front"))
    answers = _texts(fields["answers"], file, "answers") if "answers" in fields else ()
    back = _lines(fields["back"], file) if "back" in fields else ()
    tags = tuple(dict.fromkeys((*deck_tags, *(_tags(fields["tags"], file) if "tags" in fields else ()))))
    if not front:
        notes.add(f"line {node.line}: skipped, the front is empty")
        return None
    if "answers" in fields and not answers:
        raise DeckError(file, "'answers' is empty; list at least one answer, or leave it out for a term card",
                        line=fields["answers"].line)
    if not answers and not back:
        raise DeckError(file, f"the card {front!r} has neither answers nor a back; add one of them", line=node.line)
    if _too_long(front, answers + back):
        notes.add(f"line {node.line}: skipped, a field is longer than {MAX_FIELD_CHARS:,} characters")
        return None
    source = Source(file, node.line)
    if answers:
        return Card(front, back or (answers[0],), answers, tags, source, explicit=True)
    return Card(front, back, derive_answers(front), tags, source, explicit=False)


def _text(node: Node, file: str, what: str) -> str:
    if node.kind != "scalar":
        raise DeckError(file, f"'{what}' must be text, not a list or mapping", line=node.line)
    return node.text


def _texts(node: Node, file: str, what: str) -> tuple[str, ...]:
    """Answers from a list of scalars or one scalar, cleaned and de-duplicated."""
    items = [node] if node.kind == "scalar" else node.items if node.kind == "seq" else None
    if items is None or any(item.kind != "scalar" for item in items):
        bad = node if items is None else next(item for item in items if item.kind != "scalar")
        raise DeckError(file, f"{what} must be text or a list of text, not a nested list or mapping", line=bad.line)
    return tuple(dict.fromkeys(text for item in items if (text := clean_space(item.text))))


def _lines(node: Node, file: str) -> tuple[str, ...]:
    """Back facts: each list item, and each line of a multi-line text, is one fact."""
    items = [node] if node.kind == "scalar" else node.items if node.kind == "seq" else None
    if items is None or any(item.kind != "scalar" for item in items):
        raise DeckError(file, "'back' must be text or a list of text, not a nested list or mapping", line=node.line)
    return tuple(text for item in items for part in item.text.splitlines() if (text := clean_space(part)))


def _tags(node: Node, file: str) -> tuple[str, ...]:
    if node.kind == "scalar":
        return tuple(t for part in node.text.split(",") if (t := clean_space(part)))
    return _texts(node, file, "tags")


def _too_long(front: str, rest: tuple[str, ...]) -> bool:
    return max(len(front), *(len(text) for text in rest), 0) > MAX_FIELD_CHARS


def _check_count(cards: list[Card], file: str) -> None:
    if len(cards) > MAX_CARDS:
        raise DeckError(file, f"has more than {MAX_CARDS:,} cards; split it into smaller decks")
