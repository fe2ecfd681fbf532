"""Comparing person and organisation names across spellings and transliterations.

"Fakhreddin Alton", "Fahrettin Altun" and "Altun" are one man; "Erdoğan" and "Erdogan" one name;
"Altun" and "Çavuşoğlu" are not. Names are folded to ASCII (anyascii), particles such as "al-" are
set aside, and tokens are compared by Jaro-Winkler similarity, a consonant skeleton that ignores
vowels and voicing (d/t, g/k, kh/h: how Arabic and Turkish names drift in transliteration) and
Metaphone keys. :func:`name_score` aligns the tokens of two names; :func:`same_name` is the
decision the linker and the ``names`` evaluation use.
"""

from __future__ import annotations

import functools
import re

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from rashomon.data import load_tsv
from rashomon.extract.actors import knowledge, scan

PARTICLES = frozenset(r["particle"] for r in load_tsv("en/names/particles.tsv"))
SAME = 0.86  # name_score at or above which two full names are taken for one person
_SPELLING = load_tsv("en/names/spelling.tsv")
_DIGRAPHS = tuple((r["from"], r["to"]) for r in _SPELLING if r["rule"] == "digraph")  # file order matters
_VOICING = str.maketrans({r["from"]: r["to"] for r in _SPELLING if r["rule"] == "voicing"})


@functools.lru_cache(maxsize=131072)
def fold(name: str) -> str:
    """ASCII, lower case, apostrophes dropped, hyphens and dots as spaces."""
    text = anyascii(name).lower().replace("'", "").replace("`", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def strip_titles(name: str) -> str:
    """Drop leading titles and honorifics ("Colonel Kalifa Sissoko" → "Kalifa Sissoko")."""
    terms = scan(name)
    cut = 0
    for t in terms:
        if t.start_char > cut + 1 and name[cut:t.start_char].strip() not in ("", "the", "The"):
            break
        if t.has("title", "honorific") or (t.has("adjective", "org", "country") and cut < t.start_char + 1):
            cut = t.end_char
        else:
            break
    rest = name[cut:].strip(" ,.-")
    return rest or name


@functools.lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded tokens of a name without titles and particles."""
    toks = fold(strip_titles(name)).split()
    suffixes = knowledge().suffixes
    while len(toks) > 1 and toks[-1] in suffixes:
        toks.pop()
    kept = tuple(t for t in toks if t not in PARTICLES)
    return kept or tuple(toks)


def org_key(name: str) -> str:
    """Folded organisation name without a leading "the" and trailing company forms ("Microsoft Corp." → "microsoft")."""
    toks = fold(name).split()
    if toks and toks[0] == "the":
        toks.pop(0)
    suffixes = knowledge().org_suffixes
    while len(toks) > 1 and toks[-1] in suffixes:
        toks.pop()
    return " ".join(toks)


@functools.lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton that survives transliteration: first letter, then consonants, voicing ignored."""
    t = token
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    if not t:
        return t
    rest = re.sub(r"[aeiouyh]", "", t[1:]).translate(_VOICING)
    rest = re.sub(r"(.)\1+", r"\1", rest)
    first = "a" if t[0] in "aeiou" else t[0].translate(_VOICING)
    return first + rest


@functools.lru_cache(maxsize=65536)
def token_score(a: str, b: str) -> float:
    """Similarity of two folded name tokens in [0, 1] (spelling and transliteration variants score high)."""
    if a == b:
        return 1.0
    jw = JaroWinkler.similarity(a, b)
    if len(a) >= 3 and len(b) >= 3 and jw >= 0.7:
        if skeleton(a) == skeleton(b):
            return max(jw, 0.93)
        if jellyfish.metaphone(a) == jellyfish.metaphone(b):
            return max(jw, 0.9)
    return jw


def _is_nickname(a: str, b: str) -> bool:
    """Whether one given name is a familiar form of the other ("bill" / "william"), from nicknames.tsv."""
    return b in knowledge().nicknames.get(a, ())


def _is_initial(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def name_score(a: str, b: str) -> float:
    """How likely two person names denote one person from spelling alone (surnames must agree)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb or (len(ta) > 1 and len(tb) > 1 and "".join(ta) == "".join(tb)):
        return 1.0  # "Xi Jin-ping" / "Xi Jinping"
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and long_[:len(short)] == short:
        return 0.9  # "Salva Kiir" / "Salva Kiir Mayardit": a trailing name dropped
    surname = token_score(ta[-1], tb[-1])
    if surname < 0.8:
        # "Coulibaly-Traoré" vs "Traoré", "Recep Tayyip Erdogan" vs "Erdogan Recep"? only exact last tokens
        return 0.0
    if len(short) == 1:
        return surname * 0.95  # a bare surname: same spelling, but who it is needs support
    # align the shorter name's tokens in order inside the longer one
    scores = [surname]
    j = 0
    for tok in short[:-1]:
        best, where = 0.0, -1
        for k in range(j, len(long_) - 1):
            s = 0.9 if _is_initial(tok, long_[k]) or _is_nickname(tok, long_[k]) else token_score(tok, long_[k])
            if s > best:
                best, where = s, k
        if best < 0.75:
            return min(best, surname) * 0.5
        scores.append(best)
        j = where + 1
    return min(scores)


def same_name(a: str, b: str, *, threshold: float = SAME) -> bool:
    """The same-person decision on two full names (bare surnames never decide alone)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return bool(ta) and ta == tb
    return name_score(a, b) >= threshold


def surname_keys(name: str) -> tuple[str, ...]:
    """Blocking keys of a person name: skeleton and Metaphone of its last token."""
    toks = name_tokens(name)
    if not toks:
        return ()
    last = toks[-1]
    return (f"s:{skeleton(last)}", f"m:{jellyfish.metaphone(last)}")


def acronym(name: str) -> str:
    """Initials of the content words of a name ("Union of Cotton Producers of Mali" → "UCPM")."""
    skip = ("of", "the", "for", "and", "de", "du", "des", "la", "le")
    words = [w for w in re.split(r"[\s\-]+", anyascii(name)) if w and w.lower() not in skip]
    return "".join(w[0].upper() for w in words if w[0].isalpha())
