"""``Project``: the one object behind the CLI and the web app; it owns a store and the verbs.

A CLI command parses its options, calls one ``Project`` method and formats the result; library
code here returns data and prints nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.errors import InputError
from rashomon.ingest import IngestOptions, iter_documents
from rashomon.model import Analysis, Document, Linking, RawDocument, apply_linking
from rashomon.pipeline import PIPELINE_VERSION, default_processes, iter_analyze
from rashomon.store import Store, open_store

# an analyze run hands at most this many just-stored documents to linking as they are (the rest are read back)
KEEP_FOR_LINKING = 20_000

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("rashomon")

Progress = Callable[[int, int | None], None]


@dataclass
class RunResult:
    """What one ``analyze`` run did."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # already stored, same content
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, id of the first copy)
    errors: list[InputError] = field(default_factory=list)
    relinked: bool = False
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def seen(self) -> int:
        """Documents read successfully (new, unchanged or duplicate)."""
        return len(self.added) + len(self.unchanged) + len(self.duplicates)


class Project:
    """A rashomon project: a store of analysed documents and the cross-document picture.

    Args:
        db: SQLite path or PostgreSQL URL. Defaults to ``rashomon.db``.
        processes: worker processes for per-document analysis; defaults to the machine's cores.
        nlp: a ready pipeline to use in-process (tests pass one to avoid reloading).
    """

    def __init__(self, db: str = "rashomon.db", *, processes: int | None = None, nlp: Language | None = None,
                 store: Store | None = None) -> None:
        self.db = db
        self.store = store or open_store(db)
        self.processes = processes if processes is not None else default_processes()
        self.nlp = nlp

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- verbs ------------------------------------------------------------------------------

    def analyze(self, paths: Iterable[str | Path], options: IngestOptions | None = None, *,
                progress: Progress | None = None, on_error: Callable[[InputError], None] | None = None,
                dask: str | None = None) -> RunResult:
        """Ingest ``paths``, analyse what is new, store it, and re-link when anything changed."""
        started = time.perf_counter()
        result = RunResult()
        stored = self.store.stored_versions()
        seen: set[str] = set()
        timer = {"ingest": 0.0}

        def todo() -> Iterator[RawDocument]:
            """New documents, read lazily so a huge folder never sits in memory at once."""
            items = iter_documents(paths, options)
            while True:
                t0 = time.perf_counter()
                item = next(items, None)
                timer["ingest"] += time.perf_counter() - t0
                if item is None:
                    return
                if isinstance(item, InputError):
                    report(item)
                elif item.id in seen:
                    result.duplicates.append((item.path or "-", item.id))
                elif stored.get(item.id) == PIPELINE_VERSION:
                    seen.add(item.id)
                    result.unchanged.append(item.id)
                else:
                    seen.add(item.id)
                    yield item

        def report(err: InputError) -> None:
            result.errors.append(err)
            if on_error:
                on_error(err)

        t0 = time.perf_counter()
        failed: list[InputError] = []
        fresh: dict[str, Document] = {}  # just stored: linking need not read them back
        if progress:
            progress(0, None)
        for n, doc in enumerate(self._analyze(todo(), dask=dask, errors=failed), 1):
            while failed:
                report(failed.pop(0))
            if self.store.add_document(doc, PIPELINE_VERSION):
                result.added.append(doc.id)
                if len(fresh) < KEEP_FOR_LINKING:
                    fresh[doc.id] = doc
            else:
                result.unchanged.append(doc.id)
            if progress:
                progress(n, None)
        for err in failed:
            report(err)
        result.stage_seconds["ingest"] = timer["ingest"]
        result.stage_seconds["analyze"] = time.perf_counter() - t0 - timer["ingest"]
        linking = self.store.load_linking()
        if result.added or linking is None or linking.fingerprint != self.fingerprint():
            t0 = time.perf_counter()
            self.link(known=fresh)
            result.relinked = True
            result.stage_seconds["link"] = time.perf_counter() - t0
        result.seconds = time.perf_counter() - started
        return result

    def _analyze(self, raws: Iterable[RawDocument], *, dask: str | None, errors: list[InputError]) -> Iterable[Document]:
        if dask:
            from rashomon.distributed import iter_analyze_dask

            return iter_analyze_dask(raws, dask, errors=errors)
        return iter_analyze(raws, nlp=self.nlp, processes=1 if self.nlp is not None else self.processes,
                            errors=errors)

    def fingerprint(self) -> str:
        """Digest of the stored document ids and pipeline version: the linking is current when it matches."""
        import hashlib

        ids = "\n".join(sorted(self.store.known_ids()))
        return hashlib.sha256(f"{PIPELINE_VERSION}\n{ids}".encode()).hexdigest()[:16]

    def link(self, *, incremental: bool = True, known: Mapping[str, Document] | None = None) -> Linking:
        """Recompute the cross-document picture over every stored document and store it.

        ``incremental``: resume from the stored linking where it still applies (same result, less work): only
        when it and every stored analysis come from the current pipeline version. ``known``: documents just
        stored, used as they are instead of being read back (a stored analysis reads back equal).
        """
        from dataclasses import replace

        from rashomon.link import link_documents

        # fingerprint first: documents another process stores while this links make it stale, never falsely current
        fingerprint = self.fingerprint()
        previous = self.store.load_linking() if incremental else None
        if previous and (previous.pipeline != PIPELINE_VERSION
                         or any(v != PIPELINE_VERSION for v in self.store.stored_versions().values())):
            previous = None  # analyses from another pipeline version: what it kept may no longer hold
        linking = replace(link_documents(list(self.store.iter_documents(known)), previous, processes=self.processes),
                          fingerprint=fingerprint, pipeline=PIPELINE_VERSION)
        self.store.save_linking(linking)
        return linking

    def analysis(self) -> Analysis:
        """The whole output contract for what is stored."""
        linking = self.store.load_linking() or Linking()
        docs = tuple(apply_linking(d, linking) for d in self.store.iter_documents())
        return Analysis(documents=docs, entities=linking.entities, stories=linking.stories,
                        clusters=linking.clusters, timeline=linking.timeline, digest=linking.digest)

    def write_outputs(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``analysis.json`` and ``report.html`` into ``out_dir``; return their paths."""
        from rashomon.report import render_report

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        analysis = self.analysis()
        json_path = _write_atomically(out / "analysis.json",
                                      json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1))
        report_path = _write_atomically(out / "report.html", render_report(analysis))
        return {"analysis": json_path, "report": report_path}


def _write_atomically(path: Path, text: str) -> Path:
    """Write ``text`` beside ``path`` and rename it into place, so a reader never sees half a file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
