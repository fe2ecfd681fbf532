"""Clean scraped and machine-translated debris while keeping offsets aligned to the ingested text.

``clean_text(raw)`` returns a :class:`Cleaned`: the cleaned text, an :class:`OffsetMap` from
cleaned to ingested offsets, every action taken (``CleaningAction``), and the section headings
found (as cleaned-text offsets) so the sentence splitter can keep them out of sentences.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from rashomon.clean.rules import find_edits, find_headings, find_suspects
from rashomon.model import CleaningAction

__all__ = ["Cleaned", "Edit", "OffsetMap", "clean_text", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """Replace ``raw[start:end]`` with ``after``; ``action`` names the rule."""

    start: int
    end: int
    after: str
    action: str


class OffsetMap:
    """Maps offsets in a cleaned text back to the ingested text it was made from."""

    def __init__(self, starts: array[int], ends: array[int]) -> None:
        self._starts = starts
        self._ends = ends

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """Map for a text that cleaning did not change."""
        return cls(array("q", range(length + 1)), array("q", range(1, length + 2)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the ingested-text ``(start, end)`` covering cleaned ``[start:end]``."""
        n = len(self._starts) - 1
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        ostart = self._starts[start]
        oend = self._ends[end - 1] if end > start else ostart
        return int(ostart), int(max(oend, ostart))


@dataclass(frozen=True)
class Cleaned:
    """Result of cleaning one text."""

    text: str
    offsets: OffsetMap
    actions: tuple[CleaningAction, ...] = ()
    headings: tuple[tuple[int, int], ...] = field(default=())


def apply_edits(raw: str, edits: list[Edit]) -> tuple[str, OffsetMap, list[CleaningAction]]:
    """Apply non-overlapping ``edits`` (overlaps are dropped, first wins) and build the offset map."""
    parts: list[str] = []
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    actions: list[CleaningAction] = []
    pos = 0
    for edit in sorted((_trim(raw, e) for e in edits), key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            continue
        if edit.start > pos:
            parts.append(raw[pos:edit.start])
            starts.extend(range(pos, edit.start))
            ends.extend(range(pos + 1, edit.start + 1))
        parts.append(edit.after)
        starts.extend([edit.start] * len(edit.after))
        ends.extend([edit.end] * len(edit.after))
        actions.append(CleaningAction(edit.action, edit.start, edit.end, raw[edit.start:edit.end], edit.after))
        pos = edit.end
    parts.append(raw[pos:])
    starts.extend(range(pos, len(raw)))
    ends.extend(range(pos + 1, len(raw) + 1))
    starts.append(len(raw))
    ends.append(len(raw))
    return "".join(parts), OffsetMap(starts, ends), actions


def _trim(raw: str, edit: Edit) -> Edit:
    """Shrink an edit to the part that really changes, so unchanged characters keep exact offsets."""
    before, after = raw[edit.start:edit.end], edit.after
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    if head == 0 and tail == 0:
        return edit
    return Edit(edit.start + head, edit.end - tail, after[head:len(after) - tail], edit.action)


_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def clean_text(raw: str) -> Cleaned:
    """Clean ``raw`` and record every action; offsets stay mappable to ``raw``."""
    edits = find_edits(raw)
    text, offsets, actions = apply_edits(raw, edits)
    # squeeze the blank lines left where debris lines were removed (a second, offset-composed pass)
    squeeze = [Edit(m.start(), m.end(), "\n\n", "squeeze_blank_lines") for m in _BLANK_RUNS.finditer(text)]
    if squeeze:
        text2, offsets2, squeezed = apply_edits(text, squeeze)
        for a in squeezed:  # recorded like every other change, at ingested-text offsets
            ostart, oend = offsets.to_original(a.start, a.end)
            actions.append(CleaningAction(a.action, ostart, oend, raw[ostart:oend], a.after))
        offsets = _compose(offsets, offsets2, len(text2))
        text = text2
    suspects = []
    for s, e in find_suspects(text):
        ostart, oend = offsets.to_original(s, e)
        suspects.append(CleaningAction("suspect_mixed_script", ostart, oend, raw[ostart:oend], text[s:e]))
    return Cleaned(
        text=text,
        offsets=offsets,
        actions=tuple(sorted(actions + suspects, key=lambda a: (a.start, a.end))),
        headings=tuple(find_headings(text)),
    )


def _compose(first: OffsetMap, second: OffsetMap, length: int) -> OffsetMap:
    """Offset map of two cleaning passes applied one after the other."""
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    for i in range(length):
        s, e = second.to_original(i, i + 1)
        starts.append(first.to_original(s, s + 1)[0] if e > s else first.to_original(s, s)[0])
        ends.append(first.to_original(max(e - 1, 0), e)[1] if e > s else first.to_original(s, s)[1])
    end = first.to_original(*second.to_original(length, length))[0]
    starts.append(end)
    ends.append(end)
    return OffsetMap(starts, ends)
