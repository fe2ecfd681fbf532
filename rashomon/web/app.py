"""The FastAPI application: pages, JSON API, security headers, one error shape, optional upload."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rashomon.errors import StoreError
from rashomon.report.safety import safe_url
from rashomon.web.site import Site
from rashomon.web.upload import build_upload_router
from rashomon.web.views import build_router

log = logging.getLogger("rashomon.web")

__all__ = ["LOOPBACK_HOSTS", "SECURITY_HEADERS", "make_app"]

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]

HERE = Path(__file__).parent

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=()",
}


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.raw if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.ChainableUndefined,
    )

    def url(path: str, *parts: Any, **params: Any) -> str:
        """``/path/part`` with every part percent-encoded, plus a query string of the non-empty params."""
        out = path + "".join("/" + quote(str(p), safe="") for p in parts)
        clean = {k: v for k, v in params.items() if v is not None and v is not False and v != ""}
        return out + ("?" + urlencode(clean) if clean else "")

    def magnitude(m: dict[str, Any] | None) -> str:
        """A count as a reader says it: "12", "≥100" (only a lower bound), "12–30" (a range)."""
        if not m:
            return ""
        lo, hi = m.get("min"), m.get("max")
        if lo is not None and hi == lo:
            return str(lo)
        if lo is not None and hi is None:
            return f"≥{lo}"
        return f"{lo if lo is not None else '?'}–{hi}"

    env.globals.update(url=url, safe_url=safe_url)
    env.filters["magnitude"] = magnitude
    return env


def _is_json_wanted(request: Request) -> bool:
    path = request.url.path
    return (path.endswith(".json") or path.startswith(("/api/", "/upload", "/openapi"))
            or "application/json" in request.headers.get("accept", "").split(",")[0])


def make_app(store_path_or_url: str, *, upload_token: str | None = None, max_upload_bytes: int = 5 * 1024 * 1024,
             allowed_hosts: list[str] | None = None, time_limit_ms: float = 5000, nlp: Any = None) -> FastAPI:
    """The web app over the store at ``store_path_or_url`` (read-only); upload is off without a token.

    Args:
        store_path_or_url: SQLite path or PostgreSQL URL (the store must exist).
        upload_token: enables ``POST /upload`` for requests bearing this token.
        max_upload_bytes: largest upload accepted.
        allowed_hosts: answer only requests whose Host header is one of these (``rashomon serve`` passes
            the loopback names when bound to loopback, so a web page cannot reach the API by DNS rebinding).
        time_limit_ms: a SQLite query running longer within one request is interrupted (503).
        nlp: a ready spaCy pipeline for uploads (tests pass one to avoid reloading).
    """
    from rashomon import __version__

    site = Site(str(store_path_or_url), upload_token=upload_token, max_upload_bytes=max_upload_bytes,
                time_limit_ms=time_limit_ms, nlp=nlp)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        site.close()

    app = FastAPI(title="rashomon", version=__version__, docs_url=None, redoc_url=None, debug=False, lifespan=lifespan,
                  description="One event, many accounts: every page of the web app as JSON. "
                              "Errors are always {ok: false, error, status}.")
    app.state.site = site
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so even refusals carry the headers
    env = _environment()

    def render(template: str, request: Request, data: dict[str, Any]) -> str:
        return env.get_template(template).render(request=request, upload=site.upload_token is not None, **data)

    def error_response(request: Request, status: int, message: str) -> Response:
        response: Response
        if _is_json_wanted(request):
            response = JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
        else:
            html = render("error.html", request, {"status": status, "error": message, "json_url": None})
            response = HTMLResponse(html, status_code=status)
        response.headers.update(SECURITY_HEADERS)  # 500s bypass the middleware
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg', '')}"
                             for e in exc.errors()[:5])
        return error_response(request, 422, f"invalid request ({problems})")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("store error serving %s: %s", request.url.path, exc)
        return error_response(request, 503, "the store is busy or the query took too long; try again or narrow it")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("error serving %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error (details are in the server log)")

    app.include_router(build_router(site, render))
    app.include_router(build_upload_router(site))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        """The OpenAPI description as a page (no external assets)."""
        spec = app.openapi()
        return HTMLResponse(render("apidocs.html", request, {"spec": spec, "json_url": "/openapi.json"}))

    return app
