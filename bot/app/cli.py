"""Command-line entry points.

Deck authors check files here before uploading them, and people without a
Discord token can try the quiz in a terminal. Errors end with one line and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import TextIO

from bot import __version__
from bot.cards import DIRECTIONS, Deck, DeckError
from bot.decks.readers import MAX_CARDS, MAX_FILE_BYTES, load_deck
from bot.shared.text import deck_path, format_name

_DIRECTION_HELP = (
    "for two-sided cards: show the front and answer with the back, the reverse, or both ways"
    " (default: both for vocabulary, back for term decks)"
)

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
    parser.add_argument(
        "--no-resume", action="store_true",
        help="end quiz rounds a restart interrupted (with their standings) instead of resuming them",
    )
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
    cards.add_argument(
        "--export", metavar="OUT",
        help="write the deck as a Deckhand YAML deck file to OUT (a zip with its pictures and sounds, when it has any)",
    )
    cards.set_defaults(handler=_cards)

    questions = commands.add_parser(
        "questions",
        help="print the questions a deck makes",
        description="Print every question Deckhand makes from a deck, with accepted answers.",
    )
    questions.add_argument("file", help="a deck file in any supported format")
    questions.add_argument("--json", action="store_true", help="print the questions as a JSON list")
    questions.add_argument("--seed", type=int, default=0, help="random seed (same seed, same questions; default 0)")
    questions.add_argument("--direction", choices=DIRECTIONS, default=None, help=_DIRECTION_HELP)
    questions.set_defaults(handler=_questions)

    play = commands.add_parser(
        "play",
        help="play a quiz in this terminal (no Discord needed)",
        description="A quiz round in the terminal, graded exactly as on Discord.",
    )
    play.add_argument("file", nargs="?", help=f"a deck file (default: the built-in {DEFAULT_DECK})")
    play.add_argument("-n", "--questions", type=_positive, default=10, help="how many questions (default 10)")
    play.add_argument("--choice", action="store_true", help="multiple choice instead of typed answers")
    play.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable round")
    play.add_argument("--direction", choices=DIRECTIONS, default=None, help=_DIRECTION_HELP)
    play.set_defaults(handler=_play)

    study = commands.add_parser(
        "study",
        help="study a deck in this terminal, with spaced repetition saved between sessions",
        description=(
            "Your due cards of a deck, then new ones, with the scheduler of /study start. "
            "Saved to DATABASE_URL, or to ~/.local/share/deckhand/study.db."
        ),
    )
    study.add_argument("file", nargs="?", help=f"a deck file (default: the built-in {DEFAULT_DECK})")
    study.add_argument("--new", type=_new_cards, default=10, help="new cards a day (0-100, default 10)")
    study.add_argument("--stats-png", metavar="OUT", help="write your progress card (a PNG) to OUT instead of studying")
    study.set_defaults(handler=_study)

    migrate = commands.add_parser(
        "migrate", help="copy a SQLite database into PostgreSQL",
        description="Copy every score, setting, schedule, deck and study state of a SQLite database into a PostgreSQL"
        " database, then check each table. Stop the bot first. Safe to run again after an interruption.",
    )
    migrate.add_argument("--to", required=True, metavar="URL", help="postgresql://user:password@host:5432/database")
    migrate.add_argument(
        "--from", dest="source", metavar="URL", help="the SQLite database (default: DATABASE_URL, else sqlite:///deckhand.db)"
    )
    migrate.set_defaults(handler=_migrate)

    run = commands.add_parser("run", help="run the Discord bot (the default)", description="Run the Discord bot.")
    run.add_argument(
        "--no-resume", action="store_true", default=argparse.SUPPRESS,
        help="end quiz rounds a restart interrupted (with their standings) instead of resuming them",
    )
    run.set_defaults(handler=_run)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError("must be between 1 and 100")
    return number


def _new_cards(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 100:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 100, got {value!r}")
    return int(value)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, TextIO], int] | None = getattr(args, "handler", None)
    if handler is None:
        handler = _run
    try:
        return handler(args, out)
    except (DeckError, UserError) as exc:
        print(f"deckhand: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``); stop quietly like other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _cards(args: argparse.Namespace, out: TextIO) -> int:
    deck = load_deck(args.file)
    if args.export:
        from bot.decks.export import export_deck

        exported = export_deck(deck, Path(args.file).stem)
        target = Path(args.export)
        if exported.zipped and target.suffix.lower() != ".zip":
            target = target.with_suffix(".zip")  # the deck file and its pictures and sounds, together
        try:
            target.write_bytes(exported.data)
        except OSError as exc:
            out.write(f"could not write {target}: {exc.strerror or exc}\n")
            return 1
        media = f", {exported.media} media files" if exported.media else ""
        out.write(f"Wrote {exported.cards} cards ({exported.aliases} aliases{media}) to {target}\n")
        return 0
    if args.json:
        json.dump(deck.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(format_deck(deck))
    return 0


def _questions(args: argparse.Namespace, out: TextIO) -> int:
    from bot.questions import generate_questions

    deck = load_deck(args.file)
    questions = generate_questions(deck, seed=args.seed, direction=args.direction)
    if args.json:
        json.dump([q.to_json() for q in questions], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(f"{deck.title}: {len(questions)} questions from {len(deck.cards)} cards\n")
    for number, question in enumerate(questions, start=1):
        out.write(f"\n{number}. [{question.kind}] {question.prompt}\n")
        if question.choices:
            out.write("".join(f"   {letter}) {choice}\n" for letter, choice in zip("ABCD", question.choices)))
        out.write("   answers: " + " | ".join(question.answers) + "\n")
    return 0


def _play(args: argparse.Namespace, out: TextIO) -> int:
    from bot.app.terminal import play

    deck = load_deck(args.file or _default_deck())
    play(
        deck, questions=args.questions, mode="choice" if args.choice else "typed", seed=args.seed,
        direction=args.direction, inp=sys.stdin, out=out,
    )
    return 0


def _study(args: argparse.Namespace, out: TextIO) -> int:
    import asyncio
    from pathlib import Path

    from bot.app.study import default_database_url, stats_png, study
    from bot.storage import StorageError

    if args.stats_png:
        target = Path(args.stats_png)
        if not target.parent.is_dir():
            raise UserError(f"cannot write {target}: the folder {target.parent} does not exist")
        try:
            shown = asyncio.run(stats_png(target, database_url=default_database_url()))
        except StorageError as exc:
            raise UserError(f"cannot read your progress: {exc}") from None
        out.write(f"Wrote {target}: your progress card, from {shown:,} reviews in the last year.\n")
        return 0
    path = args.file or _default_deck()
    deck = load_deck(path)
    try:
        asyncio.run(study(deck, Path(path).stem, new=args.new, inp=sys.stdin, out=out, database_url=default_database_url()))
    except StorageError as exc:
        raise UserError(f"cannot save your progress: {exc}") from None
    return 0


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    import asyncio

    from bot.settings import ConfigError, load_settings
    from bot.storage import StorageError
    from bot.storage.copy import copy_database

    source = args.source
    if source is None:
        try:
            source = load_settings().database_url
        except ConfigError as exc:
            raise UserError(str(exc)) from None

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    async def run() -> list:  # type: ignore[type-arg]
        from bot.storage import open_store
        from bot.storage.url import redact

        if source.split("://", 1)[0].lower() != "sqlite":
            raise UserError(f"--from must be a sqlite:/// URL, not {redact(source)}")
        async with await open_store(source) as old:
            say(f"Copying {source} into {redact(args.to)}")
            async with await open_store(args.to) as new:
                return await copy_database(old, new, say)

    try:
        copied = asyncio.run(run())
    except StorageError as exc:
        raise UserError(f"the copy stopped: {exc}") from None
    rows = sum(t.rows for t in copied)
    say(f"Done: {len(copied)} tables, {rows:,} rows, each table's row count and checksum the same on both sides.")
    return 0


def _default_deck() -> str:
    from bot.settings import PROJECT_ROOT

    return str(PROJECT_ROOT / DEFAULT_DECK)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from bot.settings import ConfigError, load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    if settings.token is None:
        message = (
            "DISCORD_TOKEN is not set: put your bot token in .env (see .env.example and the README). "
            "To try Deckhand without Discord, run: python -m bot play"
        )
        if sys.stdin.isatty() and sys.stdout.isatty() and args.command is None:
            print(message, file=sys.stderr)
            print("Starting the terminal quiz now.\n", file=sys.stderr)
            return _play(argparse.Namespace(file=None, questions=10, choice=False, seed=None), out)
        raise UserError(message)
    from bot.app.client import run_bot

    return run_bot(settings, resume=not getattr(args, "no_resume", False))


def format_deck(deck: Deck) -> str:
    """A deck as a person reads it: numbered cards, their answers and facts."""
    lines = [deck_path(deck.title), f"{len(deck.cards)} cards, read as {format_name(deck.format)} from {deck.source}", ""]
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
    from bot.decks import how_asked, how_asked_text

    asked = how_asked(deck)
    lines.append(f"How cards are asked: {how_asked_text(asked)}")
    if asked.unasked:
        lines.append("Not asked (each side gives the other away, or there is nothing to ask):")
        lines.extend(f"  - {front}" for front in asked.unasked)
    lines.append("")
    return "\n".join(lines)
