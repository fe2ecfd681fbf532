"""Per-document analysis: ingest record → clean → spaCy + rashomon components → ``Document``.

``analyze_document`` is a pure function of one document (and the pipeline), so it can run in a
process pool or on a Dask worker; ``iter_analyze`` runs many, in parallel when asked.
"""

from __future__ import annotations

import collections
import functools
import itertools
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from rashomon.clean import clean_text
from rashomon.errors import InputError
from rashomon.model import Document, RawDocument

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from rashomon.clean import Cleaned

log = logging.getLogger("rashomon")

PIPELINE_VERSION = "2"  # bump when per-document output changes, so stored analyses are redone


@functools.lru_cache(maxsize=1)
def _text_doc_class() -> type[Doc]:
    """A spaCy ``Doc`` whose ``.text`` is joined once, not on every access.

    spaCy rebuilds ``Doc.text`` from all tokens at each access; extractors read ``doc.text[a:b]``
    per candidate, which made that join a third of the analysis time. A Doc's text never changes
    (retokenizing keeps it), so caching it changes nothing but speed.
    """
    from spacy.tokens import Doc

    class TextCachedDoc(Doc):
        @property
        def text(self) -> str:
            cached: str | None = self.__dict__.get("_rashomon_text")
            if cached is None:
                cached = self.__dict__["_rashomon_text"] = Doc.text.__get__(self)
            return cached

    return TextCachedDoc


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenise ``text`` into a Doc with a cached ``.text`` (same tokens and norms as ``nlp.make_doc``)."""
    from spacy.attrs import NORM

    doc = nlp.make_doc(text)
    fast = _text_doc_class()(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    fast.__dict__["_rashomon_text"] = text  # spaCy's tokenizer keeps the text exactly, so no join is needed
    if len(doc):
        fast.from_array([NORM], doc.to_array([NORM]))  # type: ignore[arg-type]  # tokenizer exceptions set norms ("don't" → "do", "not")
    return fast


def _prepare(raw: RawDocument, nlp: Language) -> tuple[Cleaned, Doc]:
    """Clean ``raw`` and make the unprocessed spaCy Doc with our document attributes set."""
    cleaned = clean_text(raw.text)
    doc = make_doc(nlp, cleaned.text)
    doc._.doc_id = raw.id
    doc._.published = raw.published
    doc._.title = raw.title
    doc._.source = raw.source
    doc._.headings = cleaned.headings
    return cleaned, doc


def analyze_document(raw: RawDocument, nlp: Language) -> Document:
    """Run every per-document stage on ``raw`` and return the analysed ``Document``."""
    from rashomon.nlp.convert import to_document

    cleaned, doc = _prepare(raw, nlp)
    doc = nlp(doc)
    return to_document(raw, cleaned, doc)


_WORKER_NLP: Language | None = None

# a short text that makes every component load its lexicons, gazetteer and rules before workers fork
WARM_UP = 'On Monday, police said two people were killed in Paris. "We will respond," the mayor said on 3 May 2024.'


def _init_worker() -> None:
    global _WORKER_NLP
    from rashomon.nlp import build_pipeline

    _WORKER_NLP = build_pipeline()


@functools.lru_cache(maxsize=1)
def _parent_pipeline() -> Language:
    """The pipeline forked workers inherit: built once per parent process and warmed up (caches loaded)."""
    from rashomon.nlp import build_pipeline

    nlp = build_pipeline()
    analyze_document(RawDocument(id="warm-up", text=WARM_UP, published="2024-05-04"), nlp)
    return nlp


def preload() -> Language:
    """Build and warm up this process's shared pipeline now, so the next ``iter_analyze`` does not.

    Start-up (imports, model, gazetteer, lexicons) is then paid where the caller chooses, e.g.
    outside a throughput measurement, just as bare spaCy's model load is.
    """
    return _parent_pipeline()


def _pool(processes: int, nlp: Language | None) -> ProcessPoolExecutor:
    """A pool of ``processes`` workers with a pipeline each.

    Where ``fork`` is available (Linux), the pipeline is built and warmed up once here and the
    workers inherit it copy-on-write, as ``nlp.pipe(n_process=...)`` does: no worker builds its own,
    which saves a pipeline build of CPU per worker. Elsewhere each worker builds its own on start.
    """
    global _WORKER_NLP
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        _WORKER_NLP = nlp or _parent_pipeline()
        return ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=processes, initializer=_init_worker)


def safe_analyze(raw: RawDocument, nlp: Language) -> Document | InputError:
    """``analyze_document``, but a failure becomes an ``InputError`` naming the document."""
    if len(raw.text) > nlp.max_length:
        return InputError(raw.path or raw.id, f"document too long to analyse ({len(raw.text):,} characters > "
                          f"{nlp.max_length:,}); split it into smaller documents")
    try:
        return analyze_document(raw, nlp)
    except Exception as err:  # one bad document must not stop the batch
        log.debug("analysis of %s failed", raw.path, exc_info=True)
        return InputError(raw.path or raw.id, f"analysis failed ({type(err).__name__}: {err})")


def analyze_batch(raws: Sequence[RawDocument], nlp: Language) -> list[Document | InputError]:
    """Analyse several documents at once: spaCy runs over the batch with ``nlp.pipe`` (faster than one by one).

    Results equal ``safe_analyze`` on each document, in order. If the batched run fails, every
    document of the batch is redone alone, so only the bad one is reported.
    """
    from rashomon.nlp.convert import to_document

    if len(raws) == 1:
        return [safe_analyze(raws[0], nlp)]
    try:
        if any(len(raw.text) > nlp.max_length for raw in raws):
            raise ValueError("a document is too long")
        prepared = [_prepare(raw, nlp) for raw in raws]
        docs = list(nlp.pipe((doc for _, doc in prepared), batch_size=len(prepared)))
        return [to_document(raw, cleaned, doc) for raw, (cleaned, _), doc in zip(raws, prepared, docs, strict=True)]
    except Exception:  # redo one by one: each failure becomes its own InputError
        log.debug("batched analysis failed; analysing documents one by one", exc_info=True)
        return [safe_analyze(raw, nlp) for raw in raws]


def _work(batch: list[RawDocument]) -> list[Document | InputError]:
    assert _WORKER_NLP is not None
    return analyze_batch(batch, _WORKER_NLP)


def _batches(raws: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while batch := list(itertools.islice(raws, size)):
        yield batch


def iter_analyze(raws: Iterable[RawDocument], *, nlp: Language | None = None, processes: int = 1,
                 errors: list[InputError] | None = None, batch_size: int = 8) -> Iterator[Document]:
    """Analyse documents in order, streaming; ``processes > 1`` uses a pool of workers (see ``_pool``).

    Input is consumed lazily and at most a few batches per worker are in flight, so memory stays
    bounded however many documents come. A document whose analysis fails is appended to
    ``errors`` (or raised when no list is given).
    """
    stream = iter(raws)
    head = list(itertools.islice(stream, 4))
    stream = itertools.chain(head, stream)

    def check(result: Document | InputError) -> Document | None:
        if isinstance(result, InputError):
            if errors is None:
                raise result
            errors.append(result)
            return None
        return result

    if processes <= 1 or len(head) < 4:
        nlp = nlp or _parent_pipeline()
        for batch in _batches(stream, batch_size):
            for result in analyze_batch(batch, nlp):
                if (doc := check(result)) is not None:
                    yield doc
        return
    window: collections.deque[Future[list[Document | InputError]]] = collections.deque()
    with _pool(processes, nlp) as pool:
        for batch in _batches(stream, batch_size):
            window.append(pool.submit(_work, batch))
            while len(window) >= processes * 3:
                for result in window.popleft().result():
                    if (doc := check(result)) is not None:
                        yield doc
        while window:
            for result in window.popleft().result():
                if (doc := check(result)) is not None:
                    yield doc


def default_processes() -> int:
    """Worker processes to use by default: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))
