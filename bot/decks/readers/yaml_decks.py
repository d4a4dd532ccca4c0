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

from bot.cards import Card, Deck, DeckError, Source, clean_lines, clean_space, derive_answers
from bot.decks.readers.limits import MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, title_from_file
from bot.decks.readers.yaml_nodes import (
    Node,
    check_count,
    compose,
    fact_lines,
    node_tags,
    node_text,
    node_texts,
    too_long,
)
from bot.decks.readers.yaml_trivia import read_trivia

__all__ = ["read_yaml", "sniff"]
_DECK_KEYS = {"title", "tags", "cards", "author", "description"}
_CARD_KEYS = {"front": "front", "question": "front", "term": "front", "answers": "answers",
              "answer": "answers", "aliases": "aliases", "back": "back", "tags": "tags", "media": "media",
              "asked": "asked"}
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
    return read_trivia(root, file)


def _read_deck_file(root: Node, file: str) -> Deck:
    notes = NoteLog()
    title = title_from_file(file)
    description = author = ""
    deck_tags: tuple[str, ...] = ()
    card_nodes: list[Node] = []
    for key, value in root.pairs:
        name = key.text if key.kind == "scalar" else ""
        if name == "title":
            title = clean_space(node_text(value, file, "title")) or title
        elif name == "tags":
            deck_tags = node_tags(value, file)
        elif name == "cards":
            if value.kind != "seq":
                raise DeckError(
                    file, "'cards:' must be a list of cards, each starting with '- front:'", line=value.line
                )
            card_nodes = value.items
        elif name == "author" and value.kind == "scalar" and value.text.strip():
            author = clean_space(value.text)
        elif name == "description":
            description = clean_space(node_text(value, file, "description"))
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
            check_count(cards, file)
    if not cards:
        raise DeckError(file, f"has no cards under 'cards:'; {_DOCS}")
    return Deck(title, tuple(cards), "deck-yaml", source=file, notes=notes.result(), description=description, author=author)


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
                "use front, answers, aliases, back, tags, media or asked",
                line=key.line,
            )
        if name in fields:
            raise DeckError(file, f"this card has '{name}' twice", line=key.line)
        fields[name] = value
    if "front" not in fields:
        raise DeckError(file, "a card has no 'front:'; every card needs one", line=node.line)
    front = clean_lines(node_text(fields["front"], file, "front"))
    answers = node_texts(fields["answers"], file, "answers") if "answers" in fields else ()
    back = fact_lines(fields["back"], file) if "back" in fields else ()
    tags = tuple(dict.fromkeys((*deck_tags, *(node_tags(fields["tags"], file) if "tags" in fields else ()))))
    if not front:
        notes.add(f"line {node.line}: skipped, the front is empty")
        return None
    if "asked" in fields:
        said = node_text(fields["asked"], file, "asked").strip().lower()
        if said not in ("no", "false", "yes", "true"):
            raise DeckError(file, "'asked' is yes or no (no: the card is context, shown but never asked)",
                            line=fields["asked"].line)
        if said in ("no", "false"):
            if answers:
                raise DeckError(file, "a card with 'asked: no' has no answers; remove one of them", line=node.line)
            if not back:
                raise DeckError(file, "a card with 'asked: no' needs a back to show", line=node.line)
            return Card(front, back, (), tags, Source(file, node.line), explicit=False)
    if "answers" in fields and not answers:
        raise DeckError(file, "'answers' is empty; list at least one answer, or leave it out for a term card",
                        line=fields["answers"].line)
    if not answers and not back:
        raise DeckError(file, f"the card {front!r} has neither answers nor a back; add one of them", line=node.line)
    if too_long(front, answers + back):
        notes.add(f"line {node.line}: skipped, a field is longer than {MAX_FIELD_CHARS:,} characters")
        return None
    listed = node_texts(fields["aliases"], file, "aliases") if "aliases" in fields else ()
    aliases = tuple(dict.fromkeys(text for a in listed if (text := clean_space(a))))
    media = tuple(clean_space(m) for m in node_texts(fields["media"], file, "media")) if "media" in fields else ()
    source = Source(file, node.line)
    if answers:
        return Card(front, back or (answers[0],), _with(answers, aliases), tags, source, explicit=True, media=media,
                    aliases=tuple(a for a in aliases if a not in answers))
    derived = derive_answers(clean_space(front))
    return Card(front, back, _with(derived, aliases), tags, source, explicit=False, media=media,
                aliases=tuple(a for a in aliases if a not in derived))


def _with(answers: tuple[str, ...], aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The card's answers, then its aliases: the first answer stays the one shown."""
    return answers + tuple(a for a in aliases if a not in answers)
