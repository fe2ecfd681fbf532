"""A whole project on each back end: the same analysis whether stored in SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rashomon.bench.generate import generate_articles
from rashomon.project import Project

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four generated reports as text files."""
    root = tmp_path_factory.mktemp("backends")
    for n, article in enumerate(generate_articles(4, seed=41)):
        (root / f"r{n}.txt").write_text(article.to_file_text(), encoding="utf-8")
    return root


def test_project_analysis_is_the_same_on_every_back_end(store_target: str, tmp_path: Path, nlp: Language,
                                                        corpus: Path) -> None:
    with Project(store_target, nlp=nlp) as project:
        first = project.analyze([corpus])
        assert len(first.added) == 4 and first.relinked
        again = project.analyze([corpus])
        assert again.added == [] and not again.relinked
        result = project.analysis().to_dict()
        assert project.store.search(generate_articles(1, seed=41)[0].title.split()[-1])
    with Project(str(tmp_path / "reference.db"), nlp=nlp) as reference:
        reference.analyze([corpus])
        assert result == reference.analysis().to_dict()
