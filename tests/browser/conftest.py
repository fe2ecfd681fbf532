"""Browser fixtures: Debian's chromium through Playwright, the report file, a real ``rashomon serve``.

Everything here is skipped (not failed) when ``/usr/bin/chromium`` or Playwright is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium per module: a live sync Playwright session leaves an event loop running in this
    thread, which would break later tests that start their own (asyncio.run, another Playwright)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, page errors, dialogs and requests leaving the allowed origins."""

    def __init__(self, page: Any, allowed: tuple[str, ...]) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith(allowed) else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.dialogs == [], f"a script payload ran: {self.dialogs}"
        assert self.outside == [], f"network requests: {self.outside}"


@pytest.fixture
def watched(browser: Any) -> Iterator[Any]:
    def make(*allowed: str) -> Watched:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return Watched(context.new_page(), allowed or ("file:", "data:", "about:"))

    contexts: list[Any] = []
    yield make
    for c in contexts:
        c.close()


@pytest.fixture(scope="session")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rashomon.report import render_report
    from rashomon.report.sample import sample_analysis

    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(sample_analysis()), encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``rashomon serve`` over the sample store in a subprocess; yields its base URL."""
    from rashomon.report.sample import write_sample_store

    folder = tmp_path_factory.mktemp("serve")
    db = write_sample_store(folder / "sample.db")
    port = _free_port()
    log = open(folder / "serve.log", "w+b")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"rashomon serve died (exit {proc.returncode}):\n{log.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/index.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("rashomon serve did not answer in 30 s:\n" + log.read().decode(errors="replace"))
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
