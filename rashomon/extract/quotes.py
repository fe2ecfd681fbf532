"""``rashomon_quotes``: direct quotes and reported speech, each with its cue and its speaker resolved to an entity.

Three passes over the parsed Doc, driven by the lexicon in ``rashomon/data/en/quotes/``:

1. **Direct quotes** (:mod:`rashomon.extract.quote_marks` pairs the marks): a quoted stretch that
   stands on its own (not a scare-quoted word inside a clause) is attributed through the cue verb
   next to it in its sentence ("…," he said / said X: "…" / "…," X said, "…"), a colon introduction
   in the sentence before, or, for a quote that follows another one with nothing in between, the same
   speaker and cue.
2. **Reported speech**: a cue verb with its complement ("X said (that) …", "warned that …",
   "vowed to …", "denied the report"), a colon ("X said: …"), or a prepositional cue
   ("according to X, …").
3. **Speakers** are resolved in text order (:mod:`rashomon.extract.quote_speakers`), so pronouns
   and descriptions find the actor in focus at that point.

All offsets are into the cleaned text ``doc.text``.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from rashomon.extract.quote_lexicon import Cue, Lexicon, lexicon
from rashomon.extract.quote_marks import QUOTE_MARKS, Quoted, find_quoted
from rashomon.extract.quote_speakers import SpeakerResolver
from rashomon.model import Quote, Speaker, TextSpan

log = logging.getLogger("rashomon")

MIN_DIRECT_WORDS = 3
TRIM = " \t\n\xa0,;:.—–-"
CONTENT_TRIM = " \t\n\xa0,;:—–-"
SUBJECT_DEPS = ("nsubj",)
CLIMB_DEPS = ("conj", "advcl", "xcomp", "pcomp")
_DASH_SIGNATURE = re.compile(r'[ \t]*([―—–])[ \t]*([^\W\d][^\n"“”―—–.,;:!?]{1,60})')
CUE_PREFIX = {"also", "later", "now", "previously", "repeatedly", "again"}


@dataclass
class _Cand:
    """A quote before its speaker is resolved."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: Token | None
    direct: bool
    inherit: int | None = None  # index of an earlier candidate whose speaker this one shares
    nested: bool = False  # reported inside someone else's reported words: its speaker is not put in focus
    frame_end: int = 0  # where the sentence(s) holding a direct quote and its attribution end


def _span(text: str, start: int, end: int, strip: str = TRIM) -> tuple[int, int]:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _cue_of(tok: Token, lex: Lexicon) -> Cue | None:
    if tok.pos_ not in ("VERB", "AUX") or tok.tag_ == "MD":
        return None
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
    if not particle:
        particle = next((c.lower_ for c in tok.children if c.dep_ == "prep"), "")
    return lex.cue(tok.lemma_, particle)


def _cue_span(tok: Token, cue: Cue | None = None) -> tuple[int, int]:
    """The cue words: the verb with the auxiliaries and "also" right before it and its particle right after."""
    doc = tok.doc
    end = tok.idx + len(tok)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == tok.i and (nxt.dep_ == "prt" or (cue and cue.particle and nxt.lower_ == cue.particle)):
        end = nxt.idx + len(nxt)
    start = tok.i
    while start > 0 and doc[start - 1].head.i == tok.i and (
            doc[start - 1].lower_ in CUE_PREFIX or (doc[start - 1].dep_ in ("aux", "neg") and doc[start - 1].tag_ != "MD")):
        start -= 1
    return doc[start].idx, end


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The grammatical subject of a cue verb, climbing from participles and coordinated verbs."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:  # the parser may give two (one inside the quote): take the nearest
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    if depth < 3:
        if verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.i != head.i:
                head = head.head  # "X said that …, noting that …": the participle is X's
            return _subject(head, depth + 1)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            noun = verb.head  # "released a statement saying …": the one who released it
            if noun.dep_ in ("dobj", "pobj") and noun.head.pos_ in ("VERB", "ADP"):
                outer = noun.head if noun.dep_ == "dobj" else noun.head.head
                return _subject(outer, depth + 1) if outer.pos_ == "VERB" else None
            return noun if noun.lemma_.lower() in lexicon().nominals else None
    return None


class _Finder:
    """Finds the quotes of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access
        self.lex = lexicon()
        self.quoted = find_quoted(self.text)
        self.in_quote = [-1] * len(doc)
        starts = [t.idx for t in doc]
        for qi, q in enumerate(self.quoted):
            lo = bisect.bisect_left(starts, q.start)
            hi = bisect.bisect_left(starts, q.end)
            for i in range(lo, hi):
                self.in_quote[i] = qi
        self.cands: list[_Cand] = []
        self.cue_tokens: set[int] = set()
        self.spoken: set[int] = set()  # indices of the quoted stretches taken as direct quotes

    # --- direct quotes ------------------------------------------------------------------------

    def _standalone(self, q: Quoted) -> bool:
        text = self.text
        i = q.start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0 or not text[i].isalnum():
            return True
        tok = self.doc.char_span(i, i + 1, alignment_mode="expand")
        return tok is not None and _cue_of(tok[0], self.lex) is not None

    def _frame(self, q: Quoted) -> Span | None:
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        first, last = span[0].sent, span[-1].sent
        start, end = first.start, last.end
        text = self.text
        if end < len(self.doc) and last.end_char <= q.end + 1:
            nxt = self.doc[end].sent
            if "\n" not in text[q.end:nxt.start_char]:
                end = nxt.end
        if start > 0 and first.start_char >= q.start - 1:
            prev = self.doc[start - 1].sent
            tail = prev.text.rstrip()
            if tail.endswith(":") or (tail.endswith(",") and "\n" not in text[prev.end_char:q.start]):
                start = prev.start
        return self.doc[start:end]

    def _direct_cue(self, q: Quoted, frame: Span) -> tuple[Token | None, Token | None]:
        """(cue token, speaker head) for a quote from the words around it in its frame."""
        best: tuple[int, Token] | None = None
        for t in frame:
            if self.in_quote[t.i] >= 0:
                continue
            cue = _cue_of(t, self.lex)
            if cue is None or not ({"quote", "clause"} & cue.frames):
                continue
            dist = q.start - (t.idx + len(t)) if t.idx < q.start else t.idx - q.end
            if best is None or dist < best[0]:
                best = (dist, t)
        if best is not None:
            return best[1], _subject(best[1])
        for t in frame:
            if self.in_quote[t.i] < 0 and self._prep_cue(t) is not None:
                obj = self._prep_cue(t)
                return t, obj
        return None, None

    def _prep_cue(self, t: Token) -> Token | None:
        """The object of a prepositional cue starting at ``t`` ("according to X"), if one does."""
        for phrase in self.lex.prepositions:
            n = len(phrase)
            if t.i + n > len(self.doc) or t.lower_ != phrase[0]:
                continue
            words = self.doc[t.i:t.i + n]
            if tuple(w.lower_ for w in words) != phrase:
                continue
            last = words[-1]
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            needs = self.lex.preposition_objects.get(phrase)
            if needs:  # "in a new poll, …": only report-like objects, and not beside a cue verb of its own
                if obj is None or obj.lemma_.lower() not in needs or _cue_of(t.head, self.lex) is not None:
                    continue
                return obj
            if obj is None and t.i + n < len(self.doc):
                after = self.doc[t.i + n]
                obj = after if after.pos_ in ("PROPN", "NOUN", "PRON") else None
                if obj is not None:
                    while obj.head.i != obj.i and obj.head.i < obj.i + 6 and obj.dep_ in ("compound", "amod", "det"):
                        obj = obj.head
            return obj
        return None

    def find_direct(self) -> None:
        """Attribute every stand-alone quoted stretch."""
        text = self.text
        for qi, q in enumerate(self.quoted):
            if q.inner_end <= q.inner_start or not self._standalone(q):
                continue
            if len(text[q.inner_start:q.inner_end].split()) < MIN_DIRECT_WORDS:
                continue
            content = _span(self.text, q.start, q.end, CONTENT_TRIM)
            self.spoken.add(qi)
            dash = self._dash_speaker(q)
            if dash is not None:
                self.cands.append(_Cand(content, (dash[0].idx, dash[0].idx + 1), dash[1], True, frame_end=dash[2]))
                continue
            frame = self._frame(q)
            if frame is None:
                continue
            cue_tok, speaker = self._direct_cue(q, frame)
            if cue_tok is not None:
                if self._prep_cue(cue_tok) is not None:
                    cue = (cue_tok.idx, self.doc[cue_tok.i + 1].idx + len(self.doc[cue_tok.i + 1]))
                else:
                    cue = _cue_span(cue_tok, _cue_of(cue_tok, self.lex))
                    self.cue_tokens.add(cue_tok.i)
                self.cands.append(_Cand(content, cue, speaker, True, frame_end=frame.end_char))
                continue
            prev = self._previous_direct(q)
            if prev is not None:
                p = self.cands[prev]
                self.cands.append(_Cand(content, p.cue, p.speaker, True, inherit=prev, frame_end=frame.end_char))

    def _dash_speaker(self, q: Quoted) -> tuple[Token, Token, int] | None:
        """A quote signed with a dash and a name ("…" ― Sonya Herridge): (dash, speaker head, end of the name)."""
        m = _DASH_SIGNATURE.match(self.text, q.end)
        if m is None:
            return None
        dash = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        name = self.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if dash is None or name is None or not len(name) or not name[0].text[:1].isupper():
            return None
        return dash[0], name.root, name.end_char

    def _previous_direct(self, q: Quoted) -> int | None:
        """The direct quote this one continues: the last one before it with only attribution words between."""
        if not self.cands or not self.cands[-1].direct:
            return None
        i = len(self.cands) - 1
        p = self.cands[i]
        gap = self.text[max(p.content[1], p.frame_end):q.start]
        if len(gap.split()) <= 1 and gap.count("\n") <= 2:
            return i
        return None

    # --- reported speech ----------------------------------------------------------------------

    def _content(self, t: Token, cue: Cue) -> tuple[int, int] | None:
        """The span a cue verb reports: complement clause, colon, object (+ predicate), infinitive or prepositional object."""
        doc = self.doc
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and nxt.text == ":" and ("clause" in cue.frames or "quote" in cue.frames):
            rest = _span(self.text, nxt.idx + 1, nxt.sent.end_char)
            if rest[1] > rest[0] and "\n" not in self.text[nxt.idx:rest[0]]:
                return rest if self.in_quote[nxt.i + 1] < 0 else None
            # "Limbaugh added:" closing its paragraph: the next paragraph is what was said
            m = re.compile(r"\n\s*([^\n]+)").match(self.text, nxt.idx + 1)
            if m and self.text[m.start(1)] not in QUOTE_MARKS:
                return _span(self.text, m.start(1), m.end(1))
            return None
        parts: list[Token] = []
        for c in t.children:
            if c.dep_ == "ccomp" and "clause" in cue.frames:
                parts.append(c)
            elif c.dep_ == "xcomp" and "infinitive" in cue.frames and any(k.lower_ == "to" for k in c.children):
                parts.append(c)
            elif c.dep_ in ("dobj", "oprd") and "object" in cue.frames and (c.pos_ != "PRON" or c.dep_ == "oprd"):
                parts.append(c)
            elif "predicate" in cue.frames and (c.dep_ in ("dobj", "oprd") or (
                    c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("ADJ", "NOUN", "PROPN"))):
                parts.append(c)
            elif "predicate" in cue.frames and c.dep_ == "prep" and c.lower_ == "as" and c.i > t.i:
                parts.append(c)  # "described the plan as a disaster"
            elif c.dep_ == "prep" and "prep" in cue.frames and c.lower_ == cue.particle:
                parts.extend(k for k in c.children if k.dep_ in ("pobj", "pcomp"))
        if "predicate" in cue.frames and "object" not in cue.frames and not any(p.dep_ != "dobj" for p in parts):
            parts = [p for p in parts if p.dep_ != "dobj"]  # "called the meeting" reports nothing
        if not parts and "clause" in cue.frames:
            parts = self._that_clause(t)
        if not parts:
            return None
        after = [p for p in parts if p.i > t.i]
        parts = after or parts
        lo = min(p.left_edge.idx for p in parts)
        last = max(parts, key=lambda x: x.right_edge.i)
        right = last.right_edge
        tail = [c for c in last.children if c.dep_ in ("appos", "npadvmod") and c.i > last.i
                and c.right_edge.i == right.i and c.left_edge.i > 0 and self.doc[c.left_edge.i - 1].text == ","]
        if tail:  # "…, a swipe at his rival": the writer's comment, not the content
            right = self.doc[tail[0].left_edge.i - 2]
        return self._close_quote(_span(self.text, lo, right.idx + len(right), CONTENT_TRIM))

    def _close_quote(self, span: tuple[int, int]) -> tuple[int, int]:
        """Extend a content that opens a quotation mark without closing it to the closing mark just after it."""
        start, end = span
        if sum(self.text.count(m, start, end) for m in QUOTE_MARKS) % 2 == 0:
            return span
        m = re.compile(r"[.,!?]?[\"”»]").match(self.text, end)
        return (start, m.end()) if m else span

    def _that_clause(self, t: Token) -> list[Token]:
        """A "that" clause the parser hung below the cue verb's own phrase ("said on Friday in a call that …")."""
        sent = t.sent
        for k in self.doc[t.i + 1:min(sent.end, t.i + 12)]:
            if k.lower_ == "that" and k.dep_ == "mark" and k.head.i > t.i and t in k.head.ancestors:
                return [k.head]
            if _cue_of(k, self.lex) is not None or k.text in ";:":
                break
        return []

    def find_reported(self) -> None:
        """Cue verbs with their complements, and prepositional cues, outside quoted speech."""
        direct = [c.content for c in self.cands]
        for t in self.doc:
            if t.i in self.cue_tokens or self.in_quote[t.i] >= 0:
                continue
            obj = self._prep_cue(t)
            if obj is not None:
                self._according(t, obj, direct)
                continue
            if t.pos_ == "NOUN" and t.lemma_.lower() in self.lex.nouns:
                self._noun_cue(t, direct)
                continue
            cue = _cue_of(t, self.lex)
            if cue is None:
                continue
            speaker = _subject(t)
            if speaker is None:
                continue
            content = self._content(t, cue)
            if content is not None and self._purpose(t, content):
                continue
            pieces = [content] if content is not None else self._parenthetical(t, cue, speaker)
            nested = any(_cue_of(a, self.lex) is not None for a in t.ancestors)
            for piece in pieces:
                if piece is None or piece[1] - piece[0] < 2 or self._pronoun_only(piece):
                    continue
                if any(d[0] <= piece[0] and piece[1] <= d[1] for d in direct):
                    continue
                self.cands.append(_Cand(piece, _cue_span(t, cue), speaker, False, nested=nested))

    def _noun_cue(self, t: Token, direct: list[tuple[int, int]]) -> None:
        """A stance or speech noun with its owner and object: "Trump's support for the ban", "his call for calm"."""
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        preps = self.lex.nouns[t.lemma_.lower()]
        prep = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in preps and c.i == t.i + 1), None)
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if owner is None or prep is None or obj is None:
            return
        content = self._close_quote(_span(self.text, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge), CONTENT_TRIM))
        if content[1] - content[0] < 2 or any(d[0] <= content[0] and content[1] <= d[1] for d in direct):
            return
        self.cands.append(_Cand(content, (t.idx, prep.idx + len(prep)), owner, False, nested=True))

    def _purpose(self, t: Token, content: tuple[int, int]) -> bool:
        """An infinitive of purpose or plan ("met to discuss the situation"): an action, not something said."""
        to = any(c.lower_ == "to" and c.dep_ == "aux" for c in t.children)
        clause = any(c.dep_ == "ccomp" for c in t.children) or self.text[content[0]:content[0] + 1] in QUOTE_MARKS
        return to and t.dep_ in ("xcomp", "advcl", "acl", "relcl") and not clause

    def _pronoun_only(self, piece: tuple[int, int]) -> bool:
        span = self.doc.char_span(piece[0], piece[1], alignment_mode="expand")
        return span is not None and len(span) == 1 and span[0].tag_ in ("PRP", "WDT", "WP", "DT")

    def _parenthetical(self, t: Token, cue: Cue, speaker: Token) -> list[tuple[int, int]]:
        """Content around an inserted attribution: "The talks, he said, will resume." / "…, said X." """
        if "clause" not in cue.frames or t.dep_ not in ("parataxis", "ccomp", "advcl", "ROOT"):
            return []
        if t.dep_ != "ROOT" and _cue_of(t.head, self.lex) is not None:
            return []
        chunk = [k for k in (t.subtree if t.dep_ != "ROOT" else [t, *speaker.subtree]) if not k.is_punct]
        lo = min(k.i for k in chunk)
        hi = max(k.i for k in chunk)
        if hi - lo > 25:
            return []
        sent = t.sent
        before_tok = self.doc[lo - 1] if lo > sent.start else None
        after_tok = self.doc[hi + 1] if hi + 1 < sent.end else None
        if before_tok is None or before_tok.text not in (",", "--", "—", "–"):
            return []  # the attribution must be set off from the content
        pieces = [_span(self.text, sent.start_char, before_tok.idx, CONTENT_TRIM)]
        if after_tok is not None and after_tok.text in (",", "--", "—", "–") and hi + 2 < sent.end:
            pieces.append(_span(self.text, self.doc[hi + 2].idx, sent.end_char))
        elif after_tok is not None and not after_tok.is_punct:
            return []
        return [p for p in pieces if len(self.text[p[0]:p[1]].split()) >= 2]

    def _according(self, t: Token, obj: Token, direct: list[tuple[int, int]]) -> None:
        n = next(len(p) for p in self.lex.prepositions if tuple(w.lower_ for w in self.doc[t.i:t.i + len(p)]) == p)
        cue = (t.idx, self.doc[t.i + n - 1].idx + len(self.doc[t.i + n - 1]))
        sent = t.sent
        phrase_end = max(obj.right_edge.i, t.i + n - 1) + 1
        before = _span(self.text, sent.start_char, t.idx)
        after = _span(self.text, self.doc[phrase_end].idx if phrase_end < sent.end else sent.end_char, sent.end_char)
        content = before if before[1] - before[0] > after[1] - after[0] else after
        if content[1] - content[0] < 2:
            return
        if any(d[0] <= content[0] < d[1] for d in direct):
            return
        self.cands.append(_Cand(content, cue, obj, False))

    # --- speakers -----------------------------------------------------------------------------

    def quotes(self) -> list[Quote]:
        """Resolve speakers in text order and build the ``Quote`` records."""
        doc = self.doc
        resolver = SpeakerResolver(doc, list(doc._.entities or ()))
        order = sorted(range(len(self.cands)), key=lambda i: self.cands[i].content[0])
        speakers: dict[int, Speaker | None] = {}
        for i in sorted(range(len(self.cands)), key=lambda i: self._speaker_pos(i)):
            c = self.cands[i]
            if c.inherit is not None and c.inherit in speakers:
                speakers[i] = speakers[c.inherit]
                continue
            speakers[i] = self._speaker(c.speaker, resolver, focus=not c.nested)
        out = []
        doc_id = doc._.doc_id or "doc"
        text = self.text
        for n, i in enumerate(order, 1):
            c = self.cands[i]
            content = TextSpan(text[c.content[0]:c.content[1]], *c.content)
            cue = TextSpan(text[c.cue[0]:c.cue[1]], *c.cue) if c.cue else None
            out.append(Quote(f"{doc_id}:q{n}", content, speakers.get(i), cue, c.direct))
        return out

    def _speaker_pos(self, i: int) -> int:
        c = self.cands[i]
        if c.speaker is not None:
            return c.speaker.idx
        return c.content[0]

    def _speaker(self, head: Token | None, resolver: SpeakerResolver, *, focus: bool = True) -> Speaker | None:
        if head is None:
            return None
        tokens = [t for t in head.subtree if self.in_quote[t.i] not in self.spoken] or [head]
        ids = {t.i for t in tokens}  # the contiguous stretch of them around the head
        lo, hi = head.i, head.i
        while lo - 1 in ids:
            lo -= 1
        while hi + 1 in ids:
            hi += 1
        start, end = _span(self.text, self.doc[lo].idx, self.doc[hi].idx + len(self.doc[hi]))
        if end <= start:
            start, end = head.idx, head.idx + len(head)
        mention = resolver.resolve(head, start, end)
        if mention is not None and focus:
            resolver.note(head.idx, mention)
        return Speaker(self.text[start:end], start, end, mention.entity if mention else None)


def find_quotes(doc: Doc) -> list[Quote]:
    """Direct quotes and reported claims in ``doc``, with cues and resolved speakers."""
    if not doc.has_annotation("DEP"):
        log.debug("quotes: %s has no parse; none found", doc._.doc_id)
        return []
    finder = _Finder(doc)
    finder.find_direct()
    finder.find_reported()
    return finder.quotes()


@Language.factory("rashomon_quotes", assigns=["doc._.quotes"], requires=["doc._.entities"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    """Build the quotes component."""
    return QuotesComponent()


class QuotesComponent:
    """Writes ``doc._.quotes``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc
