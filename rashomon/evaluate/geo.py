"""Task ``geo``: toponym resolution on GeoWebNews (or LGL) — Acc@161 km, mean/median error, AUC.

Gold-span mode resolves the annotated toponym spans of each article together (so country focus
and nearby places work as in the pipeline); end-to-end mode runs the places component on the
article text and matches its places to gold spans by overlap (a gold toponym not found counts as
a miss of 20,039 km). Counted GeoWebNews types follow the eval README; LGL counts every toponym
with a gazetteer tag.
"""

from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.evaluate import task
from rashomon.evaluate._metrics import overlaps, prf

COUNTED = {"Literal", "Mixed", "Literal_Modifier", "Metonymic", "Demonym", "Coercion", "Embedded_Literal", "Homonym"}
MISS_KM = 20039.0


@dataclass(frozen=True)
class GoldToponym:
    """One annotated toponym with its gold point."""

    start: int
    end: int
    text: str
    type: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GeoArticle:
    """One article and its counted toponyms."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    date: str | None = None


def _float(el: ET.Element | None) -> float | None:
    try:
        return float(el.text) if el is not None and el.text else None
    except ValueError:
        return None


def read_articles(path: Path) -> list[GeoArticle]:
    """Articles of a GeoWebNews or LGL XML file (a folder: its first ``*.xml``)."""
    if path.is_dir():
        files = sorted(path.glob("*.xml"))
        if not files:
            raise FileNotFoundError(f"no XML file in {path}")
        path = files[0]
    root = ET.parse(path).getroot()
    out = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            start, end = t.findtext("start"), t.findtext("end")
            if start is None or end is None:
                continue
            gaz = t.find("gaztag")
            if gaz is not None:  # LGL
                kind, lat, lon = "Literal", _float(gaz.find("lat")), _float(gaz.find("lon"))
            else:
                kind, lat, lon = t.findtext("type") or "", _float(t.find("latitude")), _float(t.find("longitude"))
            if kind not in COUNTED or lat is None or lon is None:
                continue
            s, e = int(start), int(end)
            tops.append(GoldToponym(s, e, text[s:e], kind, lat, lon))
        date = (art.findtext("dltime") or "")[:10] or None
        out.append(GeoArticle(art.get("docid") or art.get("file") or str(n), text, tuple(tops), date))
    return out


def error_metrics(errors: list[float]) -> dict[str, Any]:
    """Acc@161, mean and median error (km) and AUC of a list of errors (misses as ``MISS_KM``)."""
    if not errors:
        return {"n": 0}
    auc = statistics.fmean(math.log(e + 1) / math.log(MISS_KM) for e in errors)
    return {
        "n": len(errors),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4),
        "mean_km": round(statistics.fmean(errors), 1),
        "median_km": round(statistics.median(errors), 1),
        "auc": round(auc, 4),
    }


def _err(lat: float | None, lon: float | None, gold: GoldToponym) -> float:
    from rashomon.extract.geo.gazetteer import distance_km

    if lat is None or lon is None:
        return MISS_KM
    return distance_km(lat, lon, gold.lat, gold.lon)


def gold_span_errors(articles: list[GeoArticle]) -> tuple[list[float], list[float], dict[str, list[float]]]:
    """Errors per gold toponym (strict, and with the document's main place as fallback), and by type."""
    from rashomon.extract.geo.gazetteer import load_gazetteer
    from rashomon.extract.geo.resolve import resolve_all

    gaz = load_gazetteer()
    strict: list[float] = []
    fallback: list[float] = []
    by_type: dict[str, list[float]] = {}
    for art in articles:
        res = resolve_all(gaz, [t.text for t in art.toponyms], allow_demonym=True)
        main = _main_place(res)
        for t, r in zip(art.toponyms, res, strict=True):
            e = _err(r.entry.lat, r.entry.lon, t) if r else MISS_KM
            strict.append(e)
            by_type.setdefault(t.type, []).append(e)
            fallback.append(e if r or main is None else _err(main[0], main[1], t))
    return strict, fallback, by_type


def _main_place(res: list[Any]) -> tuple[float, float] | None:
    """The most named city-level place of a document (where unresolved local names most likely are)."""
    from collections import Counter

    counts = Counter((r.entry.lat, r.entry.lon) for r in res
                     if r and r.entry.feature in ("city", "feature") and r.entry.lat is not None)
    return counts.most_common(1)[0][0] if counts else None


def end_to_end(articles: list[GeoArticle]) -> dict[str, Any]:
    """Run the places component on each text; span P/R/F1 by overlap and errors over all gold toponyms."""
    from rashomon.nlp import build_pipeline
    from rashomon.nlp.extensions import register_extensions

    register_extensions()
    nlp = build_pipeline(components=("rashomon_entities", "rashomon_places"))
    errors: list[float] = []
    tp = n_pred = n_gold = 0
    started = time.perf_counter()
    for art in articles:
        doc = nlp.make_doc(art.text)
        doc._.published = art.date
        doc = nlp(doc)
        places = list(doc._.places or ())
        n_pred += len(places)
        n_gold += len(art.toponyms)
        used: set[int] = set()
        for t in art.toponyms:
            hit = next((i for i, p in enumerate(places) if i not in used and overlaps((p.start, p.end), (t.start, t.end))),
                       None)
            if hit is None:
                errors.append(MISS_KM)
                continue
            used.add(hit)
            tp += 1
            errors.append(_err(places[hit].lat, places[hit].lon, t))
    seconds = time.perf_counter() - started
    return {**error_metrics(errors), "spans": prf(tp, n_pred, n_gold),
            "docs_per_s": round(len(articles) / seconds, 2) if seconds else None}


@task("geo", default_data="../shared/eval/geowebnews")
def geo_task(data: Path, limit: int | None) -> dict[str, Any]:
    """Toponym resolution: Acc@161 km, mean/median error, AUC on gold spans and end to end."""
    from rashomon.extract.geo.gazetteer import load_gazetteer

    articles = read_articles(data)[:limit] if limit else read_articles(data)
    load_gazetteer()
    started = time.perf_counter()
    strict, fallback, by_type = gold_span_errors(articles)
    gold_seconds = time.perf_counter() - started
    return {
        "articles": len(articles),
        "gold_spans": {**error_metrics(strict), "docs_per_s": round(len(articles) / gold_seconds, 1)},
        "gold_spans_with_fallback": error_metrics(fallback),
        "gold_spans_by_type": {k: error_metrics(v)["acc161"] for k, v in sorted(by_type.items())},
        "end_to_end": end_to_end(articles),
    }
