"""``POST /upload``: add one article to the store and re-analyse; off unless a token is configured.

The body is the file itself (any format ``rashomon analyze`` reads); ``?filename=`` only chooses
the reader by its extension. The token goes in ``Authorization: Bearer TOKEN`` (or
``X-Rashomon-Token``). Bodies over the size limit are refused while they stream in, before
anything is written; the client's file name never becomes a path.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from rashomon.web.site import Site

__all__ = ["ALLOWED_SUFFIXES", "build_upload_router"]

ALLOWED_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _is_token_ok(site: Site, request: Request) -> bool:
    """Whether the request bears the upload token (compared in constant time)."""
    given = request.headers.get("x-rashomon-token") or ""
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    expected = site.upload_token or ""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def safe_name(filename: str) -> str:
    """A harmless local file name keeping only the client's extension (``../../x.html`` → ``upload.html``)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = Path(_NAME.sub("", base)).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise HTTPException(status_code=415, detail=f"unsupported file type (use one of {', '.join(ALLOWED_SUFFIXES)})")
    return "upload" + suffix


def _analyze(site: Site, path: Path, source: str | None, published: str | None) -> dict[str, Any]:
    """Analyse one uploaded file into the site's store (one upload at a time) and say what happened."""
    from rashomon.ingest import IngestOptions
    from rashomon.ingest.readers import normalise_date
    from rashomon.project import Project

    options = IngestOptions(source=source, published=normalise_date(published) if published else None,
                            max_bytes=site.max_upload_bytes)
    with site.upload_lock, Project(site.target, processes=1, nlp=site.nlp) as project:
        result = project.analyze([path], options)
    return {"added": result.added, "unchanged": result.unchanged,
            "errors": [err.reason for err in result.errors], "relinked": result.relinked}


def build_upload_router(site: Site) -> APIRouter:
    """The upload route (answers 404 when no token is configured, as if it did not exist)."""
    router = APIRouter()

    @router.post("/upload", summary="Add one article (needs the upload token); returns what was added")
    async def upload(request: Request,
                     filename: str = Query("upload.txt", max_length=255, description="Name giving the format"),
                     source: str | None = Query(None, max_length=300, description="Outlet name"),
                     published: str | None = Query(None, max_length=32, description="Publication date")
                     ) -> JSONResponse:
        """Ingest and analyse the posted file, then re-link; answers what was added."""
        if site.upload_token is None:
            raise HTTPException(status_code=404, detail="upload is disabled (start serve with --upload-token)")
        if not _is_token_ok(site, request):
            raise HTTPException(status_code=401, detail="a valid upload token is required")
        name = safe_name(filename)
        limit = site.max_upload_bytes
        too_large = HTTPException(status_code=413, detail=f"upload larger than {limit} bytes")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise too_large
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                raise too_large
        if not body.strip():
            raise HTTPException(status_code=400, detail="empty upload")
        with tempfile.TemporaryDirectory(prefix="rashomon-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(bytes(body))
            result = await run_in_threadpool(_analyze, site, path, source, published)
        status = 200 if result["added"] or result["unchanged"] else 422
        if status != 200:
            raise HTTPException(status_code=422, detail="could not read the upload: " + "; ".join(result["errors"]))
        return JSONResponse({"ok": True, **result})

    return router
