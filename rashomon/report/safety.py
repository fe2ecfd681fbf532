"""Helpers that keep untrusted article data inert in HTML: link checking and JSON inside ``<script>``."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["json_for_script", "safe_url"]

_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) link with a host, else ``None`` (never render it as a link then)."""
    if not url or len(url) > 2048 or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def json_for_script(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``: ``<``, ``>``, ``&`` escaped.

    With these escaped no ``</script>`` or ``<!--`` can end or confuse the element, whatever the
    article text holds; ``JSON.parse`` reads the escapes back to the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
