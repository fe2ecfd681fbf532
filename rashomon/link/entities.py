"""Cross-document entity resolution (baseline: identical normalised names merge)."""

from __future__ import annotations

from collections.abc import Sequence

from rashomon.model import CanonicalEntity, Document


def resolve_entities(docs: Sequence[Document]) -> tuple[tuple[CanonicalEntity, ...], dict[str, str]]:
    """Group document-local entities into canonical ones; return them and the local→canonical id map."""
    groups: dict[tuple[str, str], dict[str, object]] = {}
    ids: dict[str, str] = {}
    for doc in docs:
        for m in doc.entities:
            key = ((m.name or m.text).lower(), m.type)
            g = groups.setdefault(key, {"names": {}, "docs": [], "locals": set(), "m": m})
            names: dict[str, int] = g["names"]  # type: ignore[assignment]
            names[m.name or m.text] = names.get(m.name or m.text, 0) + 1
            if doc.id not in g["docs"]:  # type: ignore[operator]
                g["docs"].append(doc.id)  # type: ignore[union-attr]
            if m.entity:
                g["locals"].add(m.entity)  # type: ignore[union-attr]
    out = []
    for n, ((_, kind), g) in enumerate(sorted(groups.items()), 1):
        names = g["names"]  # type: ignore[assignment]
        name = max(names, key=lambda k: (names[k], len(k)))
        cid = f"E{n}"
        m = g["m"]
        out.append(CanonicalEntity(id=cid, name=name, type=kind, aliases=tuple(sorted(names)),
                                   country=m.country, sector=m.sector, docs=tuple(g["docs"])))  # type: ignore[union-attr,arg-type]
        for local in g["locals"]:  # type: ignore[union-attr]
            ids[local] = cid
    return tuple(out), ids
