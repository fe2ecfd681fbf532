"""Incremental runs: adding documents analyses only them and gives what a from-scratch run on the union gives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from rashomon.bench.generate import generate_articles
from rashomon.project import Project

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.slow


def _write(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True)
    for n, text in enumerate(texts):
        (folder / f"a{n:02d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two batches of generated reports (some on the same stories), as folders."""
    texts = [a.to_file_text() for a in generate_articles(9, seed=11)]
    root = tmp_path_factory.mktemp("incremental")
    return _write(root / "first", texts[:6]), _write(root / "second", texts[6:])


def test_adding_documents_equals_a_run_from_scratch(tmp_path: Path, nlp: Language, corpus: tuple[Path, Path]) -> None:
    first, second = corpus
    with Project(str(tmp_path / "grown.db"), nlp=nlp) as grown:
        one = grown.analyze([first])
        assert len(one.added) == 6
        two = grown.analyze([first, second])
        assert len(two.added) == 3 and len(two.unchanged) == 6  # only the new ones are analysed
        assert two.relinked
        incremental = grown.analysis().to_dict()
        # the run linked the documents it had just stored as they were; reading every one back gives the same
        assert grown.store.load_linking().to_dict() == grown.link(incremental=False).to_dict()
    with Project(str(tmp_path / "scratch.db"), nlp=nlp) as scratch:
        scratch.analyze([first, second])
        from_scratch = scratch.analysis().to_dict()
    assert [d["id"] for d in incremental["documents"]] == [d["id"] for d in from_scratch["documents"]]
    assert incremental == from_scratch


def test_rerun_with_nothing_new_analyses_nothing_and_changes_nothing(tmp_path: Path, nlp: Language,
                                                                     corpus: tuple[Path, Path]) -> None:
    first, _ = corpus
    with Project(str(tmp_path / "p.db"), nlp=nlp) as project:
        project.analyze([first])
        before = project.analysis().to_dict()
        again = project.analyze([first])
        assert again.added == [] and len(again.unchanged) == 6 and not again.relinked
        assert project.analysis().to_dict() == before


def test_linking_is_deterministic(tmp_path: Path, nlp: Language, corpus: tuple[Path, Path]) -> None:
    """Linking the same stored documents twice gives the same result (incremental runs depend on it)."""
    first, second = corpus
    with Project(str(tmp_path / "p.db"), nlp=nlp) as project:
        project.analyze([first, second])
        once = project.link()
        twice = project.link()
    assert once.to_dict() == twice.to_dict()
