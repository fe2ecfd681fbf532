"""Quotation marks → quoted stretches of text, robust to what scraping and machine translation leave behind.

Pairs quote marks inside each paragraph by their position (an opening mark follows a space or line
start, a closing one precedes a space, punctuation or line end; ambiguous marks alternate), closes an
unclosed quote at the end of its paragraph, and joins quotes that run over several paragraphs (the
convention: each paragraph of the quote opens with a mark, only the last one closes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“„‟«"
CLOSING = "”»"
QUOTE_MARKS = '"' + OPENING + CLOSING
_MARK = re.compile(f"''|``|[{QUOTE_MARKS}]")  # '' and `` are the typewriter pairs of some archives
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quoted:
    """A quoted stretch: ``start``/``end`` include the marks; ``inner_*`` is the text between them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True


def _kind(text: str, i: int, j: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the mark ``text[i:j]`` inside the paragraph ``[lo, hi)``."""
    ch = text[i]
    if ch in OPENING or ch == "`":
        return "open"
    if ch in CLOSING:
        return "close"
    before = text[i - 1] if i > lo else " "
    after = text[j] if j < hi else " "
    space_before = before.isspace() or before in "([{—–-/"
    space_after = after.isspace() or after in ".,;:!?)]}—–-/" or after in QUOTE_MARKS
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _paragraph_quotes(text: str, lo: int, hi: int) -> list[Quoted]:
    quotes: list[Quoted] = []
    opened: int | None = None
    opened_end = 0
    for m in _MARK.finditer(text, lo, hi):
        i, j = m.start(), m.end()
        kind = _kind(text, i, j, lo, hi)
        if opened is None:
            if kind == "close" and (i == lo or not text[i - 1].isspace()):
                continue  # a stray closing mark
            opened, opened_end = i, j
        elif kind == "open" and text[i] in OPENING and not text[opened_end:i].strip():
            opened, opened_end = i, j  # doubled opening mark
        else:
            quotes.append(Quoted(opened, j, opened_end, i))
            opened = None
    if opened is not None:
        end = hi
        while end > opened_end and text[end - 1].isspace():
            end -= 1
        quotes.append(Quoted(opened, end, opened_end, end, closed=False))
    return quotes


def _trim(text: str, q: Quoted) -> Quoted:
    start, end = q.inner_start, q.inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quoted(q.start, q.end, start, end, q.closed)


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of ``text``, multi-paragraph quotes joined into one."""
    out: list[Quoted] = []
    pending: Quoted | None = None  # an unclosed quote that may continue in the next paragraph
    for para in _PARAGRAPH.finditer(text):
        lo, hi = para.start(), para.end()
        while lo < hi and text[lo].isspace():
            lo += 1
        if lo >= hi:
            continue
        quotes = _paragraph_quotes(text, lo, hi)
        if pending is not None:
            if quotes and quotes[0].start == lo:
                first = quotes.pop(0)
                pending = Quoted(pending.start, first.end, pending.inner_start, first.inner_end, first.closed)
                if pending.closed:
                    out.append(_trim(text, pending))
                    pending = None
                else:
                    continue
            else:
                out.append(_trim(text, pending))
                pending = None
        if quotes and not quotes[-1].closed and quotes[-1].start == lo:
            pending = quotes.pop()
        elif quotes and not quotes[-1].closed:
            # opened mid-paragraph and never closed: may still continue in the next paragraph
            pending = quotes.pop()
        out.extend(_trim(text, q) for q in quotes)
    if pending is not None:
        out.append(_trim(text, pending))
    return sorted(out, key=lambda q: q.start)
