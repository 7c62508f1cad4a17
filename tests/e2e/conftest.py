"""Headless Chromium against the built portal, over http:// and from file://.

The site is built once per session with `mkdocs build --strict` from the repo
root (or from $FIREPORTAL_E2E_PROJECT, for trying the theme on another
project; FIREPORTAL_E2E_STRICT=0 drops --strict while developing). Every
test that takes `portal` runs twice: once against a local
http.server on 127.0.0.1 and once against file:// URLs. Each page the tests
open is watched: console errors, page errors and any request that leaves the
site are recorded (and requests elsewhere are aborted), so a test can assert
there were none. A failing test leaves a screenshot in tests/e2e/screenshots/.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from crawling import crawl

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --------------------------------------------------------------------------- build


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return Path(os.environ.get("FIREPORTAL_E2E_PROJECT", REPO)).resolve()


@pytest.fixture(scope="session")
def site_dir(project_dir: Path, tmp_path_factory) -> Path:
    """The portal built once, strictly, into a temporary folder."""
    out = tmp_path_factory.mktemp("e2e") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Strict unless FIREPORTAL_E2E_STRICT=0 (for trying the browser tests while
    # the sources still raise warnings; CI never sets it).
    strict = [] if os.environ.get("FIREPORTAL_E2E_STRICT") == "0" else ["--strict"]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *strict, "-d", str(out)],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build {' '.join(strict)} failed in {project_dir} (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    assert (out / "index.html").is_file(), f"the build wrote no {out}/index.html"
    return out


# --------------------------------------------------------------------------- http server


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; unknown paths get 404.html, as static hosts do."""

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path):
    """A built site on a local http server; yields its root URL."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http_root(site_dir: Path):
    with serve(site_dir) as root:
        yield root


# --------------------------------------------------------------------------- modes


@dataclass(frozen=True)
class Portal:
    """The built site as the browser sees it in one mode."""

    mode: str  # "http" or "file"
    root: str  # URL of the site root, ending in "/"
    site_dir: Path

    def url(self, rel: str = "") -> str:
        """URL of a site-relative path ("" is the home page)."""
        if self.mode == "file" and (rel == "" or rel.endswith("/")):
            rel += "index.html"
        return urllib.parse.urljoin(self.root, urllib.parse.quote(rel))

    def is_inside(self, url: str) -> bool:
        return url.startswith(self.root)

    def rel(self, url: str) -> str:
        """Site-relative path of a URL inside the site, without query or fragment."""
        path = urllib.parse.urldefrag(url)[0].split("?", 1)[0]
        return urllib.parse.unquote(path[len(self.root) :])

    def file_for(self, url: str) -> Path:
        """The built file a URL inside the site is served from."""
        rel = self.rel(url)
        target = self.site_dir / rel
        if rel == "" or rel.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target

    def allows(self, url: str) -> bool:
        """Whether the browser may request this URL at all."""
        if self.mode == "http":
            return url.startswith(self.root)
        return url.startswith("file://") or url.startswith(("data:", "blob:", "about:"))


@pytest.fixture(scope="session", params=["http", "file"])
def portal(request, site_dir: Path) -> Portal:
    if request.param == "http":
        root = request.getfixturevalue("http_root")
    else:
        root = site_dir.as_uri() + "/"
    return Portal(mode=request.param, root=root, site_dir=site_dir)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
    )
    executable = chromium_path()
    if executable is None:
        message = (
            "chromium is not installed: apt-get install -y chromium fonts-noto-cjk "
            "(never `playwright install`)"
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What the pages of one browser context did that they should not have."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request outside the site: {u}" for u in self.outside_requests]
        )


@pytest.fixture
def watch() -> Watch:
    return Watch()


def _where(page) -> str:
    try:
        return page.url
    except Exception:  # noqa: BLE001 - a closed page has no URL
        return "?"


def watched_context(browser, portal: Portal, watch: Watch, **options):
    """A browser context that aborts and records every request leaving the site."""
    ctx = browser.new_context(
        viewport=options.pop("viewport", {"width": 1280, "height": 800}), locale="zh-CN", **options
    )

    def route(route_, req):
        if portal.allows(req.url):
            route_.continue_()
        else:
            if req.url not in watch.outside_requests:
                watch.outside_requests.append(req.url)
            route_.abort()

    ctx.route("**/*", route)

    def on_page(page):
        page.on(
            "console",
            lambda msg: msg.type == "error"
            and watch.console_errors.append(f"{_where(page)}: {msg.text} {msg.location}"),
        )
        page.on("pageerror", lambda exc: watch.page_errors.append(f"{_where(page)}: {exc}"))

        def on_request(req):
            watch.requests.append(req.url)
            if not portal.allows(req.url) and req.url not in watch.outside_requests:
                watch.outside_requests.append(req.url)

        page.on("request", on_request)

    ctx.on("page", on_page)
    return ctx


def wait_settled(page, timeout: int = 15_000) -> None:
    """Wait until the page is at rest: no CSS transition or animation running,
    and, on a phone with the search open, Material's scroll lock in place.

    Material opens its search with transitions of up to 0.4 s (a fading
    overlay; on phones a circle scaled 45 times, wider than the screen until
    the body is locked 0.4 s after opening). A measure or a contrast scan
    taken meanwhile reads a half-faded, over-wide page that no reader sees
    once it has settled, and fails only when the machine is slow.
    """
    page.wait_for_function(
        """() => document.getAnimations().every(a => a.playState !== 'running'
                   || a.effect.getComputedTiming().iterations === Infinity)
               && !(document.querySelector('[data-md-toggle=search]:checked')
                    && matchMedia('(max-width: 59.984375em)').matches
                    && !document.body.hasAttribute('data-md-scrolllock'))""",
        timeout=timeout,
    )


@pytest.fixture
def context(browser, portal: Portal, watch: Watch, request):
    ctx = watched_context(browser, portal, watch)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and ctx.pages:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.name)
        try:
            ctx.pages[-1].screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a screenshot must not hide the failure
            pass
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def crawled(browser, portal: Portal) -> dict:
    """One crawl per mode from the home page, shared by the tests, with what it saw."""
    watch = Watch()
    ctx = watched_context(browser, portal, watch)
    result = crawl(ctx.new_page(), portal)
    ctx.close()
    return {"crawl": result, "watch": watch}
