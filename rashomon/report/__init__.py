"""The offline HTML report: one self-contained file (styles, script and data inline, no network).

``render_report(analysis)`` returns the page. The data goes in a ``<script type="application/json">``
with ``<``, ``>`` and ``&`` escaped, so no article text can close it; the one inline script and style
are allowed by their SHA-256 hashes in a Content-Security-Policy that forbids everything else
(no network request, no other script, no plugin). Sections are drawn by the script from that data,
page by page, so a report over 1,000 documents stays responsive.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib.resources import files
from typing import Any

from markupsafe import Markup

from rashomon.model import Analysis
from rashomon.report.geo import map_view
from rashomon.report.payload import build_payload
from rashomon.report.safety import json_for_script

__all__ = ["render_report", "report_context"]


@functools.lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return files("rashomon.report").joinpath("templates", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def report_context(analysis: Analysis) -> dict[str, Any]:
    """The values the report template needs: counts, the embedded data, the map and the CSP."""
    payload = build_payload(analysis)
    js, css = _asset("report.js"), _asset("report.css")
    points = [(c["place"]["lat"], c["place"]["lon"]) for c in payload["clusters"]
              if c["place"] and c["place"]["lat"] is not None and c["place"]["lon"] is not None]
    csp = (f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    return {
        "counts": payload["counts"],
        "schema": analysis.schema,
        "data_json": Markup(json_for_script(payload)),
        "map": map_view(points),
        "js": Markup(js),
        "css": Markup(css),
        "csp": Markup(csp),  # our own hashes only: no escaping needed
    }


def render_report(analysis: Analysis) -> str:
    """Render ``report.html`` for ``analysis`` (every article string is escaped or kept as JSON data)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=False,
    )
    return env.get_template("report.html").render(**report_context(analysis))
