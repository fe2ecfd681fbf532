"""Within-document entity resolution over candidate mentions (no spaCy here).

Named mentions group by known code (NATO and "North Atlantic Treaty Organization"; Mali and
"Malian"), by normalised name, by acronym ("GSF" after "Gourma Salvation Front"), and persons by
name: a surname or short form joins the full name it belongs to ("Altun", "Mr Guindo"). Nominal
mentions ("the alliance", "the army", "the Russian minister") join an entity already in play or
are dropped: a nominal never starts an entity of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rashomon.extract.actors import generic_orgs, norm
from rashomon.extract.entities_names import acronym, fold, name_score, name_tokens, token_score

STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})


@dataclass
class Candidate:
    """A mention before resolution: where, what it names, what is known about the actor."""

    start: int
    end: int
    text: str
    type: str
    name: str
    role: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None  # known organisation or country code when the name itself is one
    nominal: bool = False
    head: str | None = None  # nominal: the head word ("alliance", "army", "minister")
    alias_of: int | None = None  # index of a candidate this one is defined as ("X (ACR)")
    standalone: bool = False  # a nominal that may start an entity ("the Malian army")
    dropped: bool = False  # absorbed into another mention
    cluster: int = -1


@dataclass
class _Cluster:
    members: list[int] = field(default_factory=list)
    type: str = ""
    tokens: tuple[str, ...] = ()
    code: str | None = None
    names: set[str] = field(default_factory=set)


def resolve_in_document(cands: list[Candidate]) -> list[Candidate]:
    """Give each candidate a ``cluster`` number (entities numbered by first mention); drop unresolved nominals."""
    clusters: list[_Cluster] = []
    order = sorted((i for i in range(len(cands)) if not cands[i].dropped), key=lambda i: (cands[i].start, -cands[i].end))
    named = [i for i in order if not cands[i].nominal]
    persons = [i for i in named if cands[i].type == "PERSON"]
    # full person names first, so that a headline surname can join a name given later
    for i in sorted(persons, key=lambda i: (-len(name_tokens(cands[i].name)), cands[i].start)):
        _place_person(cands, clusters, i)
    for i in named:
        if cands[i].type != "PERSON" and cands[i].cluster < 0:
            _place_other(cands, clusters, i)
    for i in order:
        if cands[i].nominal:
            target = _antecedent(cands, clusters, i)
            if target is None and cands[i].standalone:
                clusters.append(_Cluster([], "ORG", (), None, {cands[i].name}))
                target = len(clusters) - 1
                cands[i].nominal = False
            if target is not None:
                cands[i].cluster = target
                clusters[target].members.append(i)
    kept = [c for c in cands if c.cluster >= 0]
    # renumber by first mention and settle each entity's type by vote
    first: dict[int, int] = {}
    for c in sorted(kept, key=lambda c: c.start):
        first.setdefault(c.cluster, len(first))
    for cl in clusters:
        votes = Counter(cands[i].type for i in cl.members if not cands[i].nominal)
        cl.type = _vote(votes, cl.code)
        for i in cl.members:
            cands[i].type = cl.type if cl.type else cands[i].type
    for c in kept:
        c.cluster = first[c.cluster]
    return sorted(kept, key=lambda c: (c.start, c.end))


def _vote(votes: Counter[str], code: str | None) -> str:
    if not votes:
        return ""
    if "PERSON" in votes and votes["PERSON"] * 2 >= sum(votes.values()):
        return "PERSON"
    if code and ("ORG" in votes):
        return "ORG"
    return votes.most_common(1)[0][0]


def _place_person(cands: list[Candidate], clusters: list[_Cluster], i: int) -> None:
    c = cands[i]
    toks = name_tokens(c.name)
    if not toks:
        return
    best, best_score, best_recent = None, 0.0, -1
    for n, cl in enumerate(clusters):
        if cl.type != "PERSON" or not cl.tokens:
            continue
        if len(toks) == 1:
            # a bare name joins a full name ending (or starting, for single-name people) with it
            score = max(token_score(toks[0], cl.tokens[-1]), token_score(toks[0], cl.tokens[0]) - 0.05)
            if len(cl.tokens) == 1:
                score = token_score(toks[0], cl.tokens[0])
        else:
            score = name_score(" ".join(toks), " ".join(cl.tokens))
        if score < (0.95 if len(toks) == 1 else 0.9):
            continue
        # "Clinton" after "Hillary Clinton" and "Bill Clinton": the one named most recently before it
        recent = max((cands[j].start for j in cl.members if cands[j].start < c.start), default=-1)
        if score > best_score + 0.02 or (score >= best_score - 0.02 and recent > best_recent):
            best, best_score, best_recent = n, max(score, best_score), recent
    if best is None:
        clusters.append(_Cluster([i], "PERSON", toks, None, {c.name}))
        c.cluster = len(clusters) - 1
    else:
        clusters[best].members.append(i)
        clusters[best].names.add(c.name)
        c.cluster = best


def _place_other(cands: list[Candidate], clusters: list[_Cluster], i: int) -> None:
    c = cands[i]
    key = fold(c.name)
    target = None
    if c.alias_of is not None and cands[c.alias_of].cluster < 0 and not cands[c.alias_of].nominal \
            and cands[c.alias_of].type != "PERSON" and cands[c.alias_of].alias_of is None:
        _place_other(cands, clusters, c.alias_of)  # defined by a name given after it in the text
    if c.alias_of is not None and cands[c.alias_of].cluster >= 0:
        target = cands[c.alias_of].cluster
    for n, cl in enumerate(clusters):
        if target is not None:
            break
        if cl.type == "PERSON":
            continue
        if c.code and cl.code == c.code:
            target = n
        elif key in {fold(x) for x in cl.names}:
            target = n
        elif c.name.isupper() and 2 <= len(c.name) <= 6 and any(acronym(x) == c.name for x in cl.names if len(x.split()) > 1):
            target = n
    if target is None and len(key.split()) == 1:
        # "the Front" tagged as a name after "the Gourma Salvation Front": the latest such name
        heads = [n for n, cl in enumerate(clusters)
                 if cl.type != "PERSON" and any(len(x.split()) > 1 and fold(x).split()[-1] == key for x in cl.names)]
        target = heads[-1] if heads else None
    if target is None:
        clusters.append(_Cluster([i], c.type, (), c.code, {c.name}))
        c.cluster = len(clusters) - 1
    else:
        clusters[target].members.append(i)
        clusters[target].names.add(c.name)
        clusters[target].code = clusters[target].code or c.code
        c.cluster = target


def _antecedent(cands: list[Candidate], clusters: list[_Cluster], i: int) -> int | None:
    """The entity in play a nominal mention refers to: the most recent compatible one before it, else
    (a lead's "the general staff" before "the Malian Armed Forces (FAMa)") the only compatible one after it."""
    back = _referents(cands, clusters, i, forward=False)
    if back:
        return max(back)[3]
    ahead = {n for *_, n in _referents(cands, clusters, i, forward=True)}
    return ahead.pop() if len(ahead) == 1 else None


def _referents(cands: list[Candidate], clusters: list[_Cluster], i: int, *,
               forward: bool) -> list[tuple[int, int, int, int]]:
    """Compatible entities named before (or, ``forward``, only after) nominal ``i``, scored."""
    c = cands[i]
    head = norm(c.head or "")
    generic = {f"org:{name}" for name in generic_orgs(c.text)}
    words = _content_words(c.text)
    scored: list[tuple[int, int, int, int]] = []  # (kind of match, shared words, latest mention, cluster)
    for n, cl in enumerate(clusters):
        members = [cands[j] for j in cl.members if not cands[j].nominal]
        if not members:
            continue
        if (min(m.start for m in members) >= c.start) != forward:
            continue  # named before it (or, looking ahead, only after it)
        latest = -min(m.start for m in members) if forward else max(m.start for m in members if m.start < c.start)
        seen = [j for j in cl.members if forward or cands[j].start < c.start]
        shared = len(words & set().union(*(_content_words(cands[j].text) for j in seen)))
        if c.role is not None:
            if cl.type == "PERSON" and any(m.role and head in m.role for m in members) and _is_compatible(c, members):
                scored.append((1, shared, latest, n))
            continue
        if cl.type == "PERSON":
            continue
        last_words = {norm(x.split()[-1]) for x in cl.names if len(x.split()) > 1}
        bare = len(c.text.split()) <= 2  # "the Front", "the council": a determiner and the head only
        if (cl.code and cl.code in generic) or (bare and head in last_words and _is_compatible(c, members)):
            scored.append((2, shared, latest, n))  # a name or known generic beats a sector match
        elif (c.sector in STATE_SECTORS and c.sector in {m.sector for m in members} and cl.type == "ORG"
              and _is_compatible(c, members) and (shared or c.sector in ("MIL", "COP"))):
            # a government is named by its own words ("the regime" → "the Syrian regime"); a country's
            # armed forces or police are one actor whatever the word ("the army" → "Malian Armed Forces")
            scored.append((1, shared, latest, n))  # the same kind of actor; more shared words, then the latest
    return scored


def _content_words(text: str) -> set[str]:
    return {w for w in fold(text).split() if w not in ("the", "a", "an", "this", "that", "its", "their", "of")}


def _is_compatible(c: Candidate, members: list[Candidate]) -> bool:
    countries = {m.country for m in members if m.country}
    return not c.country or not countries or c.country in countries
