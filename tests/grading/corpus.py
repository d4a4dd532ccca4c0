"""Load the labelled grading corpus shared by the tests and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.grading import GradingContext
from tests.helpers import SEED

CORPUS = Path(__file__).with_name("corpus.tsv")


@dataclass(frozen=True)
class Row:
    line: int
    reply: str
    answers: tuple[str, ...]
    correct: bool
    category: str
    kind: str

    def __str__(self) -> str:
        return f"line {self.line} [{self.category}] {self.reply!r} vs {' | '.join(self.answers)}"


def load_rows(path: Path = CORPUS) -> list[Row]:
    rows = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or (text.startswith("#") and "\t" not in text):
            continue
        fields = text.split("\t")
        if len(fields) not in (4, 5) or fields[2] not in ("true", "false"):
            raise ValueError(f"{path}, line {number}: expected reply, answers, true/false, category[, kind]")
        reply, answers, correct, category = fields[:4]
        rows.append(
            Row(
                line=number,
                reply=reply.replace("\\n", "\n"),
                answers=tuple(answers.split("|")),
                correct=correct == "true",
                category=category,
                kind=fields[4] if len(fields) == 5 else "",
            )
        )
    return rows


def corpus_context(rows: list[Row]) -> GradingContext:
    """The vocabulary a real deck would give: the seed deck plus every answer in the corpus."""
    texts = SEED.read_text(encoding="utf-8").splitlines()
    answers = [answer for row in rows for answer in row.answers] + ["Stan Lee", "Stanley"]
    texts.extend(answers)
    return GradingContext.from_texts(texts, answers)
