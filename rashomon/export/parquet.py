"""Parquet export (optional extra ``rashomon[parquet]``): one row per reported event, with its cluster.

Where the ACLED CSV has one row per cluster, this table keeps every report so an analyst can
aggregate as they like (``cluster`` groups the rows of one real-world event).
"""

from __future__ import annotations

from typing import Any, BinaryIO

from rashomon.errors import ConfigError
from rashomon.export import exporter
from rashomon.model import Analysis

__all__ = ["event_rows"]


def event_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Every event as a flat row (names resolved to canonical entities where linked)."""
    names = {e.id: e.name for e in analysis.entities}
    rows = []
    for doc in analysis.documents:
        for e in doc.events:
            place = e.location
            rows.append({
                "event": e.id, "cluster": e.cluster, "doc": doc.id, "source": doc.source, "url": doc.url,
                "published": doc.published, "type": e.type, "mode": e.mode, "modality": e.modality,
                "negated": e.negated, "date": e.date.value if e.date else None,
                "date_precision": e.date.precision if e.date else None,
                "actors": [names.get(a.entity or "", a.text) for a in e.actors],
                "recipients": [names.get(a.entity or "", a.text) for a in e.recipients],
                "location": (place.name or place.text) if place else None,
                "country": place.country if place else None,
                "latitude": place.lat if place else None, "longitude": place.lon if place else None,
                "dead_min": e.dead.min if e.dead else None, "dead_max": e.dead.max if e.dead else None,
                "injured_min": e.injured.min if e.injured else None,
                "injured_max": e.injured.max if e.injured else None,
                "acled_event_type": e.acled.event_type if e.acled else None,
                "acled_sub_event_type": e.acled.sub_event_type if e.acled else None,
                "evidence": e.evidence.text, "evidence_start": e.evidence.start, "evidence_end": e.evidence.end,
            })
    return rows


@exporter("parquet", ".parquet", "Parquet table, one row per reported event (needs the 'parquet' extra)", text=False)
def write_parquet(analysis: Analysis, fh: BinaryIO) -> None:
    """Write the event table with pyarrow (a ``ConfigError`` says how to install it when missing)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise ConfigError("Parquet export needs pyarrow: pip install 'rashomon[parquet]'") from err
    schema = pa.schema([
        ("event", pa.string()), ("cluster", pa.string()), ("doc", pa.string()), ("source", pa.string()),
        ("url", pa.string()), ("published", pa.string()), ("type", pa.string()), ("mode", pa.string()),
        ("modality", pa.string()), ("negated", pa.bool_()), ("date", pa.string()), ("date_precision", pa.string()),
        ("actors", pa.list_(pa.string())), ("recipients", pa.list_(pa.string())), ("location", pa.string()),
        ("country", pa.string()), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("dead_min", pa.int64()), ("dead_max", pa.int64()), ("injured_min", pa.int64()), ("injured_max", pa.int64()),
        ("acled_event_type", pa.string()), ("acled_sub_event_type", pa.string()), ("evidence", pa.string()),
        ("evidence_start", pa.int64()), ("evidence_end", pa.int64()),
    ])
    table = pa.Table.from_pylist(event_rows(analysis), schema=schema)
    pq.write_table(table, fh)
