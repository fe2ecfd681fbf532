"""Name keys for the gazetteer: one folded form per place name, so "İdlib", "Idlib" and "IDLIB" meet."""

from __future__ import annotations

import functools
import re

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]\s*")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


@functools.lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Lower-case ASCII key of a place name: diacritics, punctuation and a leading "the" removed."""
    key = _NON_ALNUM.sub(" ", anyascii(name).lower()).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def clean_name(name: str) -> str:
    """A display name without bracketed notes ("Denbighshire [Sir Ddinbych]" → "Denbighshire")."""
    return _BRACKETS.sub(" ", name).strip()


def usable_alias(alias: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing: Latin script, capitalised, not a short code."""
    if len(alias) < 2 or not _LATIN.match(alias) or not alias[0].isupper():
        return False
    if alias.isupper() and len(alias) <= 4:  # airport and postal codes ("MZI", "TOM")
        return False
    return any(c.islower() for c in alias) or " " in alias
