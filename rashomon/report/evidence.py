"""Where a disputed value sits in its evidence: spans to highlight inside an event's or quote's sentence.

A conflict side lists event ids (actor, recipient, dead, injured, place, date) or quote ids
(claims). For each, the report and the web app show the evidence sentence with the words that
carry the disputed value marked: the actor or recipient argument, the count, the place name, the
date expression, or the quote's speaker. Everything works on plain dicts (``to_dict`` form), so the
web app can use records straight from the store.
"""

from __future__ import annotations

from typing import Any

__all__ = ["evidence_span", "value_spans"]


def _find(text: str, start: int, end: int, needle: str | None) -> list[tuple[int, int]]:
    if not needle:
        return []
    at = text.find(needle, start, end)
    if at < 0:
        at = text.lower().find(needle.lower(), start, end)
    return [(at, at + len(needle))] if at >= 0 else []


def evidence_span(record: dict[str, Any]) -> tuple[int, int] | None:
    """The stretch of text an event (its evidence) or a quote (its content) rests on."""
    if record.get("evidence"):
        return int(record["evidence"]["start"]), int(record["evidence"]["end"])
    content = record.get("content")
    if not content:
        return None
    start, end = int(content["start"]), int(content["end"])
    for part in (record.get("speaker"), record.get("cue")):  # "…," she said: keep the attribution in view
        if part and part.get("end") is not None and abs(int(part["start"]) - start) < 300 and abs(int(part["end"]) - end) < 300:
            start, end = min(start, int(part["start"])), max(end, int(part["end"]))
    return start, end


def value_spans(field: str, record: dict[str, Any], text: str) -> list[tuple[int, int]]:
    """Spans (offsets into ``text``, the document's ingested text) carrying ``field``'s value in ``record``."""
    bounds = evidence_span(record)
    if bounds is None:
        return []
    start, end = bounds
    spans: list[tuple[int, int]] = []
    if field in ("actor", "recipient"):
        for arg in record.get("actors" if field == "actor" else "recipients") or []:
            spans.append((int(arg["start"]), int(arg["end"])))
    elif field in ("dead", "injured", "size"):
        magnitude = record.get(field) or {}
        spans += _find(text, start, end, magnitude.get("text"))
    elif field == "place":
        place = record.get("location") or {}
        if place.get("end"):
            spans.append((int(place["start"]), int(place["end"])))
        if not any(start <= s < e <= end for s, e in spans):
            spans += _find(text, start, end, place.get("text") or place.get("name"))
    elif field == "date":
        date = record.get("date") or {}
        spans += _find(text, start, end, date.get("text"))
    elif field == "claim":
        speaker = record.get("speaker") or {}
        if speaker.get("end"):
            spans.append((int(speaker["start"]), int(speaker["end"])))
    return sorted({(s, e) for s, e in spans if start <= s < e <= end})
