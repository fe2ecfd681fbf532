"""Import the modules that register rashomon's spaCy component factories."""

from __future__ import annotations

from rashomon.extract import entities, events, places, quotes, times  # noqa: F401
from rashomon.nlp import attributes, boundaries  # noqa: F401
