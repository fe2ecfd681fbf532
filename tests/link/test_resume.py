"""Resumed linking: given the previous linking, only what changed is redone, and the result equals a run from scratch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rashomon.bench.generate import generate_documents
from rashomon.link import _unchanged_stories, link_documents
from rashomon.link.stories import publication_order, run_stories
from rashomon.model import Document


def _corpus(n: int = 240) -> list[Document]:
    return publication_order(list(generate_documents(n, seed=5)))


def test_adding_later_reports_resumes_and_equals_a_run_from_scratch() -> None:
    docs = _corpus()
    last_day = (docs[-1].published or "")[:10]
    cut = next(i for i, d in enumerate(docs) if (d.published or "")[:10] >= last_day) - 15
    first = link_documents(docs[:cut])
    assert first.story_checkpoint  # there is something to resume from
    stats: dict[str, int] = {}
    run_stories(docs, resume=first.story_checkpoint, stats=stats)
    assert 15 <= stats["read"] < len(docs) - 100
    resumed = link_documents(docs, first)
    scratch = link_documents(docs)
    assert resumed.to_dict() == scratch.to_dict()
    kept = _unchanged_stories(scratch.stories, first, scratch.entity_ids, scratch.copies)
    assert kept and len(kept) < len(scratch.stories)  # some stories were kept as they were, the touched ones redone


def test_reports_older_than_the_checkpoint_fall_back_to_a_full_run() -> None:
    docs = _corpus(120)
    early = docs[:10]
    first = link_documents(docs[10:])
    assert link_documents(docs, first).to_dict() == link_documents(docs).to_dict()
    stats: dict[str, int] = {}
    stories, _ = run_stories(docs, resume=first.story_checkpoint, stats=stats)
    assert stories == run_stories(docs)[0]
    assert early and stats["read"] == len(docs)  # the early reports change every later idf: nothing is resumed


def test_a_damaged_checkpoint_is_ignored() -> None:
    docs = _corpus(80)
    first = link_documents(docs[:60])
    broken = replace(first, story_checkpoint=first.story_checkpoint[:-40])
    assert run_stories(docs, resume=broken.story_checkpoint)[0] == run_stories(docs)[0]


def test_resuming_reads_only_the_reports_from_the_checkpoint_day_on() -> None:
    docs = _corpus(160)
    first = link_documents(docs[:-5])
    stats: dict[str, int] = {}
    full: dict[str, int] = {}
    run_stories(docs, resume=first.story_checkpoint, stats=stats)
    run_stories(docs, stats=full)
    assert stats["comparisons"] == full["comparisons"]  # the restored clusterer carries its count on
    day = (docs[-6].published or "")[:10]  # the last day of the first run: the checkpoint is taken before it
    assert stats["read"] == sum((d.published or "")[:10] >= day for d in docs) < full["read"] == len(docs)


def test_a_project_does_not_resume_over_analyses_of_another_pipeline_version(tmp_path: Path) -> None:
    from rashomon.pipeline import PIPELINE_VERSION
    from rashomon.project import Project

    docs = _corpus(60)
    with Project(str(tmp_path / "p.db")) as project:
        for d in docs:
            project.store.add_document(d, PIPELINE_VERSION)
        project.link()
        # one document re-analysed by an older pipeline: its events changed under the same id
        changed = replace(docs[0], events=docs[0].events[:1])
        project.store.add_document(changed, "old")
        relinked = project.link()
        assert relinked.to_dict() == replace(project.link(incremental=False), fingerprint=relinked.fingerprint).to_dict()
        linked_events = {e for c in relinked.clusters for e in c.events if e.startswith(docs[0].id)}
        assert len(docs[0].events) > 1 and linked_events == {e.id for e in changed.events}
