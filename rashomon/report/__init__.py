"""The offline HTML report: one self-contained file (styles and scripts inline, no network)."""

from __future__ import annotations

from typing import Any

from rashomon.model import Analysis

__all__ = ["render_report", "report_context"]


def report_context(analysis: Analysis) -> dict[str, Any]:
    """The data the report template shows, derived from the analysis."""
    docs = {d.id: d for d in analysis.documents}
    events = {e.id: e for d in analysis.documents for e in d.events}
    return {
        "analysis": analysis,
        "docs": docs,
        "events": events,
        "n_events": len(events),
        "conflicted": [c for c in analysis.clusters if c.conflicts],
    }


def render_report(analysis: Analysis) -> str:
    """Render ``report.html`` for ``analysis`` (every article string is escaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html").render(**report_context(analysis))
