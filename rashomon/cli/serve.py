"""``rashomon serve``: the web app and JSON API over a store (loopback by default); ``--get`` runs one request."""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any, Optional

import typer

from rashomon.cli._util import DB_HELP, app, console


def get_once(db: str, path: str, upload_token: str | None = None) -> tuple[int, str]:
    """Run one GET request through the ASGI app in-process (no server, no socket); return (status, body)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    from rashomon.web import make_app

    app = make_app(db, upload_token=upload_token, allowed_hosts=["localhost"])
    parts = urlsplit(path)
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": parts.path or "/", "raw_path": (parts.path or "/").encode(), "root_path": "",
        "query_string": parts.query.encode(), "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0), "server": ("localhost", 80),
    }
    status = 500
    body = bytearray()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    try:
        # A fresh thread has no running event loop, so this works even when the caller is inside one
        # (a notebook, or a sync Playwright session in the same process).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, app(scope, receive, send)).result()
    finally:
        app.state.site.close()
    return status, body.decode("utf-8", errors="replace")


@app.command()
def serve(
    db: str = typer.Option("rashomon.db", "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    upload_token: Optional[str] = typer.Option(None, "--upload-token", envvar="RASHOMON_UPLOAD_TOKEN",
                                               help="Enable POST /upload for requests bearing this token."),
    get: Optional[str] = typer.Option(None, "--get", help="Run one GET request (e.g. /clusters.json), print it, exit."),
) -> None:
    """Browse the store in a web browser; every page is also JSON (/clusters and /clusters.json)."""
    from rashomon.store import open_store

    open_store(db, read_only=True).close()  # a missing or foreign store is an error now, not on first request
    if get is not None:
        status, body = get_once(db, get, upload_token)
        sys.stdout.write(body)
        if not body.endswith("\n"):
            sys.stdout.write("\n")
        raise typer.Exit(0 if status < 400 else 1)
    import uvicorn

    from rashomon.web import make_app
    from rashomon.web.app import LOOPBACK_HOSTS

    hosts: list[str] | None = LOOPBACK_HOSTS
    if host not in LOOPBACK_HOSTS:
        hosts = None
        console(stderr=True).print(f"[yellow]warning:[/yellow] listening on {host}: reachable from other machines")
    console(stderr=True).print(f"serving {db} on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(make_app(db, upload_token=upload_token, allowed_hosts=hosts), host=host, port=port,
                log_level="warning", server_header=False)
