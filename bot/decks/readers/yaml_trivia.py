"""Red-DiscordBot trivia lists, read by Red's rules (its schema and its YAML loader's last-key-wins)."""

from __future__ import annotations

from bot.cards import Card, Deck, DeckError, Source, clean_lines, clean_space, split_image_url
from bot.decks.readers.limits import MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, title_from_file
from bot.decks.readers.yaml_nodes import Node, check_count, node_texts, too_long

_RED_REFUSES = "Red would refuse this list"
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


def read_trivia(root: Node, file: str) -> Deck:
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
    description = author = ""
    for key, value in root.pairs:
        if key.kind != "scalar":
            raise DeckError(
                file, "a question must be plain text, not a list or mapping (Red: a key of a question is not a text value)",
                line=key.line,
            )
        if key.text in _TRIVIA_META:
            text = _meta(key, value, notes)
            if key.text == "AUTHOR" and text:
                author = text
            elif key.text == "DESCRIPTION":
                description = text
            continue
        question = clean_lines(key.text)
        if value.kind == "map":
            raise DeckError(
                file, f"the answers to {question!r} must be a list ('- answer' lines), not a mapping", line=value.line
            )
        if value.kind == "scalar" and value.text.strip():
            notes.add(f"line {key.line}: the answer to {question!r} is not a list ('- answer'); read as one answer"
                      f" ({_RED_REFUSES})")
        answers = node_texts(value, file, f"the answers to {question!r}")
        if not question:
            notes.add(f"line {key.line}: skipped, the question is empty")
            continue
        if not answers:
            notes.add(f"line {key.line}: skipped, {question!r} has no answers")
            continue
        if too_long(question, answers):
            notes.add(f"line {key.line}: skipped, a question or answer is longer than {MAX_FIELD_CHARS:,} characters")
            continue
        shown, image = split_image_url(question)  # Red's picture lists: the address is the question's picture
        card = Card(
            shown or "What does the picture show?", (answers[0],), answers, ("trivia",), Source(file, key.line),
            explicit=True, media=(image,) if image else (),
        )
        if question in where:
            notes.add(f"line {key.line}: repeats the question of line {first_line[question]}; its later answers are kept,"
                      " as in Red")
            cards[where[question]] = card
            continue
        where[question] = len(cards)
        first_line[question] = key.line
        cards.append(card)
        check_count(cards, file)
    if not cards:
        raise DeckError(
            file,
            "has no trivia questions (Red: the trivia list does not contain any questions); "
            "write each question followed by '- answer' lines",
        )
    return Deck(
        title_from_file(file), tuple(cards), "trivia-yaml", source=file, notes=notes.result(), description=description, author=author
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
