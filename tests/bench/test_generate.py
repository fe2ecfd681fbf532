"""The benchmark corpus generator: deterministic, realistic lengths, offsets that hold, ingestable files."""

from __future__ import annotations

import statistics
from pathlib import Path

from rashomon.bench.generate import generate_articles, generate_documents, write_corpus
from rashomon.ingest import iter_documents
from rashomon.model import PLOVER_TYPES, Document


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first = [a.to_file_text() for a in generate_articles(12, seed=7)]
    assert first == [a.to_file_text() for a in generate_articles(12, seed=7)]
    assert first != [a.to_file_text() for a in generate_articles(12, seed=8)]


def test_lengths_and_mix_look_like_a_news_feed() -> None:
    articles = generate_articles(300, seed=1)
    words = [a.words for a in articles]
    assert 300 <= statistics.mean(words) <= 700  # wire reports run to a few hundred words
    assert min(words) < 200 and max(words) > 800  # briefs and long pieces both occur
    assert {a.length for a in articles} == {"brief", "standard", "long"}
    assert len({a.source for a in articles}) >= 10
    stories = {a.story for a in articles}
    assert 30 < len(stories) < len(articles)  # several outlets report the same story
    assert len({a.text for a in articles}) == len(articles)  # no two reports are the same text
    assert len({a.published for a in articles}) > 50


def test_documents_have_consistent_offsets() -> None:
    docs = list(generate_documents(40, seed=3))
    assert all(isinstance(d, Document) for d in docs)
    assert sum(len(d.events) for d in docs) >= 40
    for d in docs:
        for m in d.entities:
            assert d.text[m.start:m.end] == m.text
        for p in d.places:
            assert d.text[p.start:p.end] == p.text and p.country and p.lat is not None
        for t in d.times:
            assert d.text[t.start:t.end] == t.text and t.value and t.value[:2] == "20"
        for e in d.events:
            assert e.type in PLOVER_TYPES and e.doc == d.id
            assert d.text[e.trigger.start:e.trigger.end] == e.trigger.text
            assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end
            for a in (*e.actors, *e.recipients):
                assert d.text[a.start:a.end] == a.text
            locals_ = {m.entity for m in d.entities}
            assert all(a.entity in locals_ for a in e.actors if a.entity)
    assert len({e.id for d in docs for e in d.events}) == sum(len(d.events) for d in docs)


def test_written_corpus_is_ingested_with_its_metadata(tmp_path: Path) -> None:
    articles = generate_articles(5, seed=2)
    paths = write_corpus(tmp_path, 5, seed=2)
    assert len(paths) == 5
    raws = list(iter_documents([tmp_path]))
    assert [r.title for r in raws] == [a.title for a in articles]  # type: ignore[union-attr]
    assert [r.source for r in raws] == [a.source for a in articles]  # type: ignore[union-attr]
    assert [r.published for r in raws] == [a.published for a in articles]  # type: ignore[union-attr]
    assert [r.text for r in raws] == [a.text for a in articles]  # type: ignore[union-attr]
