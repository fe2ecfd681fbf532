"""The text exporters: JSONL of the contract, ACLED-style CSV, PLOVER JSON and GeoJSON.

Every row or feature is one cluster (one real-world event, however many reports), except in JSONL,
which carries the whole contract one record per line and reads back with :func:`read_jsonl`.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

from rashomon.data import load_tsv
from rashomon.export import exporter
from rashomon.model import SCHEMA, Analysis, Argument, CanonicalEntity, Cluster, Digest, Document, Event, Story

__all__ = ["ACLED_COLUMNS", "acled_rows", "geojson_features", "happened", "left_out_note", "plover_records", "read_jsonl"]

ACLED_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)


def _precision_codes(field: str) -> dict[str, int]:
    """ACLED's precision code (1 exact … 3 coarse) for each of our precisions or place features."""
    return {r["value"]: int(r["code"]) for r in load_tsv("export/acled_precision.tsv") if r["field"] == field}


_TIME_PRECISION = _precision_codes("time_precision")
_GEO_PRECISION = _precision_codes("geo_precision")


def _dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# --- JSONL -----------------------------------------------------------------------------------


@exporter("jsonl", ".jsonl", "the analysis.json contract, one record per line (analysis, document, entity, ...)")
def write_jsonl(analysis: Analysis, fh: BinaryIO) -> None:
    """First line ``{"record": "analysis", "schema", "timeline"}``, then one line per record."""
    fh.write(_dumps({"record": "analysis", "schema": analysis.schema, "timeline": list(analysis.timeline)}))
    for kind, items in (("document", analysis.documents), ("entity", analysis.entities), ("story", analysis.stories),
                        ("cluster", analysis.clusters), ("digest", analysis.digest)):
        for item in items:
            fh.write(_dumps({"record": kind, **item.to_dict()}))


def read_jsonl(lines: Iterator[str] | list[str]) -> Analysis:
    """Rebuild the ``Analysis`` written by the ``jsonl`` exporter."""
    kinds: dict[str, Any] = {"document": Document, "entity": CanonicalEntity, "story": Story, "cluster": Cluster,
                             "digest": Digest}
    parts: dict[str, list[Any]] = {k: [] for k in kinds}
    head: dict[str, Any] = {"schema": SCHEMA, "timeline": []}
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        kind = record.pop("record")
        if kind == "analysis":
            head = record
        else:
            parts[kind].append(kinds[kind].from_dict(record))
    return Analysis(documents=tuple(parts["document"]), entities=tuple(parts["entity"]), stories=tuple(parts["story"]),
                    clusters=tuple(parts["cluster"]), timeline=tuple(head.get("timeline") or ()),
                    digest=tuple(parts["digest"]), schema=head.get("schema", SCHEMA))


# --- shared per-cluster view ------------------------------------------------------------------


class _Index:
    """Lookups every cluster exporter needs: entity names, events and documents by id."""

    def __init__(self, analysis: Analysis) -> None:
        self.names = {e.id: e.name for e in analysis.entities}
        self.docs = {d.id: d for d in analysis.documents}
        self.events = {e.id: e for d in analysis.documents for e in d.events}

    def name(self, arg: Argument) -> str:
        """The canonical name of an argument's entity, else its text."""
        return self.names.get(arg.entity or "", arg.text)

    def cluster_events(self, cluster: Cluster) -> list[Event]:
        """The events of a cluster that are present in the analysis."""
        return [self.events[e] for e in cluster.events if e in self.events]

    def date(self, cluster: Cluster) -> tuple[str, str]:
        """(value, precision) of the cluster date, else the earliest publication date of its documents."""
        if cluster.date and cluster.date.value:
            return cluster.date.value, cluster.date.precision
        published = sorted(p for d in cluster.docs if (p := (self.docs[d].published if d in self.docs else None)))
        return (published[0], "document") if published else ("", "")


def happened(index: _Index, cluster: Cluster) -> bool:
    """False when every report of the cluster denies it or speaks of it as future or hypothetical."""
    events = index.cluster_events(cluster)
    return not events or any(not e.negated and e.modality not in ("future", "hypothetical") for e in events)


def _iso_day(value: str) -> str:
    """A TIMEX3 value cut to a calendar date (``2024-03`` → ``2024-03-01``; ``2024-03-12TNI`` → ``2024-03-12``)."""
    head = value[:10]
    if len(head) == 10 and head[4] == "-" and head[7] == "-":
        return head
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
        return value[:7] + "-01"
    if len(value) >= 4 and value[:4].isdigit():
        return value[:4] + "-01-01"
    return value


def _safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (cells starting with = + - @ tab or CR)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _notes(index: _Index, cluster: Cluster) -> str:
    parts = []
    events = index.cluster_events(cluster)
    if events:
        parts.append(" ".join(events[0].evidence.text.split()))
    parts.append(f"[rashomon {cluster.id}: {cluster.corroboration} independent source(s),"
                 f" {len(cluster.docs)} report(s)]")
    for conflict in cluster.conflicts:
        sides = "; ".join(f"{v.value} ({', '.join(v.sources)})" for v in conflict.values)
        parts.append(f"[disputed {conflict.field}: {sides}]")
    return " ".join(parts)


def acled_rows(analysis: Analysis, left_out: Counter[str] | None = None) -> Iterator[dict[str, Any]]:
    """One ACLED-style row per cluster that happened and maps to an ACLED event type, in timeline order.

    ACLED codes political violence, protests and strategic developments only; a cluster whose events
    have no ACLED category (``data/en/plover/acled.tsv``: REQUEST, ACCUSE, CONSULT…) is left out and
    counted in ``left_out`` by its PLOVER type (``"not happened"`` for denied, future or hypothetical ones).
    """
    index = _Index(analysis)
    order = {c: n for n, c in enumerate(analysis.timeline)}
    for cluster in sorted(analysis.clusters, key=lambda c: (order.get(c.id, len(order)), c.id)):
        if not happened(index, cluster):
            if left_out is not None:
                left_out["not happened"] += 1
            continue
        acled = Counter((e.acled.event_type, e.acled.sub_event_type) for e in index.cluster_events(cluster)
                        if e.acled and e.acled.event_type)
        if not acled:
            if left_out is not None:
                left_out[cluster.type] += 1
            continue
        value, precision = index.date(cluster)
        event_type, sub_type = acled.most_common(1)[0][0]
        place = cluster.location
        actors = [index.name(a) for a in cluster.actors]
        recipients = [index.name(a) for a in cluster.recipients]
        yield {
            "event_date": _iso_day(value) if value else "",
            "time_precision": _TIME_PRECISION.get(precision, 3) if value else "",
            "event_type": event_type,
            "sub_event_type": sub_type,
            "actor1": actors[0] if actors else "",
            "assoc_actor_1": "; ".join(actors[1:]),
            "actor2": "; ".join(recipients),
            "location": (place.name or place.text) if place else "",
            "latitude": place.lat if place and place.lat is not None else "",
            "longitude": place.lon if place and place.lon is not None else "",
            "geo_precision": _GEO_PRECISION.get(place.feature or "", 2) if place and place.lat is not None else "",
            "source": "; ".join(cluster.sources),
            "notes": _notes(index, cluster),
            "fatalities": cluster.dead.min if cluster.dead and cluster.dead.min is not None else 0,
        }


@exporter("acled-csv", ".csv", "ACLED-style CSV, one row per event cluster that happened (not only denied, "
                               "future or hypothetical) and has an ACLED event type (violence, protests, strategic "
                               "developments; others such as REQUEST or CONSULT are left out and counted on "
                               "stderr); fatalities: the lowest reported figure")
def write_acled_csv(analysis: Analysis, fh: BinaryIO) -> str | None:
    """Write the ACLED columns, UTF-8, with spreadsheet formulas neutralised; say what was left out."""
    left_out: Counter[str] = Counter()
    rows = 0
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for row in acled_rows(analysis, left_out):
            writer.writerow({k: _safe_cell(v) for k, v in row.items()})
            rows += 1
    finally:
        text.detach()
    return left_out_note(rows, left_out)


def left_out_note(rows: int, left_out: Counter[str]) -> str | None:
    """One line: how many event clusters the ACLED CSV left out, and why (``None`` when none were)."""
    if not left_out:
        return None
    not_happened = left_out.pop("not happened", 0)
    uncoded = sum(left_out.values())
    parts = []
    if uncoded:
        kinds = ", ".join(f"{kind} {n}" for kind, n in left_out.most_common())
        parts.append(f"{uncoded} with no ACLED event type ({kinds})")
    if not_happened:
        parts.append(f"{not_happened} denied, future or hypothetical")
    total = uncoded + not_happened
    return (f"acled-csv: {rows} event clusters written, {total} of {rows + total} left out: " + "; ".join(parts)
            + " (plover-json keeps them all)")


# --- PLOVER JSON -------------------------------------------------------------------------------


def _arg(index: _Index, arg: Argument) -> dict[str, Any]:
    return {"name": index.name(arg), "text": arg.text, "entity": arg.entity, "country": arg.country,
            "sector": arg.sector}


def _magnitude(m: Any) -> dict[str, Any] | None:
    return {"min": m.min, "max": m.max, "text": m.text} if m else None


def plover_records(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """One PLOVER 2.0 event record per cluster, with every report (mention) behind it."""
    index = _Index(analysis)
    for cluster in analysis.clusters:
        events = index.cluster_events(cluster)
        value, precision = index.date(cluster)
        modes = Counter(e.mode for e in events if e.mode)
        contexts = sorted({e.context for e in events if e.context})
        place = cluster.location
        yield {
            "id": cluster.id,
            "event_type": cluster.type,
            "mode": modes.most_common(1)[0][0] if modes else None,
            "context": contexts,
            "date": value or None,
            "date_precision": precision or None,
            "actors": [_arg(index, a) for a in cluster.actors],
            "recipients": [_arg(index, a) for a in cluster.recipients],
            "location": None if place is None else {
                "name": place.name or place.text, "country": place.country, "admin1": place.admin1,
                "lat": place.lat, "lon": place.lon, "feature": place.feature, "geonameid": place.geonameid},
            "dead": _magnitude(cluster.dead),
            "injured": _magnitude(cluster.injured),
            "cameo": next((e.cameo for e in events if e.cameo), None),
            "story": cluster.story,
            "sources": list(cluster.sources),
            "corroboration": cluster.corroboration,
            "conflicts": [c.to_dict() for c in cluster.conflicts],
            "mentions": [
                {"event": e.id, "doc": e.doc, "source": index.docs[e.doc].source if e.doc in index.docs else None,
                 "url": index.docs[e.doc].url if e.doc in index.docs else None, "modality": e.modality,
                 "negated": e.negated, "trigger": e.trigger.to_dict(), "evidence": e.evidence.to_dict()}
                for e in events
            ],
        }


@exporter("plover-json", ".json", "PLOVER 2.0 events, one per cluster, with every report behind it")
def write_plover_json(analysis: Analysis, fh: BinaryIO) -> None:
    """A JSON object ``{"format": "plover/2.0", "events": [...]}``."""
    data = {"format": "plover/2.0", "generator": "rashomon", "schema": analysis.schema,
            "events": list(plover_records(analysis))}
    fh.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    fh.write(b"\n")


# --- GeoJSON -----------------------------------------------------------------------------------


def geojson_features(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """A GeoJSON Point feature for every cluster with coordinates."""
    index = _Index(analysis)
    for cluster in analysis.clusters:
        place = cluster.location
        if place is None or place.lat is None or place.lon is None or not happened(index, cluster):
            continue
        value, precision = index.date(cluster)
        yield {
            "type": "Feature",
            "id": cluster.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "cluster": cluster.id, "event_type": cluster.type, "date": value or None,
                "date_precision": precision or None, "location": place.name or place.text, "country": place.country,
                "actors": [index.name(a) for a in cluster.actors],
                "recipients": [index.name(a) for a in cluster.recipients],
                "dead_min": cluster.dead.min if cluster.dead else None,
                "dead_max": cluster.dead.max if cluster.dead else None,
                "injured_min": cluster.injured.min if cluster.injured else None,
                "sources": list(cluster.sources), "corroboration": cluster.corroboration,
                "conflicts": [c.field for c in cluster.conflicts],
            },
        }


@exporter("geojson", ".geojson", "GeoJSON FeatureCollection of located clusters that happened (points)")
def write_geojson(analysis: Analysis, fh: BinaryIO) -> None:
    """A FeatureCollection (RFC 7946: WGS 84 lon/lat)."""
    data = {"type": "FeatureCollection", "features": list(geojson_features(analysis))}
    fh.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    fh.write(b"\n")
