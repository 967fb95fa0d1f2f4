"""The knowledge files say the articles' facts in our own words: no long run of an article's words.

Reads the seed texts (`../shared/seeds/*.txt`, named in knowledge/articles.yaml); skipped where
they are not checked out next to the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from strongback.catalog import default_catalog

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
#: The longest run of words we may share with an article (names and short phrases are fine).
LONGEST_SHARED_RUN = 6


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("’", "'"))


def _runs(text: str, length: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


@pytest.fixture(scope="module")
def article_runs() -> set[tuple[str, ...]]:
    catalog = default_catalog()
    paths = [SEEDS / article.seed for article in catalog.articles.values()]
    if not all(path.is_file() for path in paths):
        pytest.skip(f"the seed articles are not in {SEEDS}")
    runs: set[tuple[str, ...]] = set()
    for path in paths:
        runs |= _runs(path.read_text(encoding="utf-8"), LONGEST_SHARED_RUN + 1)
    return runs


def _knowledge() -> list[tuple[str, str]]:
    catalog = default_catalog()
    entries = [(f"advice {a.id}", a.text) for a in catalog.advice]
    entries += [(f"sport {s.id}", f"{s.why} {s.note or ''}") for s in catalog.sports]
    entries += [(f"contraindication {c.id}", c.what_to_do) for c in catalog.contraindications]
    return entries


@pytest.mark.parametrize(("where", "text"), _knowledge(), ids=[w for w, _ in _knowledge()])
def test_knowledge_is_in_our_own_words(
    article_runs: set[tuple[str, ...]], where: str, text: str
) -> None:
    shared = _runs(text, LONGEST_SHARED_RUN + 1) & article_runs
    assert not shared, f"{where} repeats an article: {[' '.join(run) for run in shared]}"
