"""Cross-document entity resolution: one canonical entity per real actor, every alias kept.

Document-local entities (mentions sharing ``EntityMention.entity``) are grouped by blocking keys,
never all pairs: a known organisation or country code, a folded name, a national institution
(country + sector: "Malian army", "Malian Armed Forces"), and for persons the consonant skeleton
and Metaphone key of the surname. Inside a block, persons merge when their full names agree
(transliteration-aware, :func:`rashomon.extract.entities_names.name_score`) and their countries do
not clash; a bare surname joins only when exactly one full name in its block fits it. Canonical
ids are a hash of the canonical name and type, so they do not depend on document order.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashomon.extract.actors import code_actor, identity, knowledge, norm, scan, tokens
from rashomon.extract.entities_names import SAME, fold, name_score, name_tokens, org_key, surname_keys
from rashomon.model import CanonicalEntity, Document

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC", "NORP"})
WEAK = 0.08  # how far below SAME a full-name match may be when the reports share context
CONTEXT = 3  # named entities two reports must share to support a weak match


@dataclass
class Local:
    """One document-local entity: its mentions' names, texts, type, country and sector."""

    id: str
    doc: str
    type: str
    names: Counter[str] = field(default_factory=Counter)
    texts: set[str] = field(default_factory=set)  # every surface form (aliases; order never matters)
    countries: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    also: list[tuple[str, str]] = field(default_factory=list)  # (id, doc) of identical locals it stands for
    fixed_name: str | None = field(default=None, repr=False)  # ``name`` once read (a retyped twin keeps it)

    @property
    def weight(self) -> int:
        """How many document-local entities this one stands for (itself and its identical twins)."""
        return 1 + len(self.also)

    def members(self) -> list[tuple[str, str]]:
        """(id, doc) of every document-local entity this one stands for."""
        return [(self.id, self.doc), *self.also]

    def signature(self) -> tuple[object, ...]:
        """Everything resolution reads of a non-person entity, except where it occurs."""
        return (self.type, tuple(self.names.items()), frozenset(self.texts), tuple(self.countries.items()),
                tuple(self.sectors.items()))

    @property
    def name(self) -> str:
        """The fullest name the document gives this entity (read once all its mentions are collected)."""
        if self.fixed_name is None:
            self.fixed_name = max(self.names, key=lambda n: (len(name_tokens(n)) if self.type == "PERSON" else 0,
                                                             self.names[n], len(n), n))
        return self.fixed_name

    @property
    def country(self) -> str | None:
        """The most frequent country code of its mentions."""
        return self.countries.most_common(1)[0][0] if self.countries else None


_BYLINE_NAME = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}")


def byline_names(author: str | None, source: str | None = None) -> list[str]:
    """Persons named in a byline ("By Issa Yattara", "A. Diallo and B. Traoré"); desks, agencies, the
    outlet's own name and anything that is not a plain personal name are left out."""
    if not author or len(author) > 120 or (source and fold(source) in fold(author)):
        return []
    text = re.sub(r"^\s*by\s+", "", author.strip(), flags=re.IGNORECASE)
    out = []
    for part in re.split(r"\s*(?:,|&|\band\b)\s*", text):
        part = " ".join(part.split())
        if _BYLINE_NAME.fullmatch(part) and all(w[:1].isupper() for w in part.split()) \
                and code_actor(part).kind is None and not scan(part):
            out.append(part)
    return out


def collect(docs: Sequence[Document]) -> list[Local]:
    """Document-local entities from analysed documents, in document and mention order; a byline's
    author is one too (a person, media sector), so a reporter is linked across the reports they sign.

    Non-person entities that another report already gave identically (same type, names, forms,
    countries and sectors: "the Syrian army" in ten thousand reports) are folded into the first
    such one (``Local.also``), so memory and work follow the distinct entities, not the mentions.
    Persons stay one per report: their resolution reads each report's context.
    """
    out: list[Local] = []
    seen: dict[tuple[object, ...], Local] = {}
    for doc in docs:
        mine: dict[str, Local] = {}
        for k, author in enumerate(byline_names(doc.author, doc.source)):
            loc = mine.setdefault(f"{doc.id}#by{k}", Local(f"{doc.id}#by{k}", doc.id, "PERSON"))
            loc.names[author] += 1
            loc.texts.add(author)
            loc.sectors["MED"] += 1
        for m in doc.entities:
            if not m.entity:
                continue
            loc = mine.setdefault(m.entity, Local(m.entity, doc.id, m.type))
            loc.names[m.name or m.text] += 1
            loc.texts.add(m.text)
            loc.texts.update(written_forms(doc.text or "", m.start, m.end, m.type))
            if m.country:
                loc.countries[m.country] += 1
            if m.sector:
                loc.sectors[m.sector] += 1
        for loc in mine.values():
            if loc.type == "PERSON":
                out.append(loc)
                continue
            twin = seen.setdefault(loc.signature(), loc)
            if twin is loc:
                out.append(loc)
            else:
                twin.also.append((loc.id, loc.doc))
    return out


def _split_persons(locals_: list[Local]) -> list[Local]:
    """Entities retyped as persons stand for themselves again (person resolution reads each report)."""
    out = []
    for loc in locals_:
        out.append(loc)
        if loc.type == "PERSON" and loc.also:
            for lid, doc in loc.also:
                twin = Local(lid, doc, loc.type, Counter(loc.names), set(loc.texts), Counter(loc.countries),
                             Counter(loc.sectors), fixed_name=loc.name)  # the name as read before retyping
                out.append(twin)
            loc.also = []
    return out


_HEDGE = re.compile(r"(?:\b[Tt]he\s+)?\bso-called\s+$")


def written_forms(text: str, start: int, end: int, type_: str) -> list[str]:
    """Longer surface forms the text gives a mention: with its capitalised title or honorific
    ("Colonel Kalifa Sissoko", "Ms Marchetti"), or with a distancing "so-called" (kept: how an
    outlet frames an actor is part of what an analyst compares)."""
    window = text[max(0, start - 40):start]
    if not window.endswith(" ") or "\n" in window[-2:]:
        return []
    offset = start - len(window)
    out = []
    hedge = _HEDGE.search(window)
    if hedge:
        out.append(text[offset + hedge.start():end])
    if type_ == "PERSON" and _may_end_in_title(window):
        for cand in (window, window.rstrip(" .") + " "):  # "Dr." as well as "Dr"
            terms = scan(cand)
            last = terms[-1] if terms else None
            if last and last.has("title", "honorific") and cand[last.start_char:last.start_char + 1].isupper() \
                    and not cand[last.end_char:].strip(" ."):
                out.append(text[offset + last.start_char:end])
                break
    return out


@functools.cache
def _title_ends() -> frozenset[str]:
    """The last word of every known title and honorific (normalised): what a window must end with to hold one."""
    return frozenset(key[-1] for key, senses in knowledge().terms.items()
                     if key and any(x.kind in ("title", "honorific") for x in senses))


def _may_end_in_title(window: str) -> bool:
    """A cheap, exact pre-check for ``written_forms``: can a title or honorific end this window?"""
    tail = window.rstrip(" .")
    toks = tokens(tail[-30:])
    if not toks:
        return False
    if toks[-1][1] == 0 and len(tail) > 30:  # the last word is longer than the tail: be safe, scan in full
        return True
    return norm(toks[-1][0]) in _title_ends() or norm(toks[-1][0] + ".") in _title_ends()


def _vote_types(locals_: list[Local]) -> None:
    """Retype an entity the model mistyped in one report when other reports agree on its type by name."""
    votes: dict[str, Counter[bool]] = {}
    for loc in locals_:
        for name, n in loc.names.items():
            votes.setdefault(fold(name), Counter())[loc.type == "PERSON"] += n * loc.weight
    types: dict[str, Counter[str]] = {}
    for loc in locals_:
        types.setdefault(fold(loc.name), Counter())[loc.type] += loc.weight
    for loc in locals_:
        v = votes.get(fold(loc.name), Counter())
        is_person = loc.type == "PERSON"
        if v[not is_person] > 2 * v[is_person]:
            others = [t for t, _ in types[fold(loc.name)].most_common() if (t == "PERSON") != is_person]
            loc.type = others[0] if others else ("ORG" if is_person else "PERSON")


def _kind(loc: Local) -> str:
    return "PERSON" if loc.type == "PERSON" else ("PLACE" if loc.type in PLACE_TYPES else "ORG")


def blocking_keys(loc: Local) -> set[str]:
    """Keys under which an entity meets its merge candidates."""
    kind = _kind(loc)
    keys: set[str] = set()
    for name in loc.names:
        if kind == "PERSON":
            keys.update(f"P{k}" for k in surname_keys(name))
            continue
        keys.add(f"n:{org_key(name)}")
        known = identity(name)
        if known is not None:
            keys.add(f"code:{known}")
            continue
        code = code_actor(name)
        if kind == "ORG" and code.kind in ("GROUP", None) and code.country and code.sector in ("MIL", "COP"):
            keys.add(f"inst:{code.country}:{code.sector}")
    return keys


class _Union:
    """Union-find over local entity ids: each group becomes one canonical entity."""

    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        """The representative of ``x``'s group (halving the path on the way)."""
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        """Merge the groups of ``a`` and ``b``; the smaller id represents them, so results are stable."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_country_clash(a: Local | _Variant, b: Local | _Variant) -> bool:
    """Whether both sides name a country and the countries differ (then they are not one entity)."""
    return bool(a.country and b.country and a.country != b.country)


def resolve_entities(docs: Sequence[Document]) -> tuple[tuple[CanonicalEntity, ...], dict[str, str]]:
    """Group document-local entities into canonical ones; return them and the local→canonical id map."""
    locals_ = collect(docs)
    _vote_types(locals_)
    locals_ = _split_persons(locals_)
    by_id = {loc.id: loc for loc in locals_}
    blocks: dict[str, list[str]] = {}
    for loc in locals_:
        for key in blocking_keys(loc):
            blocks.setdefault(key, []).append(loc.id)
    uf = _Union([loc.id for loc in locals_])
    context = _contexts(locals_)
    for key, members in sorted(blocks.items()):
        if key.startswith("P"):
            _merge_persons([by_id[m] for m in members], uf, context)
        else:  # each joins the first earlier one it is compatible with: one entity per country of a shared name
            anchors: list[Local] = []
            for member in members:
                b = by_id[member]
                for a in anchors:
                    if (_kind(a) == "PERSON") != (_kind(b) == "PERSON"):
                        continue
                    if not key.startswith("code:") and _is_country_clash(a, b):
                        continue  # "the Army" of two countries
                    uf.union(a.id, b.id)
                    break
                else:
                    anchors.append(b)
    groups: dict[str, list[Local]] = {}
    for loc in locals_:
        groups.setdefault(uf.find(loc.id), []).append(loc)
    order = {d.id: i for i, d in enumerate(docs)}
    return _canonical(groups, order)


def _key_of(loc: Local) -> str:
    return " ".join(name_tokens(loc.name)) if loc.type == "PERSON" else org_key(loc.name)


def _contexts(locals_: list[Local]) -> dict[str, set[str]]:
    """What each document names: the context two namesakes must share before a weak match is taken."""
    per_doc: dict[str, set[str]] = {}
    for loc in locals_:
        if loc.type != "PERSON" or len(name_tokens(loc.name)) > 1:
            key = _key_of(loc)
            for _, doc in loc.members():
                per_doc.setdefault(doc, set()).add(key)
    return per_doc


@dataclass
class _Variant:
    """Every local entity of one block spelled the same way with the same country: compared once."""

    locals: list[Local]
    tokens: tuple[str, ...]
    country: str | None
    context: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """A representative spelling."""
        return self.locals[0].name


def _variants(persons: list[Local], context: dict[str, set[str]]) -> list[_Variant]:
    """Full names grouped by spelling and country; every bare surname stays a variant of its own."""
    out: dict[tuple[tuple[str, ...], str | None, str], _Variant] = {}
    for p in persons:
        tokens = name_tokens(p.name)
        key = (tokens, p.country, "" if len(tokens) > 1 else p.id)
        v = out.setdefault(key, _Variant([], key[0], key[1]))
        v.locals.append(p)
        if p.doc not in v.docs:
            v.docs.add(p.doc)
            v.context |= context.get(p.doc, set())
    for v in out.values():
        v.context.discard(" ".join(v.tokens))
    return list(out.values())


def _shared(a: _Variant, b: _Variant) -> int:
    if a.docs == b.docs:
        return 0  # one report alone is no outside support
    return len((a.context & b.context) - {" ".join(a.tokens), " ".join(b.tokens)})


def _merge_persons(block: list[Local], uf: _Union, context: dict[str, set[str]]) -> None:
    """Merge persons of one surname block: full names by score (a weaker match needs shared context),
    bare surnames only when one full name fits, or when shared context picks one.

    Work is per distinct spelling (and country), not per mention, so a block of a famous name in a
    million reports costs as much as its few dozen spellings.
    """
    variants = _variants([p for p in block if p.type == "PERSON"], context)
    for v in variants:
        for p in v.locals[1:]:
            uf.union(v.locals[0].id, p.id)
    full = [v for v in variants if len(v.tokens) >= 2]
    bare = [v for v in variants if len(v.tokens) == 1]
    pairs = []
    for i, j in _unclashing_pairs(full):
        a, b = full[i], full[j]
        score = name_score(a.name, b.name)
        if score >= SAME or (score >= SAME - WEAK and _shared(a, b) >= CONTEXT):
            pairs.append((-score, i, j))
    for _, i, j in sorted(pairs):
        if _is_group_consistent(uf, full, full[i], full[j]):
            uf.union(full[i].locals[0].id, full[j].locals[0].id)
    fitting_by: dict[tuple[tuple[str, ...], str | None], list[_Variant]] = {}
    alone: dict[tuple[str, ...], dict[str | None, str]] = {}
    for short in bare:
        key = (short.tokens, short.country)
        if key not in fitting_by:
            fitting_by[key] = [f for f in full if not _is_country_clash(short, f) and name_score(short.name, f.name) >= SAME]
        fitting = fitting_by[key]
        fits = {uf.find(f.locals[0].id) for f in fitting}
        if len(fits) > 1:
            # several people bear the surname: the one whose reports share most with this one, if clearly
            overlap: Counter[str] = Counter()
            for f in fitting:
                root = uf.find(f.locals[0].id)
                overlap[root] = max(overlap[root], _shared(short, f))
            ranked = overlap.most_common(2)
            if ranked[0][1] >= CONTEXT - 1 and ranked[0][1] > ranked[1][1]:
                fits = {ranked[0][0]}
        if len(fits) == 1:
            uf.union(short.locals[0].id, next(iter(fits)))
        elif not fits:
            # the same bare name in several reports and no full name to choose from: one per country
            first = alone.setdefault(short.tokens, {}).setdefault(short.country, short.locals[0].id)
            uf.union(first, short.locals[0].id)


def _unclashing_pairs(full: list[_Variant]) -> list[tuple[int, int]]:
    """Index pairs ``i < j`` of variants whose countries do not clash (the same, or one not known), found per
    country instead of by testing every pair: a block of a common surname holds spellings from many countries."""
    by_country: dict[str, list[int]] = {}
    unknown: list[int] = []
    for j, v in enumerate(full):
        (by_country.setdefault(v.country, []) if v.country else unknown).append(j)
    out = []
    for i, a in enumerate(full):
        if not a.country:
            out += [(i, j) for j in range(i + 1, len(full))]
            continue
        same = by_country[a.country]
        later = same[bisect.bisect_right(same, i):] + unknown[bisect.bisect_right(unknown, i):]
        out += [(i, j) for j in sorted(later)]
    return out


def _is_group_consistent(uf: _Union, full: list[_Variant], a: _Variant, b: _Variant) -> bool:
    """Whether every full name in the two groups agrees with every other (no chaining of near misses)."""
    ra, rb = uf.find(a.locals[0].id), uf.find(b.locals[0].id)
    ga = [f for f in full if uf.find(f.locals[0].id) == ra]
    gb = [f for f in full if uf.find(f.locals[0].id) == rb]
    return all(name_score(x.name, y.name) >= SAME - WEAK and not _is_country_clash(x, y) for x in ga for y in gb)


def _canonical(groups: dict[str, list[Local]], order: dict[str, int]) -> tuple[tuple[CanonicalEntity, ...], dict[str, str]]:
    """One canonical entity per group; ids are assigned in name order so they never depend on input order."""
    summaries = []
    for members in groups.values():
        names: Counter[str] = Counter()
        types: Counter[str] = Counter()
        countries: Counter[str] = Counter()
        sectors: Counter[str] = Counter()
        aliases: set[str] = set()
        docs: dict[str, None] = {}
        for loc in members:
            w = loc.weight
            for counts, total in ((loc.names, names), (loc.countries, countries), (loc.sectors, sectors)):
                for key, n in counts.items():
                    total[key] += n * w
            types[loc.type] += sum(loc.names.values()) * w
            aliases.update(loc.names)
            aliases.update(loc.texts)
            for _, doc in loc.members():
                docs.setdefault(doc)
        kind = types.most_common(1)[0][0]
        name = _best_name(names, kind)
        summaries.append((name, _min_id(members), kind, members, aliases, countries, sectors, docs))
    out: list[CanonicalEntity] = []
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name, _, kind, members, aliases, countries, sectors, docs in sorted(summaries, key=lambda x: (x[0], x[1])):
        cid = _canonical_id(name, kind, members, used)
        out.append(CanonicalEntity(id=cid, name=name, type=kind, aliases=tuple(sorted(aliases - {name})),
                                   country=countries.most_common(1)[0][0] if countries else None,
                                   sector=sectors.most_common(1)[0][0] if sectors else None,
                                   docs=tuple(sorted(docs, key=order.__getitem__))))
        for loc in members:
            for lid, _ in loc.members():
                ids[lid] = cid
    return tuple(sorted(out, key=lambda e: e.id)), ids


def _min_id(members: list[Local]) -> str:
    return min(lid for m in members for lid, _ in m.members())


def _best_name(names: Counter[str], kind: str) -> str:
    """The canonical name: for persons the fullest, otherwise the most used (ties: longest, then alphabetical)."""
    def rank(n: str) -> tuple[int, int, float, int, str]:
        tokens = len(name_tokens(n)) if kind == "PERSON" else 0
        adjective = kind != "PERSON" and (code_actor(n).kind == "NORP" or n.isupper() or not _is_proper(n))
        # persons: the spelling closest to all the others (the medoid), so one odd transliteration never wins
        support = (sum(c * name_score(n, o) for o, c in names.items()) if kind == "PERSON" and len(names) < 30
                   else float(names[n]))
        return (-tokens, adjective, -round(support, 3), -len(n), n)

    return sorted(names, key=rank)[0]


def _is_proper(name: str) -> bool:
    """Whether a name is written as a proper name ("Malian Armed Forces", not "the army")."""
    words = [w for w in name.split() if w.lower() not in ("of", "the", "and", "for", "de", "du", "des")]
    return bool(words) and all(w[:1].isupper() for w in words)


def _canonical_id(name: str, kind: str, members: list[Local], used: set[str]) -> str:
    """A content-derived id; two different actors with one name get the smaller local id mixed in."""
    base = "E" + hashlib.sha1(f"{kind}|{fold(name)}".encode()).hexdigest()[:10]
    cid = base
    if cid in used:
        cid = base + "-" + hashlib.sha1(_min_id(members).encode()).hexdigest()[:6]
    used.add(cid)
    return cid
