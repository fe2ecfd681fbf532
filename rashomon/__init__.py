"""rashomon: one event, many accounts.

Turns news reports into a sourced record of events (who did what to whom, where, when, how many
were hurt, who said what) and lines the reports up against each other: corroboration by
independent outlets, conflicting accounts, single-source claims. Every fact points back to the
exact words it came from.
"""

from __future__ import annotations

from rashomon.errors import (
    ConfigError,
    DataFileError,
    InputError,
    ModelError,
    RashomonError,
    StoreError,
)
from rashomon.model import (
    SCHEMA,
    Analysis,
    CanonicalEntity,
    Cluster,
    Document,
    EntityMention,
    Event,
    Place,
    Quote,
    RawDocument,
    Story,
    TimeExpr,
)
from rashomon.project import Project, RunResult

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Analysis",
    "CanonicalEntity",
    "Cluster",
    "ConfigError",
    "DataFileError",
    "Document",
    "EntityMention",
    "Event",
    "InputError",
    "ModelError",
    "Place",
    "Project",
    "Quote",
    "RashomonError",
    "RawDocument",
    "RunResult",
    "Story",
    "StoreError",
    "TimeExpr",
    "__version__",
]
