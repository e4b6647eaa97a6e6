"""Fixtures of the browser tests: the sample site built once, served on 127.0.0.1, seen by Chromium.

- ``site_dir`` (session): the sample site, built ONCE per test session (with pytest-xdist, once for all
  workers, under a file lock) from a copy of the repository, with ``CARTELLONE_TODAY=2026-12-01``.
- ``site`` (session): a threaded ``http.server`` on 127.0.0.1 (free port) serving it like a static
  host: ``Cache-Control: no-cache`` on HTML, ``public, max-age=600`` on assets; it logs every request
  it answers (``site.log``), which the budget tests read.
- ``browser`` (session): the distribution's Chromium (``CHROMIUM_PATH``, default ``/usr/bin/chromium``)
  driven by Playwright. Without Chromium, Playwright or axe-core the tests are skipped, except when
  ``CI`` is set: there they fail (CI must run them).
- ``open_page(js=True, now=BUILD_NOON, viewport=..., mobile=False)``: a fresh context and page, its clock fixed
  (never the wall clock), with a ``Recorder`` of console errors, page errors, failed requests and
  every requested URL. Returns ``(page, recorder)``; contexts are closed at teardown.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_pages import AXE_JS, BUILD_NOON, BUILD_TODAY, Recorder
from helpers import copy_repo, pelican

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    """Skip locally; fail under CI, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run there)", pytrace=False)
    pytest.skip(reason)


def _build(dest: Path) -> Path:
    """Copy the repository into ``dest/repo`` and build it into ``dest/out``, as ``make html`` does."""
    out = dest / "out"
    started = time.perf_counter()
    proc = pelican(
        copy_repo(dest / "repo"), out, CARTELLONE_TODAY=BUILD_TODAY, PATH=os.environ.get("PATH", "/usr/bin:/bin")
    )
    if proc.returncode != 0:
        pytest.fail(f"sample site build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}", pytrace=False)
    print(f"\n[browser] sample site built in {time.perf_counter() - started:.1f} s into {out}")
    return out


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return _build(tmp_path_factory.mktemp("browser-site"))
    # Under xdist: one build shared by every worker (the base temp's parent is common to all of them).
    shared = tmp_path_factory.getbasetemp().parent / "browser-site"
    with open(str(shared) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = shared / "done"
            if not done.is_file():
                if shared.exists():
                    shutil.rmtree(shared)
                _build(shared)
                done.write_text("ok\n")
            return shared / "out"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, cacheable assets, HTML revalidated; every answer logged."""

    protocol_version = "HTTP/1.1"
    extensions_map = {  # noqa: RUF012  (class attribute of the stdlib handler)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".css": "text/css",
        ".ics": "text/calendar",
        ".atom": "application/atom+xml",
        ".jsonld": "application/ld+json",
    }

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        self.send_header("Cache-Control", "no-cache" if path.endswith(("/", ".html")) else "public, max-age=600")
        super().end_headers()

    def log_request(self, code="-", size="-") -> None:
        with self.server.log_lock:
            self.server.log.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format, *args) -> None:  # quiet
        pass


@dataclass
class Site:
    root: Path
    base: str  # "http://127.0.0.1:<port>/"
    netloc: str  # "127.0.0.1:<port>"
    server: http.server.ThreadingHTTPServer = field(repr=False)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    @property
    def log(self) -> list[tuple[str, int]]:
        with self.server.log_lock:
            return list(self.server.log)

    def clear_log(self) -> None:
        with self.server.log_lock:
            self.server.log.clear()


@pytest.fixture(scope="session")
def site(site_dir) -> Site:
    handler = functools.partial(_StaticHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.log, server.log_lock = [], threading.Lock()
    thread = threading.Thread(target=server.serve_forever, name="browser-site", daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield Site(site_dir, f"http://127.0.0.1:{port}/", f"127.0.0.1:{port}", server)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        _unavailable(f"no Chromium at {executable} (set CHROMIUM_PATH, or apt-get install chromium)")
    if not AXE_JS.is_file():
        _unavailable(f"axe-core missing ({AXE_JS}): run `npm ci`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python Playwright is not installed in this environment")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as exc:  # a broken or incompatible Chromium
        manager.stop()
        _unavailable(f"Chromium at {executable} does not start under Playwright: {exc}")
    try:
        yield chromium
    finally:
        with contextlib.suppress(Exception):
            chromium.close()
        manager.stop()


@pytest.fixture
def open_page(browser, site):
    """Factory: ``open_page(js=True, now=BUILD_NOON, viewport=None, mobile=False) -> (page, Recorder)``."""
    contexts = []

    def _open(js: bool = True, now=BUILD_NOON, viewport: dict | None = None, mobile: bool = False):
        context = browser.new_context(
            java_script_enabled=js,
            viewport=viewport or {"width": 1280, "height": 900},
            is_mobile=mobile,  # a phone: honours <meta name="viewport">, widens to fit overflowing content
            has_touch=mobile,
            locale="it-IT",
            timezone_id="Europe/Rome",
            service_workers="block",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        recorder = Recorder(site.netloc)
        recorder.attach(context)
        if js and now is not None:
            context.clock.set_fixed_time(now)
        page = context.new_page()
        return page, recorder

    yield _open
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()
