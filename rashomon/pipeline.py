"""Per-document analysis: ingest record → clean → spaCy + rashomon components → ``Document``.

``analyze_document`` is a pure function of one document (and the pipeline), so it can run in a
process pool or on a Dask worker; ``iter_analyze`` runs many, in parallel when asked.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from rashomon.clean import clean_text
from rashomon.errors import InputError
from rashomon.model import Document, RawDocument

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("rashomon")

PIPELINE_VERSION = "1"  # bump when per-document output changes, so stored analyses are redone


def analyze_document(raw: RawDocument, nlp: Language) -> Document:
    """Run every per-document stage on ``raw`` and return the analysed ``Document``."""
    from rashomon.nlp.convert import to_document

    cleaned = clean_text(raw.text)
    doc = nlp.make_doc(cleaned.text)
    doc._.doc_id = raw.id
    doc._.published = raw.published
    doc._.title = raw.title
    doc._.source = raw.source
    doc._.headings = cleaned.headings
    doc = nlp(doc)
    return to_document(raw, cleaned, doc)


_WORKER_NLP: Language | None = None


def _init_worker() -> None:
    global _WORKER_NLP
    from rashomon.nlp import build_pipeline

    _WORKER_NLP = build_pipeline()


def safe_analyze(raw: RawDocument, nlp: Language) -> Document | InputError:
    """``analyze_document``, but a failure becomes an ``InputError`` naming the document."""
    try:
        return analyze_document(raw, nlp)
    except Exception as err:  # one bad document must not stop the batch
        log.debug("analysis of %s failed", raw.path, exc_info=True)
        return InputError(raw.path or raw.id, f"analysis failed ({type(err).__name__}: {err})")


def _work(raw: RawDocument) -> Document | InputError:
    assert _WORKER_NLP is not None
    return safe_analyze(raw, _WORKER_NLP)


def iter_analyze(raws: Iterable[RawDocument], *, nlp: Language | None = None, processes: int = 1,
                 errors: list[InputError] | None = None) -> Iterator[Document]:
    """Analyse documents in order; ``processes > 1`` uses a pool of workers each holding its own pipeline.

    A document whose analysis fails is appended to ``errors`` (or raised when no list is given).
    """
    raws = list(raws)

    def check(result: Document | InputError) -> Document | None:
        if isinstance(result, InputError):
            if errors is None:
                raise result
            errors.append(result)
            return None
        return result

    if processes <= 1 or len(raws) < 4:
        from rashomon.nlp import build_pipeline

        nlp = nlp or build_pipeline()
        for raw in raws:
            if (doc := check(safe_analyze(raw, nlp))) is not None:
                yield doc
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=_init_worker) as pool:
        for result in pool.map(_work, raws, chunksize=max(1, min(16, len(raws) // (processes * 4) or 1))):
            if (doc := check(result)) is not None:
                yield doc


def default_processes() -> int:
    """Worker processes to use by default: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))
