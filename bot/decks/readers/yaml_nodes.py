"""YAML composed into plain nodes from parser events, without resolving tags.

So ``1950`` and ``yes`` stay text, alias bombs fail fast, and nesting is bounded."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from bot.cards import Card, DeckError, clean_space
from bot.decks.readers.limits import MAX_CARDS, MAX_FIELD_CHARS

# The event parser only: libyaml's when present (fast), PyYAML's otherwise.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_DEPTH = 12
"""Deepest nesting accepted; a deck needs four levels (top, cards, card, answers)."""
_MAX_ALIAS_NODES = 100_000
"""Most nodes aliases may add by repetition; shared tag lists stay far below it."""

# --- composing nodes from events --------------------------------------------


@dataclass(eq=False)
class Node:
    kind: str  # "scalar", "seq" or "map"
    line: int
    text: str = ""
    items: list[Node] = field(default_factory=list)
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    size: int | None = None  # None while the node is still open


def compose(text: str, file: str) -> Node | None:
    """The single document's node tree, built iteratively with bounded aliases."""
    parser = _Parser(text)
    anchors: dict[str, Node] = {}
    stack: list[list] = []  # [node, pending mapping key]
    root: Node | None = None
    aliased = 0
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        parent: Node = frame[0]
        if parent.kind == "seq":
            parent.items.append(node)
        elif frame[1] is None:
            frame[1] = node
        else:
            parent.pairs.append((frame[1], node))
            frame[1] = None

    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise DeckError(
                        file, "holds a second YAML document (a second '---'); keep one deck per file", line=line
                    )
            elif isinstance(event, yaml.AliasEvent):
                target = anchors.get(event.anchor)
                if target is None:
                    raise DeckError(file, f"uses *{event.anchor} before any &{event.anchor} defines it", line=line)
                if target.size is None:
                    raise DeckError(file, f"*{event.anchor} refers to the list or mapping it is inside", line=line)
                aliased += target.size
                if aliased > _MAX_ALIAS_NODES:
                    raise DeckError(
                        file,
                        "repeats aliases (*name) so often that the file would expand enormously; "
                        "write the cards out in full",
                        line=line,
                    )
                attach(target)
            elif isinstance(event, yaml.ScalarEvent):
                node = Node("scalar", line, text=event.value, size=1)
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                node = Node("seq" if isinstance(event, yaml.SequenceStartEvent) else "map", line)
                if event.anchor:
                    anchors[event.anchor] = node
                if len(stack) >= _MAX_DEPTH:
                    raise DeckError(
                        file, f"is nested more than {_MAX_DEPTH} levels deep; a deck never needs that", line=line
                    )
                stack.append([node, None])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node = stack.pop()[0]
                node.size = 1 + sum(n.size or 0 for n in node.items) + sum(
                    (k.size or 0) + (v.size or 0) for k, v in node.pairs
                )
                attach(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, file) from None
    except RecursionError:
        raise DeckError(file, f"is nested too deeply; a deck never needs more than {_MAX_DEPTH} levels") from None
    finally:
        parser.dispose()
    return root


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> DeckError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if line is None and getattr(exc, "position", None) is not None:
        line = text.count("\n", 0, exc.position) + 1  # ReaderError: a control character
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc).splitlines()[0]
    if "nesting depth" in problem:
        # Newer PyYAML parsers stop deep nesting themselves, before our own depth check sees it.
        return DeckError(file, f"is nested more than {_MAX_DEPTH} levels deep; a deck never needs that", line=line)
    if "mapping values are not allowed" in problem:
        hint = "a question or answer contains ': '; put that text in quotes"
    elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        hint = "YAML does not allow tabs for indentation; use spaces"
    elif "characters are not allowed" in problem or "unacceptable character" in problem:
        hint = "remove that control character"
    else:
        hint = "check the indentation and the quotes"
    return DeckError(file, f"YAML syntax error: {problem}; {hint}", line=line)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def node_text(node: Node, file: str, what: str) -> str:
    if node.kind != "scalar":
        raise DeckError(file, f"'{what}' must be text, not a list or mapping", line=node.line)
    return node.text


def node_texts(node: Node, file: str, what: str) -> tuple[str, ...]:
    """Answers from a list of scalars or one scalar, cleaned and de-duplicated."""
    items = [node] if node.kind == "scalar" else node.items if node.kind == "seq" else None
    if items is None or any(item.kind != "scalar" for item in items):
        bad = node if items is None else next(item for item in items if item.kind != "scalar")
        raise DeckError(file, f"{what} must be text or a list of text, not a nested list or mapping", line=bad.line)
    return tuple(dict.fromkeys(text for item in items if (text := clean_space(item.text))))


def fact_lines(node: Node, file: str) -> tuple[str, ...]:
    """Back facts: each list item, and each line of a multi-line text, is one fact."""
    items = [node] if node.kind == "scalar" else node.items if node.kind == "seq" else None
    if items is None or any(item.kind != "scalar" for item in items):
        raise DeckError(file, "'back' must be text or a list of text, not a nested list or mapping", line=node.line)
    return tuple(text for item in items for part in item.text.splitlines() if (text := clean_space(part)))


def node_tags(node: Node, file: str) -> tuple[str, ...]:
    if node.kind == "scalar":
        return tuple(t for part in node.text.split(",") if (t := clean_space(part)))
    return node_texts(node, file, "tags")


def too_long(front: str, rest: tuple[str, ...]) -> bool:
    return max(len(front), *(len(text) for text in rest), 0) > MAX_FIELD_CHARS


def check_count(cards: list[Card], file: str) -> None:
    if len(cards) > MAX_CARDS:
        raise DeckError(file, f"has more than {MAX_CARDS:,} cards; split it into smaller decks")
