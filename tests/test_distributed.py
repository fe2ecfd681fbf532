"""Dask: per-document stages on a real local cluster give exactly a local run's results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from rashomon.bench.generate import generate_articles
from rashomon.distributed import iter_analyze_dask, pipeline_builds
from rashomon.errors import ConfigError
from rashomon.ingest import iter_documents
from rashomon.model import RawDocument
from rashomon.pipeline import analyze_document
from rashomon.project import Project

if TYPE_CHECKING:
    from spacy.language import Language

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real local Dask cluster: two worker processes, one thread each."""
    from distributed import LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield c
    try:
        c.close(timeout=60)
    except (TimeoutError, OSError):  # a slow shutdown on a loaded machine is not a test failure
        pass


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seven generated reports as text files."""
    root = tmp_path_factory.mktemp("dask")
    for n, article in enumerate(generate_articles(7, seed=21)):
        (root / f"r{n:02d}.txt").write_text(article.to_file_text(), encoding="utf-8")
    return root


@pytest.mark.slow
def test_dask_results_equal_a_local_run(cluster: Any, folder: Path, nlp: Language) -> None:
    raws = [r for r in iter_documents([folder]) if isinstance(r, RawDocument)]
    local = [analyze_document(r, nlp) for r in raws]
    remote = list(iter_analyze_dask(raws, cluster.scheduler_address, batch_size=2))
    assert [d.id for d in remote] == [r.id for r in raws]  # input order kept
    assert remote == local
    assert sum(len(d.events) for d in remote) > 0


@pytest.mark.slow
def test_each_worker_builds_the_pipeline_once(cluster: Any, folder: Path) -> None:
    from distributed import Client

    raws = [r for r in iter_documents([folder]) if isinstance(r, RawDocument)]
    list(iter_analyze_dask(raws, cluster.scheduler_address, batch_size=1))  # 7 tasks over 2 workers
    with Client(cluster.scheduler_address) as client:
        builds = client.run(pipeline_builds)
    assert len(builds) == 2
    assert all(n <= 1 for n in builds.values()) and sum(builds.values()) >= 1


@pytest.mark.slow
def test_project_on_dask_equals_project_locally(cluster: Any, folder: Path, tmp_path: Path, nlp: Language) -> None:
    with Project(str(tmp_path / "dask.db")) as on_dask:
        result = on_dask.analyze([folder], dask=cluster.scheduler_address)
        assert len(result.added) == 7
        remote = on_dask.analysis().to_dict()
    with Project(str(tmp_path / "local.db"), nlp=nlp) as here:
        here.analyze([folder])
        local = here.analysis().to_dict()
    assert remote == local


def test_bad_local_address_is_a_config_error() -> None:
    raw = RawDocument(id="x", text="Rebels attacked a convoy near Gao on Monday.")
    with pytest.raises(ConfigError, match="local:N"):
        list(iter_analyze_dask([raw], "local:many"))


def test_nothing_to_do_needs_no_cluster() -> None:
    assert list(iter_analyze_dask([], "tcp://127.0.0.1:1")) == []


@pytest.mark.slow
def test_batched_and_pooled_analysis_equal_one_by_one(folder: Path, nlp: Language) -> None:
    """``nlp.pipe`` batches and the process pool change speed only, never results (or their order)."""
    from rashomon.pipeline import analyze_batch, iter_analyze

    raws = [r for r in iter_documents([folder]) if isinstance(r, RawDocument)]
    one_by_one = [analyze_document(r, nlp) for r in raws]
    assert analyze_batch(raws, nlp) == one_by_one
    assert list(iter_analyze(raws, nlp=nlp, batch_size=3)) == one_by_one
    assert list(iter_analyze(raws, processes=2, batch_size=2)) == one_by_one


def test_a_failing_document_in_a_batch_is_reported_alone(nlp: Language) -> None:
    from rashomon.errors import InputError
    from rashomon.pipeline import analyze_batch

    good = RawDocument(id="good", text="Rebels attacked a convoy near Gao on Monday, officials said.")
    huge = RawDocument(id="huge", text="word " * (nlp.max_length // 5 + 10), path="huge.txt")
    results = analyze_batch([good, huge], nlp)
    assert results[0] == analyze_document(good, nlp)
    assert isinstance(results[1], InputError) and "too long" in str(results[1])


@pytest.mark.slow
def test_a_failing_document_on_dask_goes_to_errors(cluster: Any, nlp: Language) -> None:
    from rashomon.errors import InputError

    good = RawDocument(id="good", text="Rebels attacked a convoy near Gao on Monday, officials said.")
    huge = RawDocument(id="huge", text="word " * (nlp.max_length // 5 + 10), path="huge.txt")
    errors: list[InputError] = []
    docs = list(iter_analyze_dask([huge, good], cluster.scheduler_address, errors=errors))
    assert docs == [analyze_document(good, nlp)]
    assert len(errors) == 1 and "huge.txt" in str(errors[0])


@pytest.mark.slow
def test_a_failing_document_in_the_process_pool_goes_to_errors(folder: Path, nlp: Language) -> None:
    from rashomon.errors import InputError
    from rashomon.pipeline import iter_analyze

    raws = [r for r in iter_documents([folder]) if isinstance(r, RawDocument)][:4]
    huge = RawDocument(id="huge", text="word " * (nlp.max_length // 5 + 10), path="huge.txt")
    errors: list[InputError] = []
    docs = list(iter_analyze([huge, *raws], processes=2, batch_size=2, errors=errors))
    assert [d.id for d in docs] == [r.id for r in raws]
    assert len(errors) == 1 and errors[0].path == "huge.txt"
