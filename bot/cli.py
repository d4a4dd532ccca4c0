"""Command-line entry points.

Deck authors check files here before uploading them, and people without a
Discord token can try the quiz in a terminal. Errors end with one line and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from bot import __version__
from bot.cards import Deck
from bot.errors import DeckError
from bot.readers import MAX_CARDS, MAX_FILE_BYTES, load_deck

log = logging.getLogger(__name__)

DEFAULT_DECK = "data/sino-soviet-relations.txt"
EXIT_USAGE = 2


class UserError(Exception):
    """A problem the person running the command can fix; printed as one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Deckhand, a flashcard tutor bot for Discord study groups.",
        epilog="With no command, runs the bot (needs DISCORD_TOKEN).",
    )
    parser.add_argument("--version", action="version", version=f"Deckhand {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    cards = commands.add_parser(
        "cards",
        help="load a deck file and print its cards",
        description=(
            "Load a deck and print it, to check a file before uploading it. "
            f"Files up to {MAX_FILE_BYTES // 1_048_576} MB and {MAX_CARDS:,} cards."
        ),
    )
    cards.add_argument("file", help="plain-text notes, CSV/TSV, Quizlet or Anki export, .apkg/.colpkg, or YAML")
    cards.add_argument("--json", action="store_true", help="print the deck as JSON")
    cards.set_defaults(handler=_cards)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(out)
        return 0
    try:
        return handler(args, out)
    except (DeckError, UserError) as exc:
        print(f"deckhand: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _cards(args: argparse.Namespace, out: TextIO) -> int:
    deck = load_deck(args.file)
    if args.json:
        json.dump(deck.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_deck(deck))
    return 0


def format_deck(deck: Deck) -> str:
    """A deck as a person reads it: numbered cards, their answers and facts."""
    lines = [f"{deck.title}", f"{len(deck.cards)} cards, read as {deck.format} from {deck.source}", ""]
    for number, card in enumerate(deck.cards, start=1):
        where = f" (line {card.source.line})" if card.source.line else ""
        lines.append(f"{number}. {card.front}{where}")
        if card.answers:
            lines.append("   answers: " + " | ".join(card.answers))
        else:
            lines.append("   answers: none (overview; never asked for recall)")
        if card.tags:
            lines.append("   tags: " + ", ".join(card.tags))
        lines.extend(f"   • {fact}" for fact in card.back)
        lines.append("")
    if deck.notes:
        lines.append("Skipped or notable lines:")
        lines.extend(f"  - {note}" for note in deck.notes)
        lines.append("")
    return "\n".join(lines)
