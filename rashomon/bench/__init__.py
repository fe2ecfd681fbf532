"""Benchmarks: ``analyze`` throughput against the bare spaCy floor, and linking at scale.

``rashomon bench`` (see :mod:`rashomon.cli.bench`) drives these. Each measured run happens in a
fresh process (``spawn``), so model loading, caches and peak memory of one measurement never leak
into another. Corpora come from :mod:`rashomon.bench.generate` or from the user's folder.
"""

from __future__ import annotations

from rashomon.bench.linking import run_linking
from rashomon.bench.throughput import run_throughput

__all__ = ["run_linking", "run_throughput"]
