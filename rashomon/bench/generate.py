"""A deterministic generator of news-like reports for benchmarks (no real article text involved).

Stories (one real-world event: type, actors, place, date, toll) are drawn first; each is then written
up by one to several outlets, each article with its own headline, lead, attributions, quotes,
background paragraphs and follow-up events, in three length classes (brief, standard, long) mixed
like a wire feed. Outlets sometimes disagree on the toll, as real ones do. Vocabulary and templates
live in ``rashomon/data/bench/newsgen.json``.

Because every slot filled into a template is recorded with its offsets, an article can also be
turned straight into an analysed :class:`rashomon.model.Document` (``Article.to_document``) with
entities, places, times and events — the input the linking benchmark needs without running NLP.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rashomon.data import load_json
from rashomon.model import (
    Argument,
    Document,
    EntityMention,
    Event,
    EventDate,
    Magnitude,
    Place,
    RawDocument,
    TextSpan,
    TimeExpr,
    local_entity_id,
)

VOCAB = "bench/newsgen.json"
START = date(2023, 1, 2)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# (name, share, sentences min, max): a wire feed is mostly standard reports with briefs and a few long pieces
LENGTHS = (("brief", 0.25, 6, 10), ("standard", 0.6, 20, 32), ("long", 0.15, 40, 60))
FOLLOW_UPS = ("ACCUSE", "REJECT", "MOBILIZE", "AID", "REQUEST", "CONSULT", "THREATEN", "PROTEST", "COERCE",
              "AGREE", "SANCTION", "RETREAT")
_SLOT = re.compile(r"\{(\w)\}|<([^>]+)>|\{(role)\}")


@dataclass(frozen=True)
class Actor:
    """An actor of a story: surface name, sector code and country."""

    name: str
    sector: str
    country: str | None
    kind: str = "ORG"


@dataclass(frozen=True)
class Story:
    """One generated real-world event that several articles report."""

    key: str
    type: str
    country: dict[str, Any]
    city: tuple[str, float, float]
    actor: Actor
    recipient: Actor
    day: date
    dead: int
    injured: int
    crowd: int
    officials: tuple[tuple[str, str], ...]
    follow_ups: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """A filled slot: what kind of thing sits at ``start:end`` of the article body, with its facts."""

    kind: str
    start: int
    end: int
    info: Any = None


@dataclass
class Article:
    """One generated report: metadata, body text and every slot filled into it (with offsets)."""

    title: str
    source: str
    published: str
    story: str
    length: str
    text: str = ""
    spans: list[Span] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in title and body."""
        return len(self.title.split()) + len(self.text.split())

    def to_file_text(self) -> str:
        """The article as a plain-text file rashomon ingests (header lines, headline, body)."""
        return f"Source: {self.source}\nPublished: {self.published}\n\n{self.title}\n\n{self.text}\n"

    def to_raw(self) -> RawDocument:
        """The article as an ingested document."""
        from rashomon.ingest import document_id

        return RawDocument(id=document_id(self.text), text=self.text, title=self.title, source=self.source,
                           published=self.published)

    def to_document(self) -> Document:
        """The article as an analysed document, built from the recorded slots (no NLP involved)."""
        raw = self.to_raw()
        local: dict[str, str] = {}

        def entity(name: str) -> str:
            return local.setdefault(name, local_entity_id(raw.id, len(local) + 1))

        entities, places, times = [], [], []
        for s in self.spans:
            text = self.text[s.start:s.end]
            if s.kind in ("actor", "recipient", "official"):
                actor: Actor = s.info
                bare = _bare(actor.name)
                off = text.find(bare)
                if actor.kind in ("ORG", "PERSON") and off >= 0:
                    entities.append(EntityMention(text=bare, start=s.start + off, end=s.start + off + len(bare),
                                                  type=actor.kind, entity=entity(bare), name=bare,
                                                  country=actor.country, sector=actor.sector))
            elif s.kind == "place":
                places.append(_place(text, s))
                entities.append(EntityMention(text=text, start=s.start, end=s.end, type="GPE", entity=entity(text)))
            elif s.kind == "date":
                times.append(TimeExpr(text=text, start=s.start, end=s.end, type="DATE", value=s.info))
        events = []
        for n, ev in enumerate(self.events, 1):
            def arg(sp: Span | None) -> tuple[Argument, ...]:
                if sp is None:
                    return ()
                a: Actor = sp.info
                return (Argument(text=self.text[sp.start:sp.end], start=sp.start, end=sp.end,
                                 entity=local.get(_bare(a.name)), country=a.country, sector=a.sector),)

            trig: Span = ev["trigger"]
            sent: Span = ev["sentence"]
            place: Span | None = ev.get("place")
            day: Span | None = ev.get("date")
            events.append(Event(
                id=f"{raw.id}-ev{n}", doc=raw.id, type=ev["type"],
                trigger=TextSpan(self.text[trig.start:trig.end], trig.start, trig.end),
                evidence=TextSpan(self.text[sent.start:sent.end], sent.start, sent.end),
                actors=arg(ev.get("actor")), recipients=arg(ev.get("recipient")),
                location=_place(self.text[place.start:place.end], place) if place else None,
                date=EventDate(value=day.info, precision="day", text=self.text[day.start:day.end]) if day else None,
                dead=_magnitude(self.text, ev.get("dead")), injured=_magnitude(self.text, ev.get("injured")),
                modality="reported" if ev.get("attributed") else "asserted",
            ))
        return Document(id=raw.id, text=self.text, title=self.title, source=self.source, published=self.published,
                        clean_text=self.text, entities=tuple(entities), places=tuple(places), times=tuple(times),
                        events=tuple(events))


def _bare(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _place(text: str, s: Span) -> Place:
    country, lat, lon = s.info
    return Place(text=text, start=s.start, end=s.end, name=text, country=country, lat=lat, lon=lon, feature="city")


def _magnitude(text: str, s: Span | None) -> Magnitude | None:
    if s is None:
        return None
    low, high = s.info
    return Magnitude(min=low, max=high, text=text[s.start:s.end])


class Generator:
    """Draws stories and writes articles about them; the same seed gives the same corpus."""

    def __init__(self, seed: int = 0, *, days: int = 730) -> None:
        self.rng = random.Random(seed)
        self.vocab: dict[str, Any] = load_json(VOCAB)
        self.days = days
        self._stories = 0

    # --- stories ----------------------------------------------------------------------------

    def _fill_name(self, pattern: str, country: dict[str, Any]) -> str:
        return pattern.format(adj=country["adj"], front=self.rng.choice(self.vocab["front_words"]))

    def _actor(self, country: dict[str, Any], state: bool) -> Actor:
        pool = self.vocab["state_actors"] if state else self.vocab["nonstate_actors"]
        pattern, sector = self.rng.choice(pool)
        return Actor(self._fill_name(pattern, country), sector, country["iso"])

    def _official(self, country: dict[str, Any]) -> tuple[str, str]:
        name = f"{self.rng.choice(self.vocab['first_names'])} {self.rng.choice(self.vocab['last_names'])}"
        role = self.rng.choice(self.vocab["roles"]).format(city=self.rng.choice(country["cities"])[0],
                                                          front=self.rng.choice(self.vocab["front_words"]))
        return name, role

    def story(self) -> Story:
        """Draw a new story."""
        rng = self.rng
        self._stories += 1
        country = rng.choice(self.vocab["countries"])
        kind = rng.choices(list(self.vocab["events"]), weights=[8 if k == "ASSAULT" else 1 for k in self.vocab["events"]])[0]
        state_first = rng.random() < 0.5
        actor = self._actor(country, state_first)
        if kind == "ASSAULT" and rng.random() < 0.6:
            target, sector = rng.choice(self.vocab["civilian_targets"])
            recipient = Actor(target, sector, country["iso"], kind="NOUN")
        else:
            recipient = self._actor(country, not state_first)
        dead = int(rng.choice((1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 27, 35, 50, 80))) if kind == "ASSAULT" else 0
        return Story(
            key=f"story{self._stories}", type=kind, country=country, city=tuple(rng.choice(country["cities"])),  # type: ignore[arg-type]
            actor=actor, recipient=recipient, day=START + timedelta(days=rng.randrange(self.days)),
            dead=dead, injured=dead + rng.randrange(0, 30) if dead else 0, crowd=rng.choice((30, 50, 200, 500, 1000)),
            officials=tuple(self._official(country) for _ in range(rng.randint(2, 4))),
            follow_ups=tuple(rng.sample(FOLLOW_UPS, rng.randint(1, 4))),
        )

    # --- writing ----------------------------------------------------------------------------

    def _date_phrase(self, day: date, published: date) -> str:
        gap = (published - day).days
        if gap == 1 and self.rng.random() < 0.5:
            return "yesterday"
        if 0 <= gap < 6 and self.rng.random() < 0.7:
            return f"on {WEEKDAYS[day.weekday()]}"
        return f"on {day.day} {MONTHS[day.month - 1]}"

    def _count(self, n: int, template_before: str) -> tuple[str, tuple[int, int | None]]:
        if template_before.endswith("least "):
            return str(n), (n, None)
        r = self.rng.random()
        if r < 0.2 and n > 2:
            return f"at least {n}", (n, None)
        if r < 0.35 and n < len(SMALL) and not template_before.endswith(". ") and template_before:
            return SMALL[n], (n, n)
        return str(n), (n, n)

    def _sentence(self, article: Article, template: str, story: Story, published: date, *,
                  event: str | None = None, actor: Actor | None = None, recipient: Actor | None = None,
                  dead: int | None = None) -> None:
        """Fill ``template`` and append it to the article body, recording slots (and the event)."""
        rng = self.rng
        parts: list[str] = []
        base = len(article.text) + (1 if article.text and not article.text.endswith("\n") else 0)
        pos = base
        ev: dict[str, Any] = {"type": event} if event else {}
        last = 0
        quote = rng.choice(self.vocab["quotes"])
        official_name, role = rng.choice(story.officials)
        official = Actor(official_name, "GOV", story.country["iso"], kind="PERSON")
        for m in _SLOT.finditer(template):
            literal = template[last:m.start()]
            parts.append(literal)
            pos += len(literal)
            last = m.end()
            slot, trigger = m.group(1) or m.group(3), m.group(2)
            before = "".join(parts)[-8:] if parts else ""
            info: Any = None
            kind = ""
            if trigger:
                value, kind = trigger, "trigger"
            elif slot == "A":
                a = actor or story.actor
                value, kind, info = a.name, "actor", a
            elif slot == "R":
                a = recipient or story.recipient
                value, kind, info = a.name, "recipient", a
            elif slot == "P":
                name, lat, lon = story.city
                value, kind, info = name, "place", (story.country["iso"], lat, lon)
            elif slot == "C":
                value = story.country["name"]
            elif slot == "D":
                value, kind, info = self._date_phrase(story.day, published), "date", story.day.isoformat()
            elif slot == "N":
                value, info = self._count(story.dead if dead is None else dead, before)
                kind = "dead"
            elif slot == "W":
                value, info = self._count(story.injured, before)
                kind = "injured"
            elif slot == "K":
                value = str(story.crowd)
            elif slot == "S":
                value = rng.choice(self.vocab["attributions"])
                ev["attributed"] = True
            elif slot == "O":
                value, kind, info = official.name, "official", official
            elif slot == "role":
                value = role
            elif slot == "Q":
                value = quote
            else:  # "q": indirect speech
                value = quote[0].lower() + quote[1:]
            if pos == base and value:
                value = value[0].upper() + value[1:]
            if kind:
                span = Span(kind, pos, pos + len(value), info)
                article.spans.append(span)
                if event and kind in ("trigger", "actor", "recipient", "place", "date", "dead", "injured"):
                    ev.setdefault(kind, span)
            parts.append(value)
            pos += len(value)
        parts.append(template[last:])
        sentence = "".join(parts)
        if article.text and not article.text.endswith("\n"):
            article.text += " "
        article.text += sentence
        if event and "trigger" in ev:
            ev["sentence"] = Span("sentence", base, base + len(sentence))
            article.events.append(ev)

    def _paragraph_break(self, article: Article) -> None:
        if article.text and not article.text.endswith("\n"):
            article.text += "\n\n"

    def article(self, story: Story, source: str) -> Article:
        """Write one outlet's report of ``story``."""
        rng = self.rng
        v = self.vocab
        published = story.day + timedelta(days=rng.choice((0, 1, 1, 1, 2, 3)))
        length, _, low, high = rng.choices(LENGTHS, weights=[s for _, s, _, _ in LENGTHS])[0]
        target = rng.randint(low, high)
        # outlets disagree on the toll now and then
        dead = story.dead if rng.random() < 0.75 or not story.dead else max(0, story.dead + rng.choice((-3, -1, 2, 5)))
        headline = rng.choice(v["headlines"][story.type])
        title = headline.format(A=_bare(story.actor.name), R=story.recipient.name, P=story.city[0], N=dead)
        article = Article(title=title[0].upper() + title[1:], source=source, published=published.isoformat(),
                          story=story.key, length=length)
        self._sentence(article, rng.choice(v["events"][story.type]), story, published, event=story.type, dead=dead)
        count = 1
        follow = list(story.follow_ups)
        while count < target:
            if rng.random() < 0.45:
                self._paragraph_break(article)
            r = rng.random()
            if r < 0.25:
                self._sentence(article, rng.choice(v["quote_frames"]), story, published)
            elif r < 0.45 and follow:
                kind = follow.pop(0)
                swap = rng.random() < 0.5
                self._sentence(article, rng.choice(v["events"][kind]), story, published, event=kind,
                               actor=story.recipient if swap and story.recipient.kind == "ORG" else story.actor,
                               recipient=story.actor if swap and story.recipient.kind == "ORG" else story.recipient)
            else:
                self._sentence(article, rng.choice(v["background"]), story, published)
            count += 1
        return article

    def articles(self, n: int) -> Iterator[Article]:
        """``n`` articles: stories drawn one after another, each reported by 1–6 outlets."""
        done = 0
        while done < n:
            story = self.story()
            outlets = self.rng.sample(self.vocab["outlets"], min(n - done, self.rng.choice((1, 1, 2, 2, 3, 4, 6))))
            for source in outlets:
                yield self.article(story, source)
                done += 1


def generate_articles(n: int, seed: int = 0) -> list[Article]:
    """``n`` generated articles (deterministic for a seed)."""
    return list(Generator(seed).articles(n))


def generate_documents(n: int, seed: int = 0) -> Iterator[Document]:
    """``n`` generated articles as analysed documents (entities, places, times, events), without NLP."""
    for article in Generator(seed).articles(n):
        yield article.to_document()


def write_corpus(folder: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` generated articles as ``.txt`` files into ``folder``; return their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, article in enumerate(Generator(seed).articles(n), 1):
        path = out / f"article_{i:06d}.txt"
        path.write_text(article.to_file_text(), encoding="utf-8")
        paths.append(path)
    return paths
