"""Show an article as cleaning left it, while every offset still points into the ingested text.

Offsets in ``analysis.json`` are into ``documents[].text``, the ingested text with its scraping
debris (``,quot;``, embed ids, media labels, mojibake). The report and the web app show that text,
so they use the document's recorded cleaning actions: a stretch cleaning *removed* becomes a
``<del class="debris">`` (hidden unless the reader asks to see it), a stretch it *replaced*
(an HTML entity, mojibake) shows its cleaned form, and evidence highlighting keeps working by offsets.
Typographic normalisations (curly quotes, no-break spaces) and flags (mixed scripts) are shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from rashomon.model import CleaningAction

__all__ = ["SHOWN_AS_WRITTEN", "ViewerEdit", "clean_slice", "edits_within", "reason", "render_text", "viewer_edits"]

SHOWN_AS_WRITTEN = frozenset({"normalise_quote", "normalise_space", "suspect_mixed_script"})
_SQUEEZE = "squeeze_blank_lines"

ViewerEdit = tuple[int, int, str, str]  # start, end (ingested offsets), shown text ("" = removed), action


def _fields(action: CleaningAction | Mapping[str, Any]) -> tuple[str, int, int, str]:
    if isinstance(action, CleaningAction):
        return action.action, action.start, action.end, action.after
    return str(action["action"]), int(action["start"]), int(action["end"]), str(action.get("after") or "")


def viewer_edits(actions: Iterable[CleaningAction | Mapping[str, Any]] | None, length: int | None = None) -> list[ViewerEdit]:
    """Non-overlapping ``(start, end, shown, action)`` stretches to render differently, in text order.

    Blank-line squeezes overlap the debris lines they follow; they are clipped to the gaps between
    the other edits, the first piece showing the squeezed blank line and the rest hidden.
    """
    main: list[ViewerEdit] = []
    squeezes: list[ViewerEdit] = []
    for act in actions or ():
        name, start, end, after = _fields(act)
        if name in SHOWN_AS_WRITTEN or start >= end or (length is not None and end > length):
            continue
        (squeezes if name == _SQUEEZE else main).append((start, end, after, name))
    kept: list[ViewerEdit] = []
    pos = -1
    for edit in sorted(main):
        if edit[0] >= pos:
            kept.append(edit)
            pos = edit[1]
    for start, end, after, name in squeezes:
        pieces, at = [], start
        for s, e, _, _ in kept:
            if e <= at or s >= end:
                continue
            if s > at:
                pieces.append((at, s))
            at = max(at, e)
        if at < end:
            pieces.append((at, end))
        for n, (s, e) in enumerate(pieces):
            kept.append((s, e, after if n == 0 else "", name))
    return sorted(kept)


def edits_within(edits: Sequence[ViewerEdit], start: int, end: int) -> list[ViewerEdit]:
    """The edits inside ``text[start:end]``, with offsets relative to ``start`` (for a context snippet).

    A removal cut by the snippet's edge is cut too; a replacement cut by it is left out (shown as written).
    """
    out = []
    for s, e, after, name in edits:
        if e <= start or s >= end:
            continue
        if start <= s and e <= end:
            out.append((s - start, e - start, after, name))
        elif not after:
            out.append((max(s, start) - start, min(e, end) - start, after, name))
    return out


def reason(action: str) -> str:
    """A reader's wording of a cleaning rule name (``remove_embed_ids`` → ``embed ids``)."""
    for prefix in ("remove_", "fix_", "normalise_"):
        if action.startswith(prefix):
            action = action[len(prefix):]
            break
    return action.replace("_", " ")


def clean_slice(text: str, start: int, end: int, edits: Sequence[ViewerEdit]) -> str:
    """``text[start:end]`` as cleaning left it (removed stretches dropped, replaced ones in cleaned form)."""
    out, at = [], start
    for s, e, after, _ in edits:
        if e <= start or s >= end:
            continue
        out.append(text[at:max(at, s)])
        if s >= start:  # a replacement is shown once, where it begins
            out.append(after)
        at = max(at, min(e, end))
    out.append(text[at:end])
    return "".join(out)


def _snap(x: int, edits: Sequence[ViewerEdit], *, is_end: bool) -> int:
    """Move an offset that falls strictly inside an edit to that edit's edge (its end for span ends)."""
    for s, e, _, _ in edits:
        if s < x < e:
            return e if is_end else s
    return x


def render_text(text: str, spans: Iterable[tuple[int, int, str]], edits: Sequence[ViewerEdit] = ()) -> Markup:
    """``text`` escaped, cleaned for reading, with each ``(start, end, css_class)`` stretch in a ``<mark>``.

    Spans are cut at every boundary; a stretch covered by several gets all their classes; the first
    piece of a ``sel`` span gets ``id="sel"``. Removed stretches become ``<del class="debris">`` with a
    title naming the rule; replaced ones show the cleaned form with the original in their title.
    """
    n = len(text)
    edits = [x for x in edits if 0 <= x[0] < x[1] <= n]
    clean = []
    for s, e, c in spans:
        s, e = _snap(max(0, s), edits, is_end=False), _snap(min(n, e), edits, is_end=True)
        if s < e:
            clean.append((s, e, c))
    by_start = {s: (e, after, name) for s, e, after, name in edits}
    cuts = sorted({0, n, *(s for s, _, _ in clean), *(e for _, e, _ in clean),
                   *(s for s, _, _, _ in edits), *(e for _, e, _, _ in edits)})
    out: list[str] = []
    sel_done = False
    for a, b in zip(cuts, cuts[1:], strict=False):
        edit = by_start.get(a)
        if edit is not None and edit[0] == b:
            _, after, name = edit
            why, raw = escape(reason(name)), escape(text[a:b])
            if after and not (after.isspace() and text[a:b].isspace()):
                piece = f'<span class="cleaned" title="cleaned ({why}), was: {raw}">{escape(after)}</span>'
            elif not after:
                piece = f'<del class="debris" title="removed by cleaning: {why}">{raw}</del>'
            else:  # whitespace for whitespace (a squeezed blank line)
                piece = str(escape(after))
        else:
            piece = str(escape(text[a:b]))
        classes = sorted({c for s, e, c in clean if s <= a and b <= e})
        if not classes:
            out.append(piece)
            continue
        ident = ""
        if "sel" in classes and not sel_done:
            ident = ' id="sel"'
            sel_done = True
        out.append(f'<mark class="{" ".join(classes)}"{ident}>{piece}</mark>')
    return Markup("".join(out))
