"""Actor coding: a phrase such as "Turkish soldiers" → country TUR, sector MIL.

Knowledge comes from the files in ``rashomon/data/en/actors/`` (countries with their names,
adjectives, capitals and seats of government; international organisations; sector words; titles),
compiled once into a token lexicon. :func:`code_actor` scans a phrase for the longest known terms
and combines them: the head of the phrase (before "of"/"for"...) decides, the last sector word
wins ("Syrian government forces" is MIL), an organisation gives its own code ("NATO Secretary
General" is NATO/IGO), and state words without a country take the context country ("the regime"
in a Syrian report). No spaCy here: events and quotes call it many times per document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from anyascii import anyascii

from rashomon.data import load_tsv

ACTORS = "en/actors"
MAX_TERM = 6
TOKEN = re.compile(r"[^\W_]+(?:['’\-.&][^\W_]+)*\.?")
PREPOSITIONS = frozenset({"of", "for", "in", "from", "at", "with", "on", "to", "against", "by", "near"})
# sectors whose members take the document's country when the phrase names none
CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "REB", "OPP", "REF", "PTY"})
PROPER_KINDS = frozenset({"country", "adjective", "people", "capital", "seat", "org", "region"})
NAME_STOP = frozenset({"the", "a", "an", "and", "or", "of", "'s", "s"})


@dataclass(frozen=True)
class ActorCode:
    """What a phrase says about an actor: country (ISO 3166-1 alpha-3 or IGO code), sector, name."""

    country: str | None = None
    sector: str | None = None
    name: str | None = None
    kind: str | None = None  # PERSON | ORG | GPE | NORP | IGO | GROUP


@dataclass(frozen=True)
class Sense:
    """One meaning of a known term: a country name, a capital, an organisation, a sector word, a title."""

    kind: str  # country | adjective | people | capital | seat | org | generic | sector | title | honorific
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    state: bool = False
    equipment: bool = False  # a weapon or vehicle ("drone"), not a group


@dataclass(frozen=True)
class Term:
    """A known term found in a phrase: token range, character range and its senses."""

    start: int
    end: int
    start_char: int
    end_char: int
    senses: tuple[Sense, ...]

    def has(self, *kinds: str) -> bool:
        """Whether one of the term's senses is of one of ``kinds``."""
        return any(s.kind in kinds for s in self.senses)

    def first(self, *kinds: str) -> Sense | None:
        """The first sense of one of ``kinds``."""
        return next((s for s in self.senses if s.kind in kinds), None)


@functools.lru_cache(maxsize=1 << 17)
def norm(text: str) -> str:
    """Lower-case ASCII form used for every lookup ("Erdoğan" → "erdogan"; memoised, as words repeat)."""
    return anyascii(text).lower().replace("’", "'")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` with character offsets (possessive 's and trailing dots dropped)."""
    out = []
    for m in TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word.endswith("."):
            # keep "U.S." / "Gen." whole but not a sentence dot after a plain word
            if "." not in word[:-1] and len(word) > 5:
                word, end = word[:-1], end - 1
        if word.lower().endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        if word:
            out.append((word, start, end))
    return out


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _key(term: str) -> tuple[str, ...]:
    return tuple(norm(w) for w, _, _ in tokens(term))


@dataclass
class Knowledge:
    """The compiled actor lexicon: token tuples → senses, plus per-code facts."""

    terms: dict[tuple[str, ...], list[Sense]]
    cased: frozenset[tuple[str, ...]]
    country_names: dict[str, str]
    org_names: dict[str, str]
    generics: dict[tuple[str, ...], list[str]]
    suffixes: set[str] = field(default_factory=set)  # after a person's name: Jr, III
    nicknames: dict[str, set[str]] = field(default_factory=dict)  # given name → its familiar forms, both ways
    org_suffixes: set[str] = field(default_factory=set)  # after an organisation's name: Corp, Ltd
    longest: int = 0  # tokens in the longest term ("Peace and Security Council of the African Union")
    firsts: set[str] = field(default_factory=set)  # first words of the terms: a scan tries no term elsewhere

    def add(self, term: str, sense: Sense) -> None:
        """Add ``term`` (a surface form) with ``sense``; all-caps acronyms match only in capitals."""
        key = _key(term)
        if not key:
            return
        senses = self.terms.setdefault(key, [])
        self.firsts.add(key[0])
        if sense not in senses:
            senses.append(sense)
        if sense.kind == "org":
            self.longest = max(self.longest, len(key))
        letters = term.replace(".", "").replace("-", "")
        if letters.isupper() and len(letters) <= 6 and sense.kind in ("org", "country", "adjective"):
            self.cased = self.cased | {key}


@functools.lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """Load and compile the actor knowledge files (once per process)."""
    k = Knowledge({}, frozenset(), {}, {}, {})
    iso_names: dict[str, set[str]] = {}
    for row in load_tsv(f"{ACTORS}/countries.tsv"):
        k.country_names[row["code"]] = row["name"]
        for name in _split(row["names"]):
            iso_names.setdefault(norm(name), set()).add(row["code"])
    for row in load_tsv(f"{ACTORS}/country_terms.tsv"):
        code = row["code"]
        names = _split(row["names"])
        if names:
            k.country_names[code] = names[0]
        for name in names:
            k.add(name, Sense("country", code, None, k.country_names[code], True))
        for adj in _split(row["adjectives"]):
            k.add(adj, Sense("adjective", code, None, k.country_names[code], True))
        for people in _split(row["people"]):
            k.add(people, Sense("people", code, None, k.country_names[code], False))
        for capital in _split(row["capitals"]):
            k.add(capital, Sense("capital", code, "GOV", k.country_names[code], True))
        for seat in _split(row["seats"]):
            k.add(seat, Sense("seat", code, "GOV", k.country_names[code], True))
    for name, codes in iso_names.items():  # ISO names only where unambiguous and not hand-coded
        if len(codes) == 1 and _key(name) not in k.terms:
            code = next(iter(codes))
            k.add(name, Sense("country", code, None, k.country_names[code], True))
    for row in load_tsv(f"{ACTORS}/organisations.tsv"):
        org_code: str | None = row["code"] or None
        sector = row["sector"] or None
        if org_code:
            k.org_names.setdefault(org_code, row["name"])  # the first row with a code names it (UN organs share UNO)
        for name in [row["name"], *_split(row["aliases"])]:
            if name.lower().startswith("the "):
                name = name[4:]
            k.add(name, Sense("org", org_code, sector, row["name"]))
        for generic in _split(row["generics"]):
            default = generic.endswith("*")
            generic = generic.rstrip("*").removeprefix("the ")
            k.generics.setdefault(_key(generic), []).append(row["name"])
            if default:
                k.add(generic, Sense("generic", org_code, sector, row["name"]))
    for row in load_tsv(f"{ACTORS}/nicknames.tsv"):
        forms = {norm(row["name"]), *(norm(f) for f in _split(row["forms"]))}
        for form in forms:
            k.nicknames.setdefault(form, set()).update(forms - {form})
    for row in load_tsv(f"{ACTORS}/regions.tsv"):
        for name in [row["name"], *_split(row["aliases"])]:
            k.add(name.removeprefix("the "), Sense("region", None, None, row["name"]))
    for row in load_tsv(f"{ACTORS}/sectors.tsv"):
        for term in _split(row["term"]):
            k.add(term, Sense("sector", None, row["sector"], None, row["state"] == "1", row.get("equipment") == "1"))
    for row in load_tsv(f"{ACTORS}/titles.tsv"):
        if row["kind"] in ("suffix", "org_suffix"):
            target = k.suffixes if row["kind"] == "suffix" else k.org_suffixes
            target.update(norm(t).rstrip(".") for t in _split(row["term"]))
            continue
        for term in _split(row["term"]):
            kind = "honorific" if row["kind"] == "honorific" else "title"
            k.add(term, Sense(kind, None, row["sector"] or None, term))
    return k


def scan(text: str) -> list[Term]:
    """Known terms in ``text``, longest match first, left to right (unknown words are skipped)."""
    k = knowledge()
    toks = tokens(text)
    keys = [norm(w) for w, _, _ in toks]
    out: list[Term] = []
    i = 0
    while i < len(toks):
        if keys[i] not in k.firsts and not keys[i].endswith("."):
            i += 1  # no term starts with this word (an abbreviation's dot is tried without it below)
            continue
        for n in range(min(max(MAX_TERM, k.longest), len(toks) - i), 0, -1):
            key = tuple(keys[i:i + n])
            senses = k.terms.get(key)
            if not senses and n == 1 and key[0].endswith(".") and "." not in key[0][:-1]:
                # an abbreviated title written with its dot ("Dr.", "Mr.") where the lexicon lists it without
                senses = [s for s in k.terms.get((key[0][:-1],), ()) if s.kind in ("title", "honorific")]
            if not senses:
                continue
            if key in k.cased and not all(w.replace(".", "").isupper() for w, _, _ in toks[i:i + n]):
                continue
            if not toks[i][0][:1].isupper():
                # names of places and bodies are proper nouns: "male nurse" is no capital city
                senses = [s for s in senses if s.kind not in PROPER_KINDS]
                if not senses:
                    continue
            out.append(Term(i, i + n, toks[i][1], toks[i + n - 1][2], tuple(senses)))
            i += n
            break
        else:
            i += 1
    return out


def _name_tokens(text: str, terms: list[Term]) -> list[str]:
    """Capitalised words not covered by a known term: the proper name left in the phrase."""
    covered = {j for t in terms for j in range(t.start, t.end) if not (t.has("sector") and len(t.senses) == 1)}
    words: list[str] = []
    for j, (w, _, _) in enumerate(tokens(text)):
        if j in covered or w.lower() in NAME_STOP or (not words and not w[:1].isupper()):
            if words:
                break
            continue
        if w[:1].isupper():
            words.append(w)
        elif words:
            break
    return words


@functools.lru_cache(maxsize=65536)
def code_actor(text: str, *, context_country: str | None = None) -> ActorCode:
    """Code a noun phrase as an actor; ``context_country`` resolves "the regime"-style phrases."""
    terms = scan(text)
    words = tokens(text)
    cut = next((j for j, (w, _, _) in enumerate(words) if w.lower() in PREPOSITIONS and j > 0), len(words))
    head = [t for t in terms if t.start < cut]
    tail = [t for t in terms if t.start >= cut]
    person = _name_tokens(text, terms)

    head = _national_bodies(head)
    org = _first_sense(head, "org", "generic") or _first_sense(tail, "org", "generic")
    place = (_first_sense(head, "country", "adjective", "people", "capital", "seat")
             or _first_sense(tail, "country", "adjective", "people", "capital", "seat"))
    sector_sense = _last_sense(head, "sector") or _last_sense(tail, "sector")
    title = _first_sense(head, "title") or _first_sense(tail, "title")

    country = org.code if org and (not place or _is_before(head, "org", place)) else (place.code if place else None)
    sector: str | None
    if sector_sense and not (person and title):
        sector = sector_sense.sector
    elif org:
        sector = org.sector
    elif title and title.sector:
        sector = title.sector
    elif sector_sense:
        sector = sector_sense.sector
    elif place and place.kind in ("capital", "seat", "country") and not person:
        sector = "GOV"
    else:
        sector = None
    if country is None and context_country and sector in CONTEXT_SECTORS and not person:
        country = context_country

    if person:
        honoured = title or _first_sense(head, "honorific")
        return ActorCode(country, sector, " ".join(person), "PERSON" if honoured else None)
    if org and not sector_sense:
        return ActorCode(country, sector, org.name, "IGO" if org.sector == "IGO" else "ORG")
    if sector_sense or title:
        return ActorCode(country, sector, None, "GROUP")
    if place:
        kind = "NORP" if place.kind in ("adjective", "people") else "GPE"
        return ActorCode(country, sector, place.name, kind)
    return ActorCode(country, sector, None, None)


def _national_bodies(terms: list[Term]) -> list[Term]:
    """"Russian Security Council": a national adjective right before an international body's short name
    makes it that country's own body (a state organ), not the international one."""
    out = list(terms)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        org = cur.first("org")
        if (org and org.sector == "IGO" and prev.end == cur.start and cur.end - cur.start > 1
                and prev.has("adjective", "country")
                and not prev.has("org")):
            out[i] = Term(cur.start, cur.end, cur.start_char, cur.end_char, (Sense("sector", None, "GOV", None, True),))
    return out


def _iter_senses(terms: list[Term], *kinds: str) -> Iterator[Sense]:
    for t in terms:
        s = t.first(*kinds)
        if s is not None:
            yield s


def _first_sense(terms: list[Term], *kinds: str) -> Sense | None:
    return next(_iter_senses(terms, *kinds), None)


def _last_sense(terms: list[Term], *kinds: str) -> Sense | None:
    found = list(_iter_senses(terms, *kinds))
    return found[-1] if found else None


def _is_before(terms: list[Term], kind: str, other: Sense) -> bool:
    """Whether the first term of ``kind`` comes before the term carrying ``other`` in ``terms``."""
    first = next((i for i, t in enumerate(terms) if t.has(kind)), None)
    second = next((i for i, t in enumerate(terms) if other in t.senses), None)
    if first is None:
        return False
    return second is None or first < second


@functools.lru_cache(maxsize=65536)
def exact_term(text: str) -> Term | None:
    """The known term ``text`` consists of, if it is exactly one ("the United Nations", "Malian")."""
    terms = scan(text)
    body = re.sub(r"^(the|The)\s+", "", text.strip())
    if len(terms) != 1 or terms[0].end_char - terms[0].start_char < len(body) - 1:
        return None
    return terms[0]


def identity(text: str) -> str | None:
    """Who a name is when it is exactly a known body: ``org:<name>`` for an organisation, the ISO code for
    a country, its name or adjective ("Anadolu" is ``org:Anadolu Agency``, not TUR; "Malian" is MLI)."""
    term = exact_term(text)
    if term is None:
        return None
    org = term.first("org")
    if org is not None:
        return f"org:{org.name}"
    place = term.first("country", "adjective", "people")
    return place.code if place is not None else None


def generic_orgs(text: str) -> list[str]:
    """Names of the organisations a generic phrase may stand for ("the alliance" → NATO, AES...)."""
    key = tuple(norm(w) for w, _, _ in tokens(text) if norm(w) not in ("the", "a", "an"))
    return list(knowledge().generics.get(key, ()))


def country_name(code: str | None) -> str | None:
    """The usual English name of a country or organisation code."""
    if code is None:
        return None
    k = knowledge()
    return k.country_names.get(code) or k.org_names.get(code)
