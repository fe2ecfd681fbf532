"""Shared fixtures: the real spaCy pipeline (loaded once), temporary stores, the demo corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

settings.register_profile("default", max_examples=60)
settings.register_profile("long", max_examples=10_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

if TYPE_CHECKING:
    from spacy.language import Language

    from rashomon.project import Project


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full rashomon pipeline over the installed English model (loaded once per session)."""
    from rashomon.nlp import build_pipeline

    return build_pipeline()


@pytest.fixture
def project(tmp_path: Path, nlp: Language) -> Iterator[Project]:
    """A project on a fresh SQLite store, analysing in-process with the shared pipeline."""
    from rashomon.project import Project

    with Project(str(tmp_path / "test.db"), nlp=nlp) as p:
        yield p


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The bundled demo corpus."""
    from rashomon.cli.demo import demo_corpus

    return demo_corpus()


@pytest.fixture(scope="session")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory, nlp: Language, demo_dir: Path) -> dict:  # type: ignore[type-arg]
    """The demo corpus analysed once per session; the ``analysis.json`` contract as a dict."""
    from rashomon.project import Project

    out = tmp_path_factory.mktemp("demo")
    with Project(str(out / "demo.db"), nlp=nlp) as p:
        p.analyze([demo_dir])
        return p.analysis().to_dict()
