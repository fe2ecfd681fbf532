"""Timeline: the clusters of each story in the order their events happened, with their date precision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rashomon.link.compare import date_interval, precision_rank
from rashomon.model import Cluster, Story

_NEVER = dt.date.max


def timeline_key(cluster: Cluster) -> tuple[dt.date, int, str]:
    """Sort key: earliest possible day, then the more precise date first, then the id (undated last)."""
    interval = date_interval(cluster.date)
    return (interval[0] if interval else _NEVER, -precision_rank(cluster.date), cluster.id)


def build_timeline(stories: Sequence[Story], clusters: Sequence[Cluster]) -> tuple[str, ...]:
    """Cluster ids story by story (stories in their order), each story's clusters in date order."""
    by_story: dict[str | None, list[Cluster]] = {}
    for c in clusters:
        by_story.setdefault(c.story, []).append(c)
    out: list[str] = []
    for s in [*(s.id for s in stories), None]:
        out.extend(c.id for c in sorted(by_story.pop(s, []), key=timeline_key))
    for rest in by_story.values():
        out.extend(c.id for c in sorted(rest, key=timeline_key))
    return tuple(out)
