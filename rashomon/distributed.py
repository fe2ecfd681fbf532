"""Run the per-document stages on a Dask distributed cluster (``analyze --dask ADDRESS`` or ``--dask local:N``).

Documents travel to the workers in batches; each worker process builds the rashomon pipeline once
(a cached function in the worker) and runs :func:`rashomon.pipeline.analyze_batch` on every batch it
receives, so results are exactly those of a local run. A bounded window of batches is in flight at a
time and results come back in input order, so memory stays flat however many documents there are.
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rashomon.errors import ConfigError, InputError
from rashomon.model import Document, RawDocument

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("rashomon")

BATCH_SIZE = 8
BUILDS: list[int] = []  # pids of pipeline builds in this process (one per worker process is expected)


@functools.lru_cache(maxsize=1)
def worker_pipeline() -> Language:
    """The pipeline of this worker process, built on first use and kept for every later batch."""
    from rashomon.nlp import build_pipeline

    BUILDS.append(os.getpid())
    return build_pipeline()


def analyze_on_worker(batch: list[RawDocument]) -> list[Document | InputError]:
    """Task run on a Dask worker: analyse one batch with the worker's cached pipeline."""
    from rashomon.pipeline import analyze_batch

    return analyze_batch(batch, worker_pipeline())


def pipeline_builds() -> int:
    """How many times this process built the pipeline (for tests: ``client.run(pipeline_builds)``)."""
    return len(BUILDS)


def _connect(address: str) -> tuple[Any, Any]:
    """A Dask client for ``address`` (``local:N`` starts a local cluster of N worker processes)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ConfigError("--dask needs Dask distributed: pip install 'rashomon[dask]'") from err
    cluster = None
    if address.startswith("local"):
        _, _, count = address.partition(":")
        try:
            workers = int(count) if count else max(1, os.cpu_count() or 1)
        except ValueError as err:
            raise ConfigError(f"--dask {address!r}: use local:N with N a number of workers") from err
        if workers < 1:
            raise ConfigError(f"--dask {address!r}: need at least one worker")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        address = cluster.scheduler_address
    try:
        client = Client(address, timeout="20s")
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"--dask {address!r}: cannot reach the Dask scheduler ({err})") from err
    return client, cluster


def iter_analyze_dask(raws: Iterable[RawDocument], address: str, *, errors: list[InputError] | None = None,
                      batch_size: int = BATCH_SIZE) -> Iterator[Document]:
    """Analyse documents on Dask, yielding them in input order; failures go to ``errors`` (raised if ``None``)."""
    stream = iter(raws)
    first = list(itertools.islice(stream, 1))
    if not first:
        return
    stream = itertools.chain(first, stream)
    client, cluster = _connect(address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window: collections.deque[Any] = collections.deque()

        def results(future: Any) -> Iterator[Document]:
            for result in future.result():
                if isinstance(result, InputError):
                    if errors is None:
                        raise result
                    errors.append(result)
                else:
                    yield result

        while batch := list(itertools.islice(stream, batch_size)):
            window.append(client.submit(analyze_on_worker, batch, pure=False))
            while len(window) >= workers * 3:
                yield from results(window.popleft())
        while window:
            yield from results(window.popleft())
    finally:
        _shutdown(client, cluster)


def _shutdown(client: Any, cluster: Any) -> None:
    """Close the client and a cluster we started; a slow shutdown is logged, not raised (the work is done)."""
    try:
        client.close()
        if cluster is not None:
            cluster.close(timeout=60)
    except (TimeoutError, OSError) as err:
        log.warning("Dask cluster did not shut down cleanly: %s", err)
