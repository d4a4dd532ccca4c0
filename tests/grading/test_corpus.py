"""Every labelled reply in the corpus grades as a fair marker would."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.grading import KINDS, grade
from tests.grading.corpus import Row, corpus_context, load_rows

ROWS = load_rows()
CONTEXT = corpus_context(ROWS)
# Categories where accepting a wrong reply would be the worst kind of mistake.
NO_FALSE_ACCEPTS = (
    "number_wrong", "decade_year", "range", "several", "negation", "empty", "fragment", "other_word", "numeral",
    "confusable_place", "other_answer",
)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.line}-{r.category}" for r in ROWS])
def test_row(row: Row) -> None:
    verdict = grade(row.reply, row.answers, context=CONTEXT)
    assert verdict.correct == row.correct, f"{row}: got {verdict}"
    if row.kind:
        assert verdict.kind == row.kind, f"{row}: got {verdict}"


@pytest.mark.parametrize("category", NO_FALSE_ACCEPTS)
def test_no_false_accepts(category: str) -> None:
    rows = [r for r in ROWS if r.category == category and not r.correct]
    assert rows, f"corpus has no rejected rows in {category}"
    accepted = [str(r) for r in rows if grade(r.reply, r.answers, context=CONTEXT).correct]
    assert accepted == [], "false accepts:\n" + "\n".join(accepted)


def test_corpus_is_broad() -> None:
    counts = Counter(r.category for r in ROWS)
    assert len(ROWS) >= 400
    for category in (
        "exact", "case_punct", "markdown", "article_parens", "typo", "transposition", "plural_variant",
        "number_exact", "number_wrong", "decade_year", "range", "several", "negation", "fragment",
        "other_word", "phrasing", "empty", "alias", "unicode", "long_answer", "spacing_hyphen", "canonical",
        "numeral", "knowledge_alias", "confusable_place",
    ):
        assert counts[category] >= 10, f"only {counts[category]} rows in {category}"
    assert {r.kind for r in ROWS if r.kind} <= set(KINDS)
    assert sum(r.correct for r in ROWS) > 150 and sum(not r.correct for r in ROWS) > 150
